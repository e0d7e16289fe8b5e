import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PostingLists } from "../../src/embed/posting_lists.js";
import { minePairs, pairScore, type PairMeasure } from "../../src/embed/pair_mining.js";
import { readInteractions } from "../../src/embed/interactions.js";
import { Random } from "../helpers/random.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs();

interface Log {
  users: Uint32Array;
  items: Uint32Array;
  userCount: number;
  itemCount: number;
}

function randomLog(random: Random, n: number, userCount: number, itemCount: number): Log {
  const users = new Uint32Array(n);
  const items = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    users[i] = random.int(userCount);
    items[i] = Math.floor(random.next() ** 2 * itemCount);
  }
  return { users, items, userCount, itemCount };
}

/** Every pair of keys, intersected as sets: [key, partner, overlap] for overlaps ≥ 1. */
function bruteForcePairs(keys: Uint32Array, members: Uint32Array, keyCount: number): { sets: Set<number>[]; pairs: [number, number, number][] } {
  const sets = Array.from({ length: keyCount }, () => new Set<number>());
  keys.forEach((k, i) => sets[k].add(members[i]));
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < keyCount; i++) {
    for (let j = 0; j < keyCount; j++) {
      if (i === j) continue;
      let o = 0;
      for (const m of sets[i]) if (sets[j].has(m)) o++;
      if (o > 0) pairs.push([i, j, o]);
    }
  }
  return { sets, pairs };
}

function mine(keys: Uint32Array, members: Uint32Array, keyCount: number, memberCount: number, k: number, measure: PairMeasure, minOverlap = 1): [number, number, number][] {
  const byKey = PostingLists.build(keys, members, keyCount, memberCount);
  const byMember = PostingLists.build(members, keys, memberCount, keyCount);
  const out: [number, number, number][] = [];
  minePairs(byKey, byMember, (key, partners, overlaps, n) => {
    for (let x = 0; x < n; x++) out.push([key, partners[x], overlaps[x]]);
  }, { k, measure, minOverlap });
  return out;
}

describe("minePairs", () => {
  it("finds every pair sharing a member, with its overlap (item and user pairs)", () => {
    const log = randomLog(new Random(1), 600, 80, 50);
    expect(mine(log.items, log.users, 50, 80, 0, "overlap")).toEqual(bruteForcePairs(log.items, log.users, 50).pairs);
    expect(mine(log.users, log.items, 80, 50, 0, "overlap")).toEqual(bruteForcePairs(log.users, log.items, 80).pairs);
  });

  for (const measure of ["overlap", "jaccard", "cosine"] as const) {
    it(`keeps the top k per key by ${measure}`, () => {
      const log = randomLog(new Random(2), 900, 120, 60);
      const { sets, pairs } = bruteForcePairs(log.items, log.users, 60);
      const expected: [number, number, number][] = [];
      for (let i = 0; i < 60; i++) {
        const own = pairs.filter((p) => p[0] === i && p[2] >= 2);
        own.sort((a, b) => pairScore(measure, b[2], sets[i].size, sets[b[1]].size) - pairScore(measure, a[2], sets[i].size, sets[a[1]].size) || a[1] - b[1]);
        expected.push(...own.slice(0, 4));
      }
      expect(mine(log.items, log.users, 60, 120, 4, measure, 2)).toEqual(expected);
    });
  }

  it("handles keys with no members and members with one key", () => {
    const users = Uint32Array.from([0, 1, 2]);
    const items = Uint32Array.from([0, 0, 3]);
    expect(mine(items, users, 5, 3, 0, "overlap")).toEqual([]);
  });
});

describe("PostingLists", () => {
  it("stores sorted distinct members per key", () => {
    const lists = PostingLists.build(Uint32Array.from([2, 0, 2, 2, 0]), Uint32Array.from([7, 3, 1, 7, 0]), 4, 9);
    const out = new Uint32Array(9);
    expect(Array.from(out.subarray(0, lists.decode(0, out)))).toEqual([0, 3]);
    expect(lists.decode(1, out)).toBe(0);
    expect(Array.from(out.subarray(0, lists.decode(2, out)))).toEqual([1, 7]);
    expect(lists.maxLength()).toBe(2);
  });
});

describe("readInteractions", () => {
  it("reads CSV with a header and TSV without, making ids dense", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.csv"), "user,item,time\n10,500,1\n7,500,2\n10,9,3\n");
    const a = await readInteractions(join(dir, "a.csv"));
    expect([a.count, Array.from(a.userIds), Array.from(a.itemIds)]).toEqual([3, [7, 10], [9, 500]]);
    expect([Array.from(a.users), Array.from(a.items)]).toEqual([[1, 0, 1], [1, 1, 0]]);
    writeFileSync(join(dir, "b.tsv"), "1\t2\n3\t4\n");
    expect((await readInteractions(join(dir, "b.tsv"))).count).toBe(2);
  });

  it("refuses ragged rows and non-numeric ids with file and line", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "ragged.csv"), "1,2\n3\n");
    await expect(readInteractions(join(dir, "ragged.csv"))).rejects.toThrow(/ragged\.csv:2: expected user,item\[,time\], got 1 field/);
    writeFileSync(join(dir, "words.csv"), "1,2\n3,abc\n");
    await expect(readInteractions(join(dir, "words.csv"))).rejects.toThrow(/words\.csv:2: item id "abc", expected an integer/);
  });
});
