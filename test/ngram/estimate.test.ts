import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readArpa, type ArpaEntry } from "../../src/io/arpa.js";
import { InputError } from "../../src/io/errors.js";
import { estimate, estimateFromCounts, estimateFromSentences } from "../../src/ngram/estimate.js";
import { countNgrams } from "../../src/ngram/counter.js";
import { runCli } from "../helpers/run_cli.js";
import { DiscountError, log10f } from "../../src/ngram/kneser_ney.js";
import { randomSentences } from "../helpers/ngram_corpus.js";
import { Random } from "../helpers/random.js";
import { referenceSuite } from "../helpers/reference.js";
import { useTempDirs } from "../helpers/temp_dir.js";

/*
 * The estimator against a naive direct implementation of lmplz's formulas (plain Maps, double precision),
 * and against KenLM's own ARPA files when ../shared/reference is there.
 */

const BOS = "<s>";
const EOS = "</s>";
const UNK = "<unk>";

interface NaiveValue {
  logProb: number;
  backoff: number | undefined;
}

interface NaiveOptions {
  prune?: number[];
  /** D1, D2, D3+ of the orders whose counts give no discounts. */
  fallback?: number[];
  /** The words n-grams may hold, besides <s>, </s> and <unk>. */
  allowed?: Set<string>;
}

/**
 * orders[k − 1]: "w1 … wk" → value, straight from the formulas of README "How lmplz estimates", with
 * lmplz's --discount_fallback and --limit_vocab_file.
 */
function naiveModel(sentences: string[][], order: number, { prune = [], fallback, allowed }: NaiveOptions = {}): Map<string, NaiveValue>[] {
  const threshold = (k: number) => prune[Math.min(k, prune.length) - 1] ?? 0;
  const raw = Array.from({ length: order }, () => new Map<string, number>());
  for (const s of sentences) {
    const w = [BOS, ...s, EOS];
    for (let k = 1; k <= order; k++) {
      for (let i = 0; i + k <= w.length; i++) {
        const g = w.slice(i, i + k).join(" ");
        if (g !== BOS) raw[k - 1].set(g, (raw[k - 1].get(g) ?? 0) + 1);
      }
    }
  }
  const words = (g: string) => g.split(" ");
  // Distinct left extensions: every (k+1)-gram adds one to the k-gram it ends with.
  const extensions = raw.map(() => new Map<string, number>());
  raw.slice(1).forEach((grams, i) => {
    for (const g of grams.keys()) {
      const suffix = words(g).slice(1).join(" ");
      extensions[i].set(suffix, (extensions[i].get(suffix) ?? 0) + 1);
    }
  });
  const adjusted = raw.map((grams, i) => {
    const k = i + 1;
    const a = new Map<string, number>();
    for (const [g, c] of grams) a.set(g, k === order || g.startsWith(`${BOS} `) ? c : extensions[i].get(g)!);
    return a;
  });
  adjusted[0].set(UNK, 0).set(BOS, 0);
  const last = lastGrams(sentences, order);
  const discounts = adjusted.map((a, i) => {
    const n = [0, 0, 0, 0, 0];
    for (const [g, v] of a) {
      const counted = last.has(g) ? raw[i].get(g)! : v;
      if (counted >= 1 && counted <= 4) n[counted]++;
    }
    const y = n[1] / (n[1] + 2 * n[2]);
    const d = [0, 1, 2, 3].map((j) => (j === 0 ? 0 : j - ((j + 1) * y * n[j + 1]) / n[j]));
    const fails = [1, 2, 3].some((j) => n[j] === 0 || !(d[j] >= 0 && d[j] <= j));
    return fails && fallback ? [0, ...fallback] : d;
  });
  const D = (k: number, a: number) => discounts[k - 1][Math.min(a, 3)];
  const special = new Set([BOS, EOS, UNK]);
  const outside = (g: string) => allowed !== undefined && words(g).some((w) => !special.has(w) && !allowed.has(w));
  const pruned = (k: number, g: string) => raw[k - 1].has(g) && ((raw[k - 1].get(g)! <= threshold(k) && !(k === 1 && g === EOS)) || outside(g));
  const contextOf = (g: string) => words(g).slice(0, -1).join(" ");
  const den = new Map<string, number>();
  const numerator = new Map<string, number>();
  adjusted.forEach((a, i) => {
    for (const [g, v] of a) {
      const h = `${i + 1}|${contextOf(g)}`;
      den.set(h, (den.get(h) ?? 0) + v);
      numerator.set(h, (numerator.get(h) ?? 0) + (pruned(i + 1, g) ? v : v > 0 ? D(i + 1, v) : 0));
    }
  });
  const gamma = (k: number, h: string) => numerator.get(`${k}|${h}`)! / den.get(`${k}|${h}`)!;
  // |V|: the unigrams written.
  const vocabulary = [...adjusted[0].keys()].filter((g) => !pruned(1, g)).length;
  const prob = new Map<string, number>();
  const probability = (g: string): number => {
    const known = prob.get(g);
    if (known !== undefined) return known;
    const w = words(g);
    const k = w.length;
    const h = contextOf(g);
    let p: number;
    if (g === BOS) p = 1;
    else {
      const a = adjusted[k - 1].get(g)!;
      const u = a > 0 ? (a - D(k, a)) / den.get(`${k}|${h}`)! : 0;
      const lower = k === 1 ? 1 / (vocabulary - 1) : probability(w.slice(1).join(" "));
      p = u + gamma(k, h) * lower;
    }
    prob.set(g, p);
    return p;
  };
  return adjusted.map((a, i) => {
    const k = i + 1;
    const values = new Map<string, NaiveValue>();
    for (const g of a.keys()) {
      if (pruned(k, g)) continue;
      const isContext = k < order && den.has(`${k + 1}|${g}`);
      const backoff = k === order ? undefined : isContext ? Math.log10(gamma(k + 1, g)) : 0;
      values.set(g, { logProb: Math.min(0, Math.log10(probability(g))), backoff });
    }
    return values;
  });
}

