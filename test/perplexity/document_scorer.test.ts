import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../bench/common.js";
import { ArpaTables } from "../../src/ngram/arpa_tables.js";
import { estimateFromSentences } from "../../src/ngram/estimate.js";
import { ProbHash } from "../../src/ngram/prob_hash.js";
import { ProbTrie } from "../../src/ngram/prob_trie.js";
import type { BackoffModel } from "../../src/ngram/backoff_model.js";
import { DocumentScorer, tokenIdMap } from "../../src/perplexity/document_scorer.js";
import { scoreDocuments, type DocumentScore } from "../../src/perplexity/score_corpus.js";
import { HfTokenizer } from "../../src/text/hf_tokenizer.js";
import { ccnetNormalize } from "../../src/text/normalize.js";
import { WhitespaceTokenizer, type Tokenizer } from "../../src/text/tokenizer.js";
import { QWEN3 } from "../cooc/qwen3.js";
import { arpaMaps, naiveLine, type ArpaMaps } from "../helpers/naive_arpa.js";
import { randomSentences } from "../helpers/ngram_corpus.js";
import { Random } from "../helpers/random.js";

const ORDER = 3;

function models(sentences: string[][]): { maps: ArpaMaps; trie: BackoffModel; hash: BackoffModel } {
  const estimated = estimateFromSentences(sentences, { order: ORDER });
  const tables = ArpaTables.fromEntries(estimated.entries);
  const exact = { probBits: 0, backoffBits: 0 };
  return { maps: arpaMaps(estimated.entries), trie: ProbTrie.build(tables, { ...exact, grams: "ef", remapping: 1 }), hash: ProbHash.build(tables, 8, exact) };
}

/** Random documents: lines of known and unknown words, odd whitespace, blank lines, and some empty documents. */
function randomDocuments(rnd: Random, n: number): string[] {
  const spaces = [" ", "  ", "\t", " \u00a0", "\u3000"];
  return Array.from({ length: n }, (_, d) => {
    if (d % 17 === 5) return d % 2 === 0 ? "" : " \n\t\n";
    const lines = randomSentences(rnd, 1 + rnd.int(5), 900, 14).map((words) => {
      const line = words.map((w) => (rnd.next() < 0.05 ? `unseen${rnd.int(50)}` : w)).reduce((text, w) => text + spaces[rnd.int(spaces.length)] + w);
      return rnd.next() < 0.2 ? ` ${line} ` : line;
    });
    if (rnd.next() < 0.3) lines.splice(rnd.int(lines.length), 0, "   ");
    return lines.join("\n");
  });
}

/** The oracle's score of a document: each non-blank line a sentence, words split at whitespace. */
function naiveDocument(maps: ArpaMaps, text: string, wrap: boolean): { total: number; oovs: number; tokens: number; sentences: number } {
  const sum = { total: 0, oovs: 0, tokens: 0, sentences: 0 };
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const s = naiveLine(maps, line.trim().split(/\s+/), maps.order, wrap);
    sum.total += s.total;
    sum.oovs += s.oovs;
    sum.tokens += s.tokens;
    sum.sentences++;
  }
  return sum;
}

async function collect(model: BackoffModel, docs: string[], options: Parameters<typeof scoreDocuments>[2]): Promise<DocumentScore[]> {
  const out: DocumentScore[] = [];
  for await (const score of scoreDocuments(model, docs, options)) out.push(score);
  return out;
}

describe("document scoring", () => {
  const rnd = new Random(14);
  const training = [...randomSentences(rnd, 1500, 120, 10), ...randomSentences(rnd, 300, 900, 6)];
  const { maps, trie, hash } = models(training);
  const docs = randomDocuments(rnd, 300);

  it.each([
    ["trie", false],
    ["trie", true],
    ["hash", true],
  ] as const)("%s, wrap %s: every document as the direct back-off formula scores its lines", async (structure, wrap) => {
    const scores = await collect(structure === "trie" ? trie : hash, docs, { wrap });
    expect(scores.length).toBe(docs.length);
    let oovs = 0;
    docs.forEach((doc, i) => {
      const naive = naiveDocument(maps, doc, wrap);
      const s = scores[i];
      expect([s.tokens, s.oovs, s.sentences]).toEqual([naive.tokens, naive.oovs, naive.sentences]);
      expect(s.log10Prob).toBeCloseTo(naive.total, 3);
      if (naive.tokens === 0) expect(s.perplexity).toBeNaN();
      else expect(s.perplexity).toBeCloseTo(10 ** (-naive.total / naive.tokens), 6 - Math.ceil(Math.log10(s.perplexity)));
      oovs += s.oovs;
    });
    expect(oovs).toBeGreaterThan(50);
  });

  it("gives the same figures through a tokenizer's words as through the kernels' whitespace split", () => {
    const words: Tokenizer = { description: "words", words: (t) => new WhitespaceTokenizer().words(t), wordsOfIds: () => [] };
    const scoring = { wrap: true, normalize: "none" } as const;
    const kernels = new DocumentScorer(trie.heap, trie.scoringHandle(), new WhitespaceTokenizer(), undefined, scoring);
    const joined = new DocumentScorer(trie.heap, trie.scoringHandle(), words, undefined, scoring);
    for (const doc of docs) {
      expect(joined.scoreDocument(doc)).toBe(kernels.scoreDocument(doc));
      expect(joined.last).toEqual(kernels.last);
    }
  });

  it("normalizes each line as CCNet does before scoring it", async () => {
    const shouted = docs.map((d) => d.toUpperCase().replaceAll("W", "Ẃ"));
    const normalized = await collect(trie, shouted, { normalize: "ccnet", wrap: true });
    const byHand = await collect(
      trie,
      shouted.map((d) => d.split("\n").map(ccnetNormalize).join("\n")),
      { wrap: true },
    );
    expect(normalized).toEqual(byHand);
    expect(normalized.some((s) => s.tokens > s.oovs)).toBe(true);
  });
});

describe("document scoring with a Hugging Face tokenizer", () => {
  const tokenizer = HfTokenizer.load(QWEN3);
  const texts = readFileSync(join(ROOT, "test_data", "sample_text"), "utf8").trim().split("\n");
  const training = texts.slice(0, 400).map((t) => tokenizer.words(t));
  const { trie } = models(training);
  const docs = Array.from({ length: 50 }, (_, i) => texts.slice(400 + 2 * i, 402 + 2 * i).join("\n"));

  it("maps token ids to the model's words as estimate spelled them (same figures as through the words)", () => {
    const words: Tokenizer = { description: "words", words: (t) => tokenizer.words(t), wordsOfIds: () => [] };
    const scoring = { wrap: true, normalize: "none" } as const;
    const ids = new DocumentScorer(trie.heap, trie.scoringHandle(), tokenizer, tokenIdMap(tokenizer, (w) => trie.vocabulary.lookup(w)), scoring);
    const joined = new DocumentScorer(trie.heap, trie.scoringHandle(), words, undefined, scoring);
    let known = 0;
    for (const doc of docs) {
      ids.scoreDocument(doc);
      joined.scoreDocument(doc);
      expect(ids.last).toEqual(joined.last);
      known += ids.last.tokens - ids.last.oovs;
    }
    expect(known).toBeGreaterThan(500);
  });
});
