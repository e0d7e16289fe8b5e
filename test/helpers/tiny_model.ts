import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ArpaWriter } from "../../src/io/arpa.js";

/** A small ARPA model of two words (with <unk> and <s>) in `dir`, and a text of its words. */
export function tinyModelAndText(dir: string): { arpa: string; text: string } {
  const arpa = join(dir, "m.arpa");
  const writer = new ArpaWriter(arpa);
  writer.header([4, 2]);
  writer.beginOrder(1);
  writer.entry("<unk>", -2, 0);
  writer.entry("<s>", -99, -0.5);
  writer.entry("a", -0.5, -0.25);
  writer.entry("b", -0.7, -0.25);
  writer.beginOrder(2);
  writer.entry("a b", -0.2, undefined);
  writer.entry("b a", -0.3, undefined);
  writer.commit();
  const text = join(dir, "t.txt");
  writeFileSync(text, "a b a\nb a\n");
  return { arpa, text };
}
