import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ContainerWriter } from "../../src/container/container.js";
import { ArpaTables } from "../../src/ngram/arpa_tables.js";
import { readArpaTables } from "../../src/ngram/read_arpa_tables.js";
import type { BackoffModel } from "../../src/ngram/backoff_model.js";
import { estimateFromSentences } from "../../src/ngram/estimate.js";
import { loadBackoffModel } from "../../src/ngram/load_backoff_model.js";
import { LogValues, nearestBin, quantizationBins } from "../../src/ngram/log_values.js";
import { PROB_HASH_KIND, ProbHash } from "../../src/ngram/prob_hash.js";
import { PROB_TRIE_KINDS, ProbTrie, type ProbModelOptions } from "../../src/ngram/prob_trie.js";
import { randomSentences } from "../helpers/ngram_corpus.js";
import { Random } from "../helpers/random.js";
import { referenceSuite } from "../helpers/reference.js";
import { arpaMaps, naiveLine, naiveLog10Prob } from "../helpers/naive_arpa.js";

const STRUCTURES = ["ef_trie r0", "ef_trie r1", "pef_trie r2", "hash 8", "hash 4"];

/** Builds a structure by name and brings it back through a saved file. */
function build(name: string, tables: ArpaTables, options: ProbModelOptions): BackoffModel {
  const [structure, a] = name.split(" ");
  const model =
    structure === "hash"
      ? ProbHash.build(tables, Number(a) as 4 | 8, options)
      : ProbTrie.build(tables, { ...options, grams: structure === "ef_trie" ? "ef" : "pef", remapping: Number(a.slice(1)) });
  const out = new ContainerWriter(structure === "hash" ? PROB_HASH_KIND : PROB_TRIE_KINDS[structure === "ef_trie" ? "ef" : "pef"]);
  model.write(out);
  return loadBackoffModel(out.toBytes());
}

describe("quantization", () => {
  const rnd = new Random(5);
  const values = Float32Array.from({ length: 5000 }, () => (rnd.next() < 0.3 ? 0 : Math.fround(-4 * rnd.next() ** 2)));

  it("makes at most 2^bits ascending bins, 0 among them when asked", () => {
    for (const bits of [1, 2, 4, 8]) {
      for (const keepZero of [false, true]) {
        const bins = quantizationBins(values, bits, keepZero);
        expect(bins.length).toBeLessThanOrEqual(2 ** bits);
        for (let i = 1; i < bins.length; i++) expect(bins[i]).toBeGreaterThan(bins[i - 1]);
        if (keepZero) expect(bins).toContain(0);
      }
    }
  });

  it("keeps the values exactly when there are no more of them than bins", () => {
    expect([...quantizationBins(Float32Array.of(-1, -2, -1, -3), 2, false)]).toEqual([-3, -2, -1]);
    expect([...quantizationBins(Float32Array.of(-1, -2, -1, -3), 2, true)]).toEqual([-3, -2, -1, 0]);
    expect([...quantizationBins(Float32Array.of(-5), 8, true)]).toEqual([-5, 0]);
  });

  it("sends each value to its nearest bin, and stores it as that bin", () => {
    const column = LogValues.build(values, 4, true);
    const table = column.table;
    for (let i = 0; i < values.length; i++) {
      const best = Math.min(...Array.from(table, (b) => Math.abs(b - values[i])));
      expect(Math.abs(table[nearestBin(table, values[i])] - values[i])).toBe(best);
      expect(column.get(i)).toBe(table[nearestBin(table, values[i])]);
      if (values[i] === 0) expect(column.get(i)).toBe(0);
    }
    const exact = LogValues.build(values, 0, false);
    for (let i = 0; i < values.length; i++) expect(exact.get(i)).toBe(values[i]);
  });
});