/**
 * The lower-order n-grams lmplz counts by their raw count in n_j: those ending its input, the suffix-sorted
 * padded N-grams (IDs by first appearance), short of the last one's <s>.
 */
function lastGrams(sentences: string[][], order: number): Set<string> {
  const id = new Map([...new Set([UNK, BOS, EOS, ...sentences.flat()])].map((w, i) => [w, i]));
  let greatest: string[] = [];
  const key = (reversed: string[]) => reversed.map((w) => id.get(w)!);
  const after = (a: number[], b: number[]) => {
    const j = a.findIndex((x, t) => x !== b[t]);
    return j >= 0 && a[j] > b[j];
  };
  for (const s of sentences) {
    const w = [BOS, ...s, EOS];
    for (let end = 1; end < w.length; end++) {
      const reversed = Array.from({ length: order }, (_, j) => (end >= j ? w[end - j] : BOS));
      if (greatest.length === 0 || after(key(reversed), key(greatest))) greatest = reversed;
    }
  }
  const length = Math.min(order, greatest.indexOf(BOS) + 1 || order);
  const last = new Set<string>();
  for (let k = 1; k < length && k < order; k++) last.add(greatest.slice(0, k).reverse().join(" "));
  return last;
}

function expectClose(entries: ArpaEntry[][], expected: Map<string, NaiveValue>[], tolerance: number): void {
  expect(entries.map((e) => e.length)).toEqual(expected.map((m) => m.size));
  entries.forEach((orderEntries, i) => {
    for (const e of orderEntries) {
      const want = expected[i].get(e.words);
      if (want === undefined) throw new Error(`unexpected ${i + 1}-gram "${e.words}"`);
      expect(Math.abs(e.logProb - want.logProb), `log10 p of "${e.words}"`).toBeLessThanOrEqual(tolerance);
      if (want.backoff === undefined) expect(e.backoff).toBeUndefined();
      else expect(Math.abs(e.backoff! - want.backoff), `backoff of "${e.words}"`).toBeLessThanOrEqual(tolerance);
    }
  });
}

/** A corpus whose orders have n-grams of adjusted counts 1 to 4 and discounts in range (for the seeds used). */
function corpus(seed: number, sentences = 400, vocabulary = 300): string[][] {
  return randomSentences(new Random(seed), sentences, vocabulary, 10);
}

describe("log10f", () => {
  it("is within two float32 steps of the exact log10", () => {
    const rnd = new Random(21);
    for (let i = 0; i < 20000; i++) {
      const x = Math.fround(rnd.next() ** 4 * 10 ** (rnd.int(6) - 3)) || 1;
      const exact = Math.log10(x);
      const step = exact === 0 ? 0 : 2 ** (Math.floor(Math.log2(Math.abs(exact))) - 23);
      expect(Math.abs(log10f(x) - exact)).toBeLessThanOrEqual(2 * step);
    }
    expect(log10f(1)).toBe(0);
    expect(log10f(0)).toBe(-Infinity);
  });
});

