import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bufferedRecordBytes, ExternalSorter, type ExternalSortOptions } from "../../src/io/external_sort.js";
import { Random } from "../helpers/random.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs();

/** Sorted, reduced records the slow way: a map from key to summed count, then a lexicographic sort. */
function naive(records: number[][], keyWords: number): number[][] {
  const byKey = new Map<string, number[]>();
  for (const r of records) {
    const id = r.slice(0, keyWords).join(",");
    const seen = byKey.get(id);
    if (seen) seen[seen.length - 1] += r[r.length - 1];
    else byKey.set(id, r.slice());
  }
  return [...byKey.values()].sort((a, b) => {
    for (let j = 0; j < keyWords; j++) if (a[j] !== b[j]) return a[j] - b[j];
    return 0;
  });
}

function sorted(records: number[][], options: Omit<ExternalSortOptions, "tempDir">, dir: string) {
  const sorter = new ExternalSorter({ ...options, tempDir: dir });
  for (const r of records) sorter.push(Uint32Array.from(r));
  const out: number[][] = [];
  let runsSeen = sorter.runs;
  const count = sorter.finish((block, n) => {
    expect(block.length).toBe(n * options.recordWords);
    for (let i = 0; i < n; i++) out.push(Array.from(block.subarray(i * options.recordWords, (i + 1) * options.recordWords)));
  });
  expect(count).toBe(out.length);
  expect(readdirSync(dir)).toEqual([]);
  runsSeen = Math.max(runsSeen, sorter.runs);
  return { out, runs: runsSeen };
}

function randomRecords(random: Random, n: number, keyWords: number, universe: number): number[][] {
  return Array.from({ length: n }, () => {
    const key = Array.from({ length: keyWords }, () => random.int(universe));
    return [...key, 1 + random.int(1000)];
  });
}

