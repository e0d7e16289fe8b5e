import { describe, expect, it } from "vitest";
import { Random } from "../helpers/random.js";
import { ContainerWriter, Container } from "../../src/container/container.js";
import { WindowCutter } from "../../src/cooc/window_cutter.js";
import { CoocBuilder } from "../../src/cooc/cooc_builder.js";
import { CoocGraph } from "../../src/cooc/cooc_graph.js";
import { expectSameAsOracle, naiveNeighbors, naivePairs, type OracleOptions } from "./oracle.js";

function randomDocs(rnd: Random, docs: number, maxLength: number, vocabulary: number): number[][] {
  return Array.from({ length: docs }, () => Array.from({ length: rnd.int(maxLength + 1) }, () => (rnd.next() < 0.5 ? rnd.int(8) : rnd.int(vocabulary))));
}

/** `typed`: documents as Uint32Array, which the cutter cuts without copying when it does not pack. */
async function build(docs: number[][], o: OracleOptions, weighted: boolean, memoryBytes?: number, typed = false): Promise<{ graph: CoocGraph; runs: number }> {
  const builder = new CoocBuilder({ weighted, memoryBytes });
  const cutter = new WindowCutter(builder, o);
  for (const d of docs) cutter.addDocument(typed ? Uint32Array.from(d) : d);
  cutter.finish();
  const runs = builder.spilledRuns;
  return { graph: builder.finish(), runs };
}

describe("CoocGraph", () => {
  const modes: [string, OracleOptions][] = [
    ["non-overlapping", { contextLength: 5 }],
    ["sliding", { contextLength: 6, stride: 2 }],
    ["stride 1", { contextLength: 4, stride: 1 }],
    ["packed", { contextLength: 7, pack: true, separator: 99 }],
    ["packed sliding, no separator", { contextLength: 5, stride: 3, pack: true }],
  ];
  for (const [name, o] of modes) {
    for (const weighted of [false, true]) {
      it(`matches the oracle: ${name}${weighted ? ", weighted" : ""}`, async () => {
        const rnd = new Random(name.length * 31 + (weighted ? 7 : 0));
        for (let round = 0; round < 4; round++) {
          const docs = randomDocs(rnd, 1 + rnd.int(30), 25, 40 + rnd.int(200));
          const { graph } = await build(docs, o, weighted, undefined, round % 2 === 1);
          expectSameAsOracle(graph, naiveNeighbors(naivePairs(docs, o)));
        }
      });
    }
  }

  it("spills runs to disk and merges them to the same result", async () => {
    const rnd = new Random(5);
    const docs = randomDocs(rnd, 150, 40, 300);
    const o = { contextLength: 8, stride: 3 };
    const expected = naiveNeighbors(naivePairs(docs, o));
    for (const weighted of [false, true]) {
      const { graph, runs } = await build(docs, o, weighted, 4096);
      expect(runs).toBeGreaterThan(3);
      expectSameAsOracle(graph, expected);
    }
  });

  it("answers met, count and common, and round-trips through a container", async () => {
    const rnd = new Random(9);
    const docs = randomDocs(rnd, 60, 30, 120);
    const o = { contextLength: 10 };
    const { graph } = await build(docs, o, true);
    const w = new ContainerWriter("cooc-test");
    graph.write(w, "g");
    const loaded = CoocGraph.read(Container.from(w.toBytes(), { kind: "cooc-test" }), "g");
    const expected = naiveNeighbors(naivePairs(docs, o));
    const out = new Uint32Array(200);
    for (let a = -1; a < 125; a += 2) {
      for (let b = -1; b < 125; b += 3) {
        const c = expected.get(a)?.get(b) ?? 0;
        expect(loaded.met(a, b)).toBe(c > 0);
        expect(loaded.count(a, b)).toBe(c);
        const shared = [...(expected.get(a)?.keys() ?? [])].filter((x) => expected.get(b)?.has(x)).sort((x, y) => x - y);
        const n = loaded.common(a, b, out);
        expect(Array.from(out.subarray(0, n))).toEqual(shared);
      }
    }
    expect(loaded.sizeInBits()).toBe(graph.sizeInBits());
  });

  it("counts pairs that meet in more windows than 16 bits hold", () => {
    const builder = new CoocBuilder({ weighted: true });
    const window = Uint32Array.from([7, 3, 7, 9]);
    for (let i = 0; i < 70_000; i++) builder.addWindow(window, 0, i % 2 === 0 ? 4 : 2);
    const graph = builder.finish();
    expect(graph.count(3, 7)).toBe(70_000);
    expect(graph.count(9, 7)).toBe(35_000);
    expect(graph.windowsOf(7)).toBe(70_000);
  });

  it("refuses token ids beyond what its per-id tables hold", () => {
    const builder = new CoocBuilder();
    expect(() => builder.addWindow(Uint32Array.from([1, 2 ** 31]), 0, 2)).toThrow(/token id 2147483648 is above/);
  });

  it("is empty for no document, a one-token document and a window of one repeated token", async () => {
    for (const docs of [[], [[3]], [[4, 4, 4, 4]]]) {
      const { graph } = await build(docs, { contextLength: 4 }, true);
      expect(graph.entries).toBe(0);
      expect(graph.met(4, 4)).toBe(false);
    }
  });
});
