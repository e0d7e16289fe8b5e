import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { useTempDirs } from "../helpers/temp_dir.js";
import { join } from "node:path";
import { Random } from "../helpers/random.js";
import { naiveCounts, randomSentences, writeCountFiles } from "../helpers/ngram_corpus.js";
import { CountTrieBuilder } from "../../src/ngram/count_trie_builder.js";
import { readCountFiles } from "../../src/ngram/count_files.js";
import { InputError } from "../../src/io/errors.js";
import { CountHashBuilder } from "../../src/ngram/count_hash.js";
import { CountRanker, CountValues } from "../../src/ngram/count_values.js";

const tempDir = useTempDirs("file");

function dirWith(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function buildFrom(dir: string, order: number, remapping = 0) {
  const b = new CountTrieBuilder(order, { remapping });
  await readCountFiles(dir, order, b);
  return b.build();
}

describe("CountTrie.topContinuations", () => {
  const corpus = naiveCounts(randomSentences(new Random(3), 800, 120), 3);
  const dir = writeCountFiles(corpus, tempDir());

  for (const remapping of [0, 1]) {
    it(`lists the most frequent next words like a scan of the counts (remapping ${remapping})`, async () => {
      const trie = await buildFrom(dir, 3, remapping);
      const contexts = [...corpus.counts[0].keys(), ...[...corpus.counts[1].keys()].slice(0, 300)];
      for (const context of contexts) {
        const n = context.split(" ").length;
        const expected = [...corpus.counts[n]]
          .filter(([g]) => g.startsWith(context + " ") && g.split(" ").length === n + 1)
          .map(([g, count]) => ({ word: g.split(" ")[n], count }))
          .sort((a, b) => b.count - a.count || corpus.words.indexOf(a.word) - corpus.words.indexOf(b.word))
          .slice(0, 5);
        expect(trie.topContinuations(context, 5).map(({ word, count }) => ({ word, count }))).toEqual(expected);
      }
      expect(trie.topContinuations("nosuchword", 3)).toEqual([]);
      expect(trie.topContinuations([...corpus.counts[2].keys()][0], 3)).toEqual([]);
    });
  }
});

describe("CountTrieBuilder refuses bad count files, naming file and line", () => {
  const unigrams = "3\na\t5\nb\t3\nc\t1\n";
  const cases: [string, Record<string, string>, RegExp][] = [
    ["an unsorted file", { "1-grams": unigrams, "2-grams": "2\nb a\t1\na b\t2\n" }, /2-grams:3: not in prefix order/],
    ["a repeated n-gram", { "1-grams": unigrams, "2-grams": "2\na b\t1\na b\t2\n" }, /2-grams:3: not in prefix order/],
    ["a prefix that is not stored", { "1-grams": unigrams, "2-grams": "1\na b\t1\n", "3-grams": "1\nb a c\t1\n" }, /3-grams:2: its 2-word prefix is not among the 2-grams/],
    ["an unknown word", { "1-grams": unigrams, "2-grams": "1\na z\t1\n" }, /2-grams:2: word "z" is not in/],
    ["fewer rows than announced", { "1-grams": unigrams, "2-grams": "2\na b\t1\n" }, /2-grams:2: 1 rows, but line 1 announces 2/],
    ["a missing order", { "1-grams": unigrams }, /no count file for order 2/],
    ["a repeated word", { "1-grams": "2\na\t1\na\t1\n", "2-grams": "0\n" }, /word "a" appears twice/],
  ];
  for (const [what, files, message] of cases) {
    it(`refuses ${what}`, async () => {
      const dir = dirWith(files);
      const order = Object.keys(files).length === 3 ? 3 : 2;
      await expect(buildFrom(dir, order)).rejects.toThrow(InputError);
      await expect(buildFrom(dir, order)).rejects.toThrow(message);
    });
  }

  it("refuses an n-gram whose remapping context is missing", async () => {
    const dir = dirWith({ "1-grams": unigrams, "2-grams": "2\na b\t1\nb a\t1\n", "3-grams": "1\na b c\t1\n" });
    await expect(buildFrom(dir, 3, 1)).rejects.toThrow(/3-grams:2: its last 2 words are not among the 2-grams/);
  });
});

describe("CountHashBuilder refuses bad count files, naming file and line", () => {
  it("refuses an n-gram listed twice, naming both lines", async () => {
    const dir = dirWith({ "1-grams": "3\na\t5\nb\t3\nc\t1\n", "2-grams": "3\nb a\t1\na b\t2\nb a\t4\n" });
    const b = new CountHashBuilder(2, 4);
    await expect(readCountFiles(dir, 2, b)).rejects.toThrow(/2-grams:4: the n-gram of line 2 appears again/);
  });
});

describe("CountRanker", () => {
  it("ranks counts by frequency, ties to the smaller value, like a sort of the distinct values", () => {
    const rnd = new Random(17);
    for (const n of [0, 1, 5, 1000, 20000]) {
      const counts = Array.from({ length: n }, () => (rnd.int(4) === 0 ? 2 ** 40 + rnd.int(50) : 1 + rnd.int(rnd.int(30) + 1)));
      const ranker = new CountRanker(n);
      for (const c of counts) ranker.add(c);
      const { table, ranks } = ranker.finish();
      const frequency = new Map<number, number>();
      for (const c of counts) frequency.set(c, (frequency.get(c) ?? 0) + 1);
      const byRank = [...frequency.keys()].sort((a, b) => frequency.get(b)! - frequency.get(a)! || a - b);
      expect(Array.from({ length: table.size }, (_, r) => table.get(r))).toEqual(byRank);
      expect(Array.from(ranks, (r) => byRank[r])).toEqual(counts);
      expect(CountValues.rank(counts).ranks).toEqual(ranks);
    }
  });

  it("refuses to finish before every announced count is in", () => {
    const ranker = new CountRanker(2);
    ranker.add(3);
    expect(() => ranker.finish()).toThrow(/1 counts added, 2 announced/);
  });
});
