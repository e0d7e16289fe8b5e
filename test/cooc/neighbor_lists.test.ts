import { describe, expect, it } from "vitest";
import { Random } from "../helpers/random.js";
import { WindowCutter } from "../../src/cooc/window_cutter.js";
import { WindowStore } from "../../src/cooc/window_store.js";
import { CoocBuilder } from "../../src/cooc/cooc_builder.js";
import { NeighborLists, invertedIndex } from "../../src/cooc/neighbor_lists.js";
import { expectSameAsOracle, naiveNeighbors, naivePairs } from "./oracle.js";

/** Documents where tokens 0–3 are in nearly every window, 4–19 often, and ids up to 2000 rarely. */
function skewedDocs(rnd: Random): number[][] {
  return Array.from({ length: 80 }, () =>
    Array.from({ length: 5 + rnd.int(60) }, () => {
      const r = rnd.next();
      return r < 0.3 ? rnd.int(4) : r < 0.5 ? 4 + rnd.int(16) : 20 + rnd.int(1980);
    }),
  );
}

describe("NeighborLists with heavy tokens split off", () => {
  const o = { contextLength: 12, stride: 5 };

  it("finds heavy tokens, moves them last in each window, and lists what reading whole windows lists", () => {
    const docs = skewedDocs(new Random(21));
    const store = new WindowStore();
    const cutter = new WindowCutter(store, o);
    for (const d of docs) cutter.addDocument(d);
    cutter.finish();
    const block = store.block();
    const plain = collect(block, invertedIndex(block), false);
    const index = invertedIndex(block, undefined, true);
    const heavy = Array.from(index.heavy.ids);
    expect(heavy.length).toBeGreaterThan(0);
    expect(heavy.length).toBeLessThan(20);
    for (let w = 0, start = 0; w < block.windows; start = block.ends[w++]) {
      const part = (from: number, to: number) => Array.from(block.tokens.subarray(from, to));
      expect(part(start, index.lightEnds[w]).every((t) => !heavy.includes(t))).toBe(true);
      expect(part(index.lightEnds[w], block.ends[w]).every((t) => heavy.includes(t))).toBe(true);
    }
    expect(collect(block, index, false)).toEqual(plain);
  });

  it("matches the oracle, in memory and spilled", async () => {
    const docs = skewedDocs(new Random(22));
    const expected = naiveNeighbors(naivePairs(docs, o));
    for (const memoryBytes of [undefined, 2048]) {
      const builder = new CoocBuilder({ memoryBytes });
      const cutter = new WindowCutter(builder, o);
      for (const d of docs) cutter.addDocument(Uint32Array.from(d));
      cutter.finish();
      if (memoryBytes !== undefined) expect(builder.spilledRuns).toBeGreaterThan(2);
      expectSameAsOracle(builder.finish(), expected);
    }
  });
});

/** Every list NeighborLists sends, as [token, ...ids]. */
function collect(block: ReturnType<WindowStore["block"]>, index: ReturnType<typeof invertedIndex>, weighted: boolean): number[][] {
  const lists: number[][] = [];
  const sink = { addList: (a: number, ids: Uint32Array, _c: Uint32Array, n: number) => lists.push([a, ...ids.subarray(0, n)]) };
  new NeighborLists(weighted).computeRange(block, index, sink, 0, block.universe);
  return lists;
}