describe("estimateFromSentences against the naive formulas", () => {
  for (const [seed, order] of [
    [1, 1],
    [2, 2],
    [3, 3],
    [4, 4],
  ]) {
    it(`order ${order}, seed ${seed}`, () => {
      const sentences = corpus(seed);
      const model = estimateFromSentences(sentences, { order });
      expectClose(model.entries, naiveModel(sentences, order), 2e-6);
    });
  }

  it("prunes by raw count and keeps the pruned mass in the backoffs", () => {
    const sentences = corpus(7);
    const model = estimateFromSentences(sentences, { order: 3, prune: [0, 1, 2] });
    expectClose(model.entries, naiveModel(sentences, 3, { prune: [0, 1, 2] }), 2e-6);
  });

  it("gives the same model when the sorts spill to disk", () => {
    const sentences = corpus(8);
    const inMemory = estimateFromSentences(sentences, { order: 3 });
    const spilled = estimateFromSentences(sentences, { order: 3, memoryBytes: 4096 });
    expect(spilled.entries).toEqual(inMemory.entries);
  });

  it("lists unigrams by ID (<unk>, <s>, </s>, then first appearance) and higher orders in suffix order", () => {
    const sentences = corpus(9);
    const model = estimateFromSentences(sentences, { order: 3 });
    const firstSeen = [UNK, BOS, EOS, ...new Set(sentences.flat())];
    expect(model.entries[0].map((e) => e.words)).toEqual(firstSeen);
    const id = new Map(firstSeen.map((w, i) => [w, i]));
    for (const entries of model.entries.slice(1)) {
      const keys = entries.map((e) => e.words.split(" ").reverse().map((w) => id.get(w)!));
      for (let i = 1; i < keys.length; i++) {
        const a = keys[i - 1];
        const b = keys[i];
        const j = a.findIndex((x, t) => x !== b[t]);
        expect(a[j] < b[j]).toBe(true);
      }
    }
  });

  it("refuses reserved words, bad thresholds and corpora without the counts discounts need", () => {
    expect(() => estimateFromSentences([["a", "<s>"]], { order: 2 })).toThrow(/sentence 0: the word "<s>" is reserved/);
    expect(() => estimateFromSentences(corpus(1), { order: 2, prune: [0, 2] })).not.toThrow();
    expect(() => estimateFromSentences(corpus(1), { order: 3, prune: [0, 2, 1] })).toThrow(/must not decrease/);
    expect(() => estimateFromSentences(corpus(1), { order: 2, prune: [1] })).toThrow(/unigrams cannot be pruned/);
    expect(() => estimateFromSentences([["a", "b"]], { order: 2 })).toThrow(DiscountError);
    expect(() => estimateFromSentences([["a", "b"]], { order: 2 })).toThrow(/no 1-gram has adjusted count 2.*discountFallback/);
  });
});

