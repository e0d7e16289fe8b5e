import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExternalSorter } from "../../src/io/external_sort.js";
import { InputError } from "../../src/io/errors.js";
import { CountTrieBuilder } from "../../src/ngram/count_trie_builder.js";
import { readCountFiles } from "../../src/ngram/count_files.js";
import { sortCountFile } from "../../src/ngram/sort_grams.js";
import { Random } from "../helpers/random.js";
import { useTempDirs } from "../helpers/temp_dir.js";

/*
 * Counts above 2^32: count files hold counts up to 2^53 − 1 (web-scale unigrams exceed 2^32) and the
 * builders take them, so sort_grams must too, summing repeated rows exactly.
 */
const tempDir = useTempDirs();
const TWO_32 = 2 ** 32;

/** A count drawn from every range: small, around 2^32, and up to 2^48 (a few hundred still sum below 2^53). */
function randomCount(rnd: Random): number {
  switch (rnd.int(4)) {
    case 0:
      return 1 + rnd.int(100);
    case 1:
      return TWO_32 - 50 + rnd.int(100);
    case 2:
      return Math.floor(rnd.next() * 2 ** 48) + 1;
    default:
      return TWO_32 * (1 + rnd.int(1000)) + rnd.int(1000);
  }
}

describe("counts beyond 2^32", () => {
  it("the external sort sums two-word counts exactly, spilled or not", () => {
    const rnd = new Random(41);
    for (const memoryBytes of [1 << 20, 256]) {
      const expected = new Map<number, number>();
      const sorter = new ExternalSorter({ recordWords: 3, keyWords: 1, countWords: 2, memoryBytes, tempDir: tempDir() });
      const record = new Uint32Array(3);
      for (let i = 0; i < 3000; i++) {
        const key = rnd.int(300);
        const count = randomCount(rnd);
        expected.set(key, (expected.get(key) ?? 0) + count);
        record[0] = key;
        record[1] = count % TWO_32;
        record[2] = Math.floor(count / TWO_32);
        sorter.push(record);
      }
      const got = new Map<number, number>();
      sorter.finish((block, n) => {
        for (let r = 0; r < n; r++) got.set(block[3 * r], block[3 * r + 1] + block[3 * r + 2] * TWO_32);
      });
      expect([...got.keys()]).toEqual([...expected.keys()].sort((a, b) => a - b));
      expect(got).toEqual(expected);
    }
  });

  it("the external sort refuses a sum beyond 2^53 − 1", () => {
    const sorter = new ExternalSorter({ recordWords: 3, keyWords: 1, countWords: 2, memoryBytes: 1 << 16, tempDir: tempDir() });
    const max = Number.MAX_SAFE_INTEGER;
    sorter.push(Uint32Array.of(7, max % TWO_32, Math.floor(max / TWO_32)));
    sorter.push(Uint32Array.of(7, 1, 0));
    expect(() => sorter.finish(() => {})).toThrow(/count overflow: a reduced count exceeds 9007199254740991/);
  });

  it("sort_grams sorts and sums such counts, and a trie built from its output returns them", async () => {
    const rnd = new Random(42);
    const dir = tempDir();
    const words = Array.from({ length: 30 }, (_, i) => `w${i}`);
    writeFileSync(join(dir, "1-grams"), `${words.length}\n${words.map((w) => `${w}\t${randomCount(rnd)}`).join("\n")}\n`);
    const expected = new Map<string, number>();
    const rows: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const gram = `${words[rnd.int(words.length)]} ${words[rnd.int(words.length)]}`;
      const count = randomCount(rnd);
      expected.set(gram, (expected.get(gram) ?? 0) + count);
      rows.push(`${gram}\t${count}`);
    }
    const input = join(dir, "in-2-grams");
    writeFileSync(input, `${rows.length}\n${rows.join("\n")}\n`);
    const out = join(dir, "2-grams");
    const { rows: written } = await sortCountFile(join(dir, "1-grams"), input, out, { order: 2, memoryBytes: 4096 });
    expect(written).toBe(expected.size);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(Number(lines[0])).toBe(expected.size);
    const got = new Map(lines.slice(1).map((l) => [l.split("\t")[0], Number(l.split("\t")[1])] as const));
    expect(got).toEqual(expected);
    // Prefix order by the IDs of the 1-gram file: word wi has ID i.
    const ids = lines.slice(1).map((l) => l.split("\t")[0].split(" ").map((w) => Number(w.slice(1))));
    for (let i = 1; i < ids.length; i++) expect(ids[i - 1][0] < ids[i][0] || (ids[i - 1][0] === ids[i][0] && ids[i - 1][1] < ids[i][1])).toBe(true);
    const builder = new CountTrieBuilder(2);
    await readCountFiles(dir, 2, builder);
    const trie = builder.build();
    for (const [gram, count] of expected) expect(trie.lookup(gram)).toBe(count);
  });

  it("sort_grams refuses repeated rows whose counts add up beyond 2^53 − 1, naming the file", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "1-grams"), "2\na\t1\nb\t1\n");
    const input = join(dir, "in");
    writeFileSync(input, `2\na b\t${Number.MAX_SAFE_INTEGER}\na b\t5\n`);
    const error = await sortCountFile(join(dir, "1-grams"), input, join(dir, "out"), { order: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`${input}: a gram listed more than once has counts that add up beyond 9007199254740991`);
  });
});