describe.each([
  { order: 3, prune: [] as number[], seed: 1 },
  { order: 4, prune: [0, 1], seed: 2 },
])("probability models of order $order (prune $prune)", ({ order, prune, seed }) => {
  const rnd = new Random(seed);
  // Frequent words make repeated n-grams; a second, wide vocabulary makes rare ones (every discount needs both).
  const training = [...randomSentences(rnd, 1200, 80, 10), ...randomSentences(rnd, 200, 3000, 6)];
  const estimated = estimateFromSentences(training, { order, prune });
  const tables = ArpaTables.fromEntries(estimated.entries);
  const maps = arpaMaps(estimated.entries);
  // Held-out text: other words (some out of vocabulary), and the training sentences themselves.
  const heldout = [...randomSentences(rnd, 60, 700), ...training.slice(0, 30), ["<unk>", "w1"], []];

  it.each(STRUCTURES)("%s stores every value exactly, or as its nearest bin", (name) => {
    const exact = build(name, tables, { probBits: 0, backoffBits: 0 });
    const quantized = build(name, tables, { probBits: 3, backoffBits: 3 });
    for (const e of estimated.entries.flat()) {
      const words = e.words.split(" ");
      expect(exact.lookupValues(words)).toEqual({ log10Prob: e.logProb, backoff: e.order < order ? (e.backoff ?? 0) : 0 });
      const q = quantized.lookupValues(words)!;
      expect(q.log10Prob).toBe(quantized.probs[e.order - 1].table[nearestBin(quantized.probs[e.order - 1].table, e.logProb)]);
      if (e.order < order) expect(q.backoff).toBe(quantized.backoffs[e.order - 1].table[nearestBin(quantized.backoffs[e.order - 1].table, e.backoff ?? 0)]);
    }
  });

  it.each(STRUCTURES)("%s stores no value for an absent n-gram", (name) => {
    const model = build(name, tables, {});
    const words = estimated.entries[0].map((e) => e.words);
    let absent = 0;
    for (let i = 0; i < 3000; i++) {
      const n = 2 + rnd.int(order - 1);
      const gram = Array.from({ length: n }, () => words[rnd.int(words.length)]);
      if (maps.probs.has(gram.join(" "))) continue;
      absent++;
      expect(model.lookupValues(gram)).toBeUndefined();
    }
    expect(absent).toBeGreaterThan(1000);
    expect(model.lookupValues(["nosuchword"])).toBeUndefined();
  });

  it.each(STRUCTURES)("%s scores texts as the naive backoff scorer does", (name) => {
    const model = build(name, tables, { probBits: 0, backoffBits: 0 });
    for (const wrap of [false, true]) {
      const totals = model.scoreText(heldout.map((s) => s.join(" ")).join("\n") + "\n", { wrap });
      let total = 0;
      let oovs = 0;
      let tokens = 0;
      for (const s of heldout) {
        const naive = naiveLine(maps, s, order, wrap);
        total += naive.total;
        oovs += naive.oovs;
        tokens += s.length + (wrap ? 1 : 0);
      }
      expect(totals.sentences).toBe(heldout.length);
      expect(totals.tokens).toBe(tokens);
      expect(totals.oovs).toBe(oovs);
      expect(totals.totalLog10Prob).toBeCloseTo(total, 2);
    }
    // Word by word, through the stateful API.
    const s = heldout[5];
    let state = model.nullContext();
    const naiveContext: string[] = [];
    for (const w of s) {
      const r = model.scoreWord(state, w);
      expect(r.log10Prob).toBeCloseTo(naiveLog10Prob(maps, naiveContext.slice(-(order - 1)), maps.probs.has(w) ? w : "<unk>"), 4);
      expect(r.oov).toBe(!maps.probs.has(w));
      if (r.oov) naiveContext.length = 0;
      else naiveContext.push(w);
      state = r.state;
    }
  });
});

const KENLM = join(__dirname, "..", "..", "..", "shared", "reference");

describe.skipIf(!existsSync(KENLM))(referenceSuite("KenLM's perplexities (reference data)", KENLM), () => {
  const cases = [
    { arpa: "sample_text.o5.arpa.gz", text: "tongrams-test-data/sample_text", heldout: false, wrapped: [159658, 0, 11.870656, 11.870656], plain: [153583, 0, 15.813825, 15.813825] },
    { arpa: "train5000.o5.arpa.gz", text: "kenlm/heldout.txt", heldout: true, wrapped: [28122, 2560, 583.168664, 332.718048], plain: [27047, 2560, 852.641478, 498.755372] },
  ];
  it.each(cases)("$arpa on $text", async ({ arpa, text, heldout, wrapped, plain }) => {
    const tables = await readArpaTables(join(KENLM, "kenlm", arpa));
    const lines = readFileSync(join(KENLM, text), "utf8");
    const exact = ProbTrie.build(tables, { probBits: 0, backoffBits: 0 });
    // 8/8 quantization on the held-out text (the hard case: many backoffs); bench:score shows sample_text.
    const quantized = heldout ? ProbTrie.build(tables, { probBits: 8, backoffBits: 8 }) : undefined;
    for (const [wrap, [tokens, oovs, including, excluding]] of [[true, wrapped], [false, plain]] as const) {
      const r = exact.scoreText(lines, { wrap });
      expect([r.tokens, r.oovs]).toEqual([tokens, oovs]);
      expect(r.perplexityIncludingOovs.toPrecision(6)).toBe(including.toPrecision(6));
      expect(r.perplexityExcludingOovs.toPrecision(6)).toBe(excluding.toPrecision(6));
      const q = quantized?.scoreText(lines, { wrap });
      if (q) expect(Math.abs(q.perplexityIncludingOovs / including - 1)).toBeLessThan(0.005);
      if (q) expect(Math.abs(q.perplexityExcludingOovs / excluding - 1)).toBeLessThan(0.005);
    }
  }, 30000);
});