describe("lmplz's discount fallback, limited vocabulary and skipped symbols", () => {
  /** Tiny corpora: few sentences over few words, where counts of counts often miss 1, 2 or 3. */
  const tiny = (seed: number) => randomSentences(new Random(seed), 2 + (seed % 9), 2 + (seed % 7), 6);

  it("falls back only for the orders whose counts give no discounts, and says so", () => {
    let fellBack = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const sentences = tiny(seed);
      const order = 1 + (seed % 4);
      const fallback = seed % 2 ? ([0.5, 1, 1.5] as const) : ([0.25, 0.75, 2.5] as const);
      const warnings: string[] = [];
      const model = estimateFromSentences(sentences, { order, discountFallback: fallback, onWarning: (m) => warnings.push(m) });
      expectClose(model.entries, naiveModel(sentences, order, { fallback: [...fallback] }), 2e-6);
      model.discounts.forEach((d, i) => {
        const warned = warnings.some((w) => w.startsWith(`cannot estimate ${i + 1}-gram discounts`));
        if (warned) expect([...d.slice(1)]).toEqual(fallback.map(Math.fround));
        fellBack += warned ? 1 : 0;
      });
      expect(warnings.every((w) => w.endsWith(`using the fallback discounts D1=${fallback[0]} D2=${fallback[1]} D3+=${fallback[2]}`))).toBe(true);
    }
    expect(fellBack).toBeGreaterThan(20);
  });

  it("keeps the computed discounts where they exist", () => {
    const sentences = corpus(3);
    const warnings: string[] = [];
    const model = estimateFromSentences(sentences, { order: 3, discountFallback: [0.5, 1, 1.5], onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    expect(model.entries).toEqual(estimateFromSentences(sentences, { order: 3 }).entries);
  });

  it("refuses fallback discounts outside [0, j]", () => {
    expect(() => estimateFromSentences(corpus(1), { order: 2, discountFallback: [0.5, 2.5, 1] })).toThrow(/D2 must be in \[0, 2\], got 2.5/);
    expect(() => estimateFromSentences(corpus(1), { order: 2, discountFallback: [-0.1, 1, 1] })).toThrow(/D1 must be in \[0, 1\]/);
  });

  it("prunes the n-grams holding words outside a limited vocabulary, their mass kept in the backoffs", () => {
    for (let seed = 1; seed <= 12; seed++) {
      const sentences = corpus(seed, 150, 40);
      const rnd = new Random(100 + seed);
      const allowed = new Set([...new Set(sentences.flat())].filter(() => rnd.next() < 0.7));
      allowed.add("not-in-the-text");
      const order = 1 + (seed % 4);
      const prune = seed % 3 === 0 && order > 1 ? [0, 1] : [];
      const model = estimateFromSentences(sentences, { order, prune, limitVocabulary: allowed, discountFallback: [0.5, 1, 1.5] });
      expectClose(model.entries, naiveModel(sentences, order, { prune, allowed, fallback: [0.5, 1, 1.5] }), 2e-6);
      for (const e of model.entries.flat()) expect(e.words.split(" ").every((w) => allowed.has(w) || w.startsWith("<"))).toBe(true);
    }
  });

  it("reads <s>, </s> and <unk> as whitespace with skipSymbols, warning once", () => {
    const sentences = corpus(5);
    const marked = sentences.map((s, i) => (i % 3 === 0 ? ["<s>", ...s, "<unk>"] : i % 5 === 0 ? ["</s>"] : s));
    const warnings: string[] = [];
    const model = estimateFromSentences(marked, { order: 3, skipSymbols: true, onWarning: (m) => warnings.push(m) });
    const plain = marked.map((s) => s.filter((w) => !["<s>", "</s>", "<unk>"].includes(w)));
    expect(model.entries).toEqual(estimateFromSentences(plain, { order: 3 }).entries);
    expect(model.tokens).toBe(plain.flat().length);
    expect(warnings).toEqual([`the word "<s>" appears in the text: every <s>, </s> and <unk> is read as whitespace`]);
  });
});

describe("estimate from files", () => {
  const tempDir = useTempDirs();

  it("reads text and JSONL, writes the same model as from sentences, and names the line of a bad word", async () => {
    const dir = tempDir();
    const sentences = corpus(12);
    const text = join(dir, "corpus.txt");
    writeFileSync(text, sentences.map((s) => s.join(" ")).join("\n") + "\n");
    const jsonl = join(dir, "corpus.jsonl");
    writeFileSync(jsonl, sentences.map((s) => JSON.stringify({ text: s.join(" ") })).join("\n"));
    const expected = estimateFromSentences(sentences, { order: 3 }).entries;
    for (const input of [text, jsonl]) {
      const arpa = join(dir, "model.arpa.gz");
      const summary = await estimate([input], { order: 3, arpa, memoryBytes: 1 << 16 });
      expect(summary.sentences).toBe(sentences.length);
      const entries: ArpaEntry[][] = [[], [], []];
      await readArpa(arpa, (e) => entries[e.order - 1].push({ ...e, lineNumber: 0 }));
      expect(entries).toEqual(expected);
    }
    const bad = join(dir, "bad.txt");
    writeFileSync(bad, "a b\nc </s> d\n");
    const error = await estimate([bad], { order: 2, arpa: join(dir, "bad.arpa") }).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/bad\.txt:2: the word "<\/s>" is reserved/);
    expect(existsSync(join(dir, "bad.arpa"))).toBe(false);
  });
});

