import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ArpaWriter, type ArpaEntry } from "../../src/io/arpa.js";
import { InputError } from "../../src/io/errors.js";
import { TextScore } from "../../src/ngram/backoff_model.js";
import { estimateFromSentences } from "../../src/ngram/estimate.js";
import { ProbHash } from "../../src/ngram/prob_hash.js";
import { ProbTrie } from "../../src/ngram/prob_trie.js";
import { readArpaTables } from "../../src/ngram/read_arpa_tables.js";
import { randomSentences } from "../helpers/ngram_corpus.js";
import { Random } from "../helpers/random.js";
import { useTempDirs } from "../helpers/temp_dir.js";

/*
 * One rule for every probability model built from an ARPA file: an n-gram whose suffix (its last n − 1
 * words) is not among the (n − 1)-grams is refused, with the same file:line error whichever structure is
 * built; an n-gram whose context (its first n − 1 words) is missing is taken by all.
 */
const tempDir = useTempDirs("file");
const rnd = new Random(21);
const sentences = [...randomSentences(rnd, 1200, 80, 10), ...randomSentences(rnd, 200, 3000, 6)];
const model = estimateFromSentences(sentences, { order: 3 });

/** Writes the model without the bigram `removed`; returns the file. */
function writeWithout(removed: string): string {
  const path = join(tempDir(), "m.arpa");
  const orders = model.entries.map((order) => order.filter((e) => e.words !== removed));
  const writer = new ArpaWriter(path);
  writer.header(orders.map((o) => o.length));
  orders.forEach((order, i) => {
    writer.beginOrder(i + 1);
    for (const e of order) writer.entry(e.words, e.logProb, e.backoff);
  });
  writer.commit();
  return path;
}

const lastTwo = (e: ArpaEntry) => e.words.split(" ").slice(1).join(" ");
const firstTwo = (e: ArpaEntry) => e.words.split(" ").slice(0, 2).join(" ");
const [bigrams, trigrams] = [model.entries[1], model.entries[2]];
const suffixesOfTrigrams = new Set(trigrams.map(lastTwo));
const contextsOfTrigrams = new Set(trigrams.map(firstTwo));

function builders(): [string, (path: string) => Promise<unknown>][] {
  return [
    ["ef_trie", async (path) => ProbTrie.build(await readArpaTables(path), { probBits: 0, backoffBits: 0 })],
    ["pef_trie r2", async (path) => ProbTrie.build(await readArpaTables(path), { grams: "pef", remapping: 2, probBits: 0, backoffBits: 0 })],
    ["hash", async (path) => ProbHash.build(await readArpaTables(path), 8, { probBits: 0, backoffBits: 0 })],
  ];
}

describe("n-grams without their suffix", () => {
  it("are refused by every structure with the same error, at the line of the first such n-gram", async () => {
    const suffixes = bigrams.filter((b) => suffixesOfTrigrams.has(b.words));
    expect(suffixes.length).toBeGreaterThan(10);
    for (let trial = 0; trial < 5; trial++) {
      const removed = suffixes[rnd.int(suffixes.length)].words;
      const path = writeWithout(removed);
      // The oracle: the first line of the file holding a trigram that ends in the removed bigram.
      const lines = readFileSync(path, "utf8").split("\n");
      const trigramSection = lines.indexOf("\\3-grams:");
      const line = lines.findIndex((l, i) => i > trigramSection && l.includes("\t") && l.split("\t")[1].split(" ").slice(1).join(" ") === removed) + 1;
      const messages: string[] = [];
      for (const [name, build] of builders()) {
        const error = await build(path).catch((e: unknown) => e);
        expect(error, name).toBeInstanceOf(InputError);
        expect((error as InputError).line, name).toBe(line);
        messages.push((error as Error).message);
      }
      expect(new Set(messages).size).toBe(1);
      expect(messages[0]).toBe(`${path}:${line}: the 3-gram "${lines[line - 1].split("\t")[1]}" has no 2-gram for its last 2 word(s) "${removed}", which a back-off model needs`);
    }
  });

  it("n-grams without their context are taken by every structure, which then score alike", async () => {
    const contextsOnly = bigrams.filter((b) => contextsOfTrigrams.has(b.words) && !suffixesOfTrigrams.has(b.words));
    expect(contextsOnly.length).toBeGreaterThan(0);
    const path = writeWithout(contextsOnly[0].words);
    const text = join(tempDir(), "t.txt");
    writeFileSync(text, sentences.slice(0, 100).map((s) => s.join(" ")).join("\n"));
    const scores: number[] = [];
    for (const [, build] of builders()) {
      const m = (await build(path)) as ProbTrie | ProbHash;
      const totals = new TextScore();
      for (const line of readFileSync(text, "utf8").split("\n")) m.scoreLine(line, totals, { wrap: true });
      scores.push(totals.totalLog10Prob);
    }
    expect(scores[1]).toBe(scores[0]);
    expect(scores[2]).toBe(scores[0]);
  });
});