describe("ExternalSorter", () => {
  const cases: Array<[string, number, number, number]> = [
    // name, keyWords, universe, records
    ["unigrams, many duplicates", 1, 50, 3000],
    ["trigrams, small vocabulary", 3, 8, 5000],
    ["bigrams, full 32-bit ids", 2, 2 ** 32, 4000],
    ["4-grams, ids around 2^16 and 2^24", 4, 2 ** 24 + 70000, 4000],
  ];
  for (const [name, keyWords, universe, n] of cases) {
    it(`matches a naive sort and reduce: ${name}`, () => {
      const random = new Random(keyWords * 1000 + n);
      const records = randomRecords(random, n, keyWords, universe);
      const recordWords = keyWords + 1;
      const expected = naive(records, keyWords);
      // Small enough for dozens of runs, and large enough to hold everything.
      for (const memoryBytes of [1, 2000, 64 << 20]) {
        const { out, runs } = sorted(records, { recordWords, keyWords, memoryBytes }, tempDir());
        expect(out).toEqual(expected);
        if (memoryBytes === 1) expect(runs).toBeGreaterThan(50);
        if (memoryBytes === 64 << 20) expect(runs).toBe(0);
      }
      // Merged in several passes, at most three runs at a time.
      expect(sorted(records, { recordWords, keyWords, memoryBytes: 1, maxMergeWidth: 3 }, tempDir()).out).toEqual(expected);
    });
  }

  it("keeps payload words between key and count", () => {
    const random = new Random(3);
    const records = Array.from({ length: 2000 }, () => {
      const key = random.int(300);
      return [key, key * 7 + 1, 1 + random.int(5)];
    });
    const { out } = sorted(records, { recordWords: 3, keyWords: 1, memoryBytes: 500 }, tempDir());
    expect(out).toEqual(naive(records, 1));
  });

  it("handles no records, one record, and all records equal", () => {
    const dir = tempDir();
    expect(sorted([], { recordWords: 2, keyWords: 1, memoryBytes: 100 }, dir).out).toEqual([]);
    expect(sorted([[5, 9]], { recordWords: 2, keyWords: 1, memoryBytes: 100 }, dir).out).toEqual([[5, 9]]);
    const same = Array.from({ length: 1000 }, () => [4, 4, 2]);
    expect(sorted(same, { recordWords: 3, keyWords: 2, memoryBytes: 1 }, dir).out).toEqual([[4, 4, 2000]]);
  });

  it("reduces equal keys across block boundaries of the output", () => {
    // More distinct records than one output block, each key present in several runs.
    const records: number[][] = [];
    for (let copy = 0; copy < 3; copy++) for (let k = 0; k < 40000; k++) records.push([k, 1]);
    const { out } = sorted(records, { recordWords: 2, keyWords: 1, memoryBytes: 200_000 }, tempDir());
    expect(out.length).toBe(40000);
    expect(out.every((r, i) => r[0] === i && r[1] === 3)).toBe(true);
  });

  it("refuses a count overflow, within a run and across runs, and removes its temporary files", () => {
    const dir = tempDir();
    const withinRun = new ExternalSorter({ recordWords: 2, keyWords: 1, memoryBytes: 1, tempDir: dir });
    expect(() => {
      for (let i = 0; i < 40; i++) withinRun.push([1, 0x80000000]);
    }).toThrow(/count overflow/);
    expect(readdirSync(dir)).toEqual([]);
    // The buffer holds 16 records: each run gets one large count for key 1 and 15 other keys.
    const acrossRuns = new ExternalSorter({ recordWords: 2, keyWords: 1, memoryBytes: 1, tempDir: dir });
    for (let i = 0; i < 33; i++) acrossRuns.push(i % 16 === 0 ? [1, 0x80000000] : [i + 2, 1]);
    expect(acrossRuns.runs).toBe(2);
    expect(() => acrossRuns.finish(() => {})).toThrow(/count overflow/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("removes its temporary files when the consumer throws, or on dispose", () => {
    const dir = tempDir();
    const failing = new ExternalSorter({ recordWords: 2, keyWords: 1, memoryBytes: 1, tempDir: dir });
    for (let i = 0; i < 100; i++) failing.push([i, 1]);
    expect(readdirSync(dir).length).toBe(1);
    expect(() =>
      failing.finish(() => {
        throw new Error("consumer failed");
      }),
    ).toThrow("consumer failed");
    expect(readdirSync(dir)).toEqual([]);
    const abandoned = new ExternalSorter({ recordWords: 2, keyWords: 1, memoryBytes: 1, tempDir: dir });
    for (let i = 0; i < 100; i++) abandoned.push([i, 1]);
    abandoned.dispose();
    expect(readdirSync(dir)).toEqual([]);
    expect(() => abandoned.push([1, 1])).toThrow(/after finish/);
  });

  it("writes no run while the records fit in memoryBytes", () => {
    const dir = tempDir();
    const sorter = new ExternalSorter({ recordWords: 4, keyWords: 3, memoryBytes: 100 * bufferedRecordBytes(4), tempDir: dir });
    for (let i = 0; i < 100; i++) sorter.push([i, i, i, 1]);
    expect(sorter.runs).toBe(0);
    sorter.push([0, 0, 0, 1]);
    expect(sorter.runs).toBe(1);
    sorter.dispose();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses bad shapes", () => {
    expect(() => new ExternalSorter({ recordWords: 1, keyWords: 1, memoryBytes: 100 })).toThrow(/recordWords/);
    expect(() => new ExternalSorter({ recordWords: 3, keyWords: 3, memoryBytes: 100 })).toThrow(/keyWords/);
  });
});

describe("ExternalSorter without reduction", () => {
  it("keeps every record, equal keys in the order pushed, in memory and across runs and merge rounds", () => {
    const random = new Random(77);
    // [key, position pushed, count]: a stable sort by key is the reference.
    const records = Array.from({ length: 3000 }, (_, i) => [random.int(40), i, 1]);
    const expected = [...records].sort((a, b) => a[0] - b[0]);
    // [budget, merge width, fewest runs expected]: in memory, one merge, merges in rounds.
    for (const [memoryBytes, maxMergeWidth, minRuns] of [
      [1 << 20, 128, 0],
      [2000, 128, 2],
      [500, 3, 4],
    ]) {
      const { out, runs } = sorted(records, { recordWords: 3, keyWords: 1, reduce: false, memoryBytes, maxMergeWidth }, tempDir());
      expect(out).toEqual(expected);
      expect(runs).toBeGreaterThanOrEqual(minRuns);
    }
  });
});