describe("estimate from count files", () => {
  const tempDir = useTempDirs();

  it("gives the model of the text when the counts are of its sentences wrapped in <s> … </s>", async () => {
    const dir = tempDir();
    const sentences = corpus(12);
    const text = join(dir, "wrapped.txt");
    writeFileSync(text, sentences.map((s) => `<s> ${s.join(" ")} </s>\n`).join(""));
    await countNgrams([text], { order: 3, outDir: join(dir, "counts") });
    const arpa = join(dir, "model.arpa");
    const summary = await estimateFromCounts(join(dir, "counts"), { order: 3, prune: [0, 0, 1], arpa });
    expect(summary.sentences).toBe(sentences.length);
    expect(summary.tokens).toBe(sentences.flat().length);
    const ours = await arpaMap(arpa);
    const expected = estimateFromSentences(sentences, { order: 3, prune: [0, 0, 1] }).entries;
    expect(ours.counts).toEqual(expected.map((e) => e.length));
    expected.forEach((entries, i) => {
      for (const e of entries) expect(ours.values[i].get(e.words), e.words).toMatchObject({ logProb: e.logProb, backoff: e.backoff });
    });
  });

  it("refuses counts of unwrapped text", async () => {
    const dir = tempDir();
    const text = join(dir, "plain.txt");
    writeFileSync(text, corpus(12).map((s) => `${s.join(" ")}\n`).join(""));
    await countNgrams([text], { order: 2, outDir: join(dir, "counts") });
    await expect(estimateFromCounts(join(dir, "counts"), { order: 2, arpa: join(dir, "m.arpa") })).rejects.toThrow(/no <s>/);
  });
});

describe("the estimate and sort_arpa commands", () => {
  const tempDir = useTempDirs();

  it("estimate writes the model, sort_arpa keeps it as it is (already in suffix order)", async () => {
    const dir = tempDir();
    const text = join(dir, "corpus.txt");
    writeFileSync(text, corpus(12).map((s) => `${s.join(" ")}\n`).join(""));
    const arpa = join(dir, "m.arpa");
    const run = await runCli(["estimate", "--order", "3", "--prune", "0", "1", "--arpa", arpa, text]);
    expect(run.status).toBe(0);
    expect(run.out).toMatch(/400 sentences/);
    const sorted = join(dir, "sorted.arpa");
    expect((await runCli(["sort_arpa", arpa, sorted])).status).toBe(0);
    expect(readFileSync(sorted, "utf8")).toBe(readFileSync(arpa, "utf8"));
    const bad = await runCli(["estimate", "--order", "3", "--prune", "0", "2", "1", "--arpa", arpa, text]);
    expect(bad.status).toBe(2);
    expect(bad.err).toMatch(/must not decrease/);
  });
});

const KENLM = join(__dirname, "..", "..", "..", "shared", "reference", "kenlm");
const SAMPLE = join(KENLM, "..", "tongrams-test-data", "sample_text");

async function arpaMap(path: string): Promise<{ counts: number[]; values: Map<string, ArpaEntry>[] }> {
  const values: Map<string, ArpaEntry>[] = [];
  const { counts } = await readArpa(path, (e) => {
    while (values.length < e.order) values.push(new Map());
    values[e.order - 1].set(e.words, e);
  });
  return { counts, values };
}

describe.skipIf(!existsSync(KENLM))(referenceSuite("against KenLM's lmplz", KENLM), () => {
  const tempDir = useTempDirs();
  const cases: [string, string, number, number[]][] = [
    ["sample_text.o5.arpa.gz", SAMPLE, 5, []],
    ["sample_text.o3.arpa.gz", SAMPLE, 3, []],
    ["sample_text.o5.prune01111.arpa.gz", SAMPLE, 5, [0, 1, 1, 1, 1]],
    ["train5000.o5.arpa.gz", join(KENLM, "train5000.txt"), 5, []],
  ];
  for (const [reference, input, order, prune] of cases) {
    it(`${reference}: same n-grams, values within 1e-6`, async () => {
      const arpa = join(tempDir(), "model.arpa");
      await estimate([input], { order, prune, arpa });
      const ours = await arpaMap(arpa);
      const theirs = await arpaMap(join(KENLM, reference));
      expect(ours.counts).toEqual(theirs.counts);
      let worst = 0;
      theirs.values.forEach((grams, i) => {
        for (const [words, want] of grams) {
          const got = ours.values[i].get(words);
          if (got === undefined) throw new Error(`missing ${i + 1}-gram "${words}"`);
          worst = Math.max(worst, Math.abs(got.logProb - want.logProb));
          if ((got.backoff === undefined) !== (want.backoff === undefined)) throw new Error(`backoff column differs for "${words}"`);
          if (want.backoff !== undefined) worst = Math.max(worst, Math.abs(got.backoff! - want.backoff));
        }
      });
      expect(worst).toBeLessThanOrEqual(1e-6);
    }, 30_000);
  }
});
