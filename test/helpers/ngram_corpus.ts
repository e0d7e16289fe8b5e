import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Random } from "./random.js";

/** A small random corpus with a Zipf-like vocabulary, and its n-gram counts computed the naive way. */
export interface NaiveCounts {
  /** words in ID order: by decreasing frequency, ties by code-unit order */
  words: string[];
  /** counts[k − 1]: "w1 w2 … wk" → count */
  counts: Map<string, number>[];
}

export function randomSentences(rnd: Random, sentences: number, vocabulary: number, maxLength = 12): string[][] {
  const vocab = Array.from({ length: vocabulary }, (_, i) => (i % 7 === 3 ? `wörd${i}` : `w${i}`));
  const out: string[][] = [];
  for (let s = 0; s < sentences; s++) {
    const length = 1 + rnd.int(maxLength);
    const sentence: string[] = [];
    // Zipf-like: small indices much more frequent, so n-grams repeat and counts vary.
    for (let i = 0; i < length; i++) sentence.push(vocab[Math.floor(vocabulary ** rnd.next()) - 1]);
    out.push(sentence);
  }
  return out;
}

export function naiveCounts(sentences: string[][], order: number): NaiveCounts {
  const counts = Array.from({ length: order }, () => new Map<string, number>());
  for (const s of sentences) {
    for (let k = 1; k <= order; k++) {
      for (let i = 0; i + k <= s.length; i++) {
        const gram = s.slice(i, i + k).join(" ");
        counts[k - 1].set(gram, (counts[k - 1].get(gram) ?? 0) + 1);
      }
    }
  }
  const words = [...counts[0].keys()].sort((a, b) => counts[0].get(b)! - counts[0].get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  return { words, counts };
}

/** Rows of order k sorted in prefix order by word ID. */
export function sortedRows(c: NaiveCounts, k: number): [string, number][] {
  const id = new Map(c.words.map((w, i) => [w, i]));
  const key = (g: string) => g.split(" ").map((w) => id.get(w)!);
  const rows = [...c.counts[k - 1]].map(([g, n]) => ({ g, n, ids: key(g) }));
  rows.sort((a, b) => {
    for (let i = 0; i < k; i++) if (a.ids[i] !== b.ids[i]) return a.ids[i] - b.ids[i];
    return 0;
  });
  return rows.map((r) => [r.g, r.n]);
}

/** Writes DIR/1-grams … DIR/N-grams (Google format, prefix-sorted) and returns DIR. */
export function writeCountFiles(c: NaiveCounts, dir: string): string {
  c.counts.forEach((_, i) => {
    const rows = i === 0 ? c.words.map((w) => [w, c.counts[0].get(w)!] as [string, number]) : sortedRows(c, i + 1);
    writeFileSync(join(dir, `${i + 1}-grams`), `${rows.length}\n${rows.map(([g, n]) => `${g}\t${n}`).join("\n")}\n`);
  });
  return dir;
}
