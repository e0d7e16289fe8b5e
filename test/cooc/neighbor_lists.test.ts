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

  it("splits off the most frequent tokens with their meetings as bits, and lists what reading whole windows lists", () => {
    for (const [seed, offset] of [
      [21, 0],
      [23, 70000],
    ]) {
      // With offset, rare ids are past 2^16 and light window tokens take 32 bits.
      const docs = skewedDocs(new Random(seed)).map((d) => d.map((t) => (t >= 20 ? t + offset : t)));
      const store = new WindowStore();
      const cutter = new WindowCutter(store, o);
      for (const d of docs) cutter.addDocument(d);
      cutter.finish();
      const block = store.block();
      const met = naiveNeighbors(naivePairs(docs, o));
      const windowCount = new Map<number, number>();
      for (const t of block.tokens) windowCount.set(t, (windowCount.get(t) ?? 0) + 1);
      const windows = (t: number) => windowCount.get(t) ?? 0;
      const plain = collect(block, invertedIndex(block), false);
      // Asking for every id makes heavy all the tokens in a window and none of the ids in none.
      for (const count of [undefined, 1, 4, 31, 32, 33, 70, block.universe]) {
        const index = invertedIndex(block, undefined, true, count);
        const heavy = Array.from(index.heavy.ids);
        if (count !== undefined) expect(heavy.length).toBe(Math.min(count, windowCount.size));
        else expect(heavy.length).toBeGreaterThan(0);
        const fewestHeavy = Math.min(...heavy.map(windows));
        for (const t of windowCount.keys()) if (!heavy.includes(t)) expect(windows(t)).toBeLessThanOrEqual(fewestHeavy);
        expect(index.windowTokens instanceof Uint16Array).toBe(offset === 0);
        for (let w = 0, start = 0; w < block.windows; start = block.ends[w++]) {
          const light = Array.from(block.tokens.subarray(start, block.ends[w])).filter((t) => !heavy.includes(t));
          expect(Array.from(index.windowTokens.subarray(index.windowStarts[w], index.windowStarts[w + 1]))).toEqual(light);
        }
        const { maskWords, masks, words, neighbors } = index.heavy;
        heavy.forEach((h, j) => {
          for (const t of [0, 3, 5, 19, 20 + offset, 500 + offset, 1999 + offset, h]) {
            const together = met.get(h)?.has(t) ?? false;
            expect((masks[t * maskWords + (j >>> 5)] >>> (j & 31)) & 1).toBe(together ? 1 : 0);
            expect((neighbors[j * words + (t >>> 5)] >>> (t & 31)) & 1).toBe(together ? 1 : 0);
          }
        });
        expect(collect(block, index, false)).toEqual(plain);
      }
    }
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
