import { describe, expect, it } from "vitest";
import { TfidfBuilder } from "../../src/embed/tfidf.js";
import { WordsTokenizer } from "../../src/embed/words_tokenizer.js";
import { Random } from "../helpers/random.js";

/** scikit-learn's TfidfVectorizer (defaults, or sublinear_tf) written out naively with maps. */
function naiveTfidf(docs: string[][], sublinear: boolean): Map<string, number>[] {
  const n = docs.length;
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  return docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of d) tf.set(t, (tf.get(t) ?? 0) + 1);
    const row = new Map<string, number>();
    for (const [t, c] of tf) row.set(t, (sublinear ? 1 + Math.log(c) : c) * (Math.log((1 + n) / (1 + df.get(t)!)) + 1));
    const norm = Math.sqrt([...row.values()].reduce((s, x) => s + x * x, 0));
    for (const [t, x] of row) row.set(t, x / norm);
    return row;
  });
}

function randomDocs(random: Random, count: number): string[][] {
  const vocabulary = Array.from({ length: 40 }, (_, i) => `w${i}`);
  return Array.from({ length: count }, () => Array.from({ length: random.int(30) }, () => vocabulary[Math.floor(random.next() ** 2 * 40)]));
}

describe("TfidfBuilder", () => {
  for (const sublinear of [false, true]) {
    it(`equals the scikit-learn definition (sublinear_tf=${sublinear})`, () => {
      const docs = randomDocs(new Random(3), 50);
      const builder = new TfidfBuilder({ sublinear });
      for (const d of docs) builder.addDocument(d);
      const model = builder.build();
      const expected = naiveTfidf(docs, sublinear);
      const m = model.documents;
      docs.forEach((_, r) => {
        const got = new Map<string, number>();
        for (let p = m.rowStarts[r]; p < m.rowStarts[r + 1]; p++) got.set(model.terms.get(m.columns[p]), m.values[p]);
        expect(got.size).toBe(expected[r].size);
        for (const [t, x] of expected[r]) expect(got.get(t)).toBeCloseTo(x, 12);
      });
    });
  }

  it("finds keywords and similar documents as the naive vectors rank them", () => {
    const docs = randomDocs(new Random(8), 40);
    const builder = new TfidfBuilder();
    for (const d of docs) builder.addDocument(d);
    const model = builder.build();
    const naive = naiveTfidf(docs, false);
    const best = [...naive[5]].sort((a, b) => b[1] - a[1]).slice(0, 3);
    const keywords = model.keywords(5, 3);
    expect(Array.from(keywords.weights)).toEqual(best.map(([, w]) => expect.closeTo(w, 12)));
    const cosine = (a: Map<string, number>, b: Map<string, number>) => [...a].reduce((s, [t, x]) => s + x * (b.get(t) ?? 0), 0);
    const scores = naive.map((row, d) => ({ d, s: d === 7 ? -1 : cosine(naive[7], row) })).sort((a, b) => b.s - a.s || a.d - b.d);
    const similar = model.similar(7, 5);
    expect(Array.from(similar.scores)).toEqual(scores.slice(0, 5).map((x) => expect.closeTo(x.s, 12)));
  });

  it("leaves out stop words and gives an empty document a zero vector", () => {
    const builder = new TfidfBuilder({ stopWords: new Set(["the"]) });
    builder.addDocument(["the", "cat"]);
    builder.addDocument([]);
    const model = builder.build();
    expect(model.terms.length).toBe(1);
    expect(model.keywords(0, 5).terms).toEqual(["cat"]);
    expect(model.keywords(1, 5).terms).toEqual([]);
  });
});

describe("WordsTokenizer", () => {
  it("follows scikit-learn's (?u)\\b\\w\\w+\\b on lowercased text", () => {
    const t = new WordsTokenizer();
    expect(t.words("Hello, World! a b_c 12 x3 I'm café ÜBER naïve 東京")).toEqual(["hello", "world", "b_c", "12", "x3", "café", "über", "naïve", "東京"]);
    expect(t.words("")).toEqual([]);
  });
});
