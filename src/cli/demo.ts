import type { Command } from "./command.js";
import { parse } from "./command.js";
import { CompactVector } from "../bits/compact_vector.js";
import { ContainerWriter, Container } from "../container/container.js";

export const demo: Command = {
  name: "demo",
  summary: "show the packed-bitvector layer at work on a small example",
  usage: `usage: grampack demo

Builds a few structures of the packed-bitvector layer, saves them in one container, loads them back
without copying and prints their sizes.`,
  run(argv) {
    parse(argv, {}, { min: 0, max: 0 });
    const values = Array.from({ length: 100_000 }, (_, i) => (i * 2654435761) % 1000);
    const cv = CompactVector.from(values);
    const out = new ContainerWriter("demo");
    cv.write(out, "values");
    const bytes = out.toBytes();
    const back = CompactVector.read(Container.from(bytes), "values");
    console.log(`compact vector: ${values.length} values of ${back.width} bits, ${(back.sizeInBits() / values.length).toFixed(2)} bits each`);
    console.log(`container: ${bytes.length} bytes; value[12345] = ${back.get(12345)} (expected ${values[12345]})`);
  },
};
