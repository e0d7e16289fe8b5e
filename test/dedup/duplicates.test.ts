import { describe, expect, it } from "vitest";
import { joinByteDocuments, joinTokenDocuments, JoinedTextBuilder } from "../../src/dedup/documents.js";
import { findDuplicates, repeatLengths, sharedSpanPairs, type KeepMode } from "../../src/dedup/duplicates.js";
import { buildPlcp } from "../../src/dedup/lcp.js";
import { buildSuffixArray } from "../../src/dedup/suffix_array.js";
import { Random } from "../helpers/random.js";

type Doc = ArrayLike<number>;

/**
 * The definition, by brute force: every substring of at least minLength symbols of every document,
 * keyed by its symbols; its occurrences in corpus order mark what they cover (all of them for "none" when
 * there are two or more, all but the first for "first"). Returns one mark array per document.
 */
function oracleMarks(docs: readonly Doc[], minLength: number, keep: KeepMode): Uint8Array[] {
  const occurrences = new Map<string, [number, number][]>();
  docs.forEach((doc, d) => {
    for (let q = 0; q < doc.length; q++) {
      for (let end = q + minLength; end <= doc.length; end++) {
        const key = `${end - q}:${Array.prototype.slice.call(doc, q, end).join(",")}`;
        const list = occurrences.get(key) ?? [];
        list.push([d, q]);
        occurrences.set(key, list);
      }
    }
  });
  const marks = docs.map((doc) => new Uint8Array(doc.length));
  for (const [key, list] of occurrences) {
    if (list.length < 2) continue;
    const length = Number(key.slice(0, key.indexOf(":")));
    for (const [d, q] of keep === "first" ? list.slice(1) : list) marks[d].fill(1, q, q + length);
  }
  return marks;
}

/** A character is removed only when all its bytes are marked. */
function wholeCharacters(doc: Doc, marks: Uint8Array): Uint8Array {
  const out = marks.slice();
  let start = 0;
  while (start < doc.length) {
    let end = start + 1;
    while (end < doc.length && (doc[end] & 0xc0) === 0x80) end++;
    if (marks.subarray(start, end).includes(0)) out.fill(0, start, end);
    start = end;
  }
  return out;
}

/** Marks as flat (document, start, end) triples of maximal runs. */
function marksToTriples(marks: readonly Uint8Array[]): number[] {
  const triples: number[] = [];
  marks.forEach((m, d) => {
    for (let i = 0; i < m.length; i++) {
      if (m[i] && (i === 0 || !m[i - 1])) {
        let end = i;
        while (end < m.length && m[end]) end++;
        triples.push(d, i, end);
      }
    }
  });
  return triples;
}

function expectedSpans(docs: readonly Doc[], minLength: number, keep: KeepMode, utf8: boolean): number[] {
  const marks = oracleMarks(docs, minLength, keep);
  return marksToTriples(utf8 ? marks.map((m, d) => wholeCharacters(docs[d], m)) : marks);
}

/** Longest common substring of every pair of documents, when at least minLength. */
function oraclePairs(docs: readonly Doc[], minLength: number): number[] {
  const triples: number[] = [];
  for (let a = 0; a < docs.length; a++) {
    for (let b = a + 1; b < docs.length; b++) {
      const x = docs[a];
      const y = docs[b];
      let longest = 0;
      let row = new Int32Array(y.length + 1);
      for (let i = 1; i <= x.length; i++) {
        const next = new Int32Array(y.length + 1);
        for (let j = 1; j <= y.length; j++) {
          if (x[i - 1] === y[j - 1]) next[j] = row[j - 1] + 1;
          if (next[j] > longest) longest = next[j];
        }
        row = next;
      }
      if (longest >= minLength) triples.push(a, b, longest);
    }
  }
  return triples;
}

/** Random documents over `alphabet`, with copies of pieces of earlier documents planted in them. */
function plantedCorpus<T>(rng: Random, alphabet: readonly T[], documents: number, maxLength: number): T[][] {
  const docs: T[][] = [];
  for (let d = 0; d < documents; d++) {
    const doc = Array.from({ length: rng.int(maxLength) }, () => alphabet[rng.int(alphabet.length)]);
    if (docs.length > 0 && rng.int(3) > 0) {
      const source = docs[rng.int(docs.length)];
      const from = rng.int(source.length + 1);
      const piece = source.slice(from, from + 2 + rng.int(12));
      doc.splice(rng.int(doc.length + 1), 0, ...piece);
    }
    docs.push(doc);
  }
  return docs;
}

const KEEPS: KeepMode[] = ["first", "none"];

describe("findDuplicates", () => {
  it("equals the brute-force oracle on byte corpora with planted duplicates", () => {
    const rng = new Random(41);
    for (let round = 0; round < 120; round++) {
      const docs = plantedCorpus(rng, [97, 98, 99, 100].slice(0, 2 + (round % 3)), 1 + rng.int(8), 25).map((d) => Uint8Array.from(d));
      const minLength = 1 + rng.int(6);
      for (const keep of KEEPS) {
        expect(Array.from(findDuplicates(joinByteDocuments(docs), minLength, keep).spans)).toEqual(expectedSpans(docs, minLength, keep, true));
      }
    }
  });

  it("removes only whole UTF-8 characters (Chinese, accents, emoji)", () => {
    const rng = new Random(42);
    const encoder = new TextEncoder();
    const alphabet = ["a", "é", "中", "文", "字", "😀", " "];
    for (let round = 0; round < 120; round++) {
      const texts = plantedCorpus(rng, alphabet, 1 + rng.int(6), 12).map((d) => d.join(""));
      const builder = JoinedTextBuilder.bytes();
      for (const t of texts) builder.add(t);
      const docs = texts.map((t) => encoder.encode(t));
      const minLength = 1 + rng.int(8);
      for (const keep of KEEPS) {
        expect(Array.from(findDuplicates(builder.build(), minLength, keep).spans)).toEqual(expectedSpans(docs, minLength, keep, true));
      }
    }
  });

  it("equals the oracle on token corpora with large ids", () => {
    const rng = new Random(43);
    const vocabulary = [0, 1, 7, 0x7fffffff, 0x80000000, 0xfffffffe];
    for (let round = 0; round < 100; round++) {
      const docs = plantedCorpus(rng, vocabulary.slice(0, 2 + (round % 5)), 1 + rng.int(8), 20).map((d) => Uint32Array.from(d));
      const minLength = 1 + rng.int(5);
      for (const keep of KEEPS) {
        expect(Array.from(findDuplicates(joinTokenDocuments(docs), minLength, keep).spans)).toEqual(expectedSpans(docs, minLength, keep, false));
      }
    }
  });

  it("handles edge cases: no documents, empty documents, all equal, one long repeat", () => {
    for (const keep of KEEPS) {
      expect(findDuplicates(joinByteDocuments([]), 3, keep).spans.length).toBe(0);
      expect(findDuplicates(joinByteDocuments([new Uint8Array(0), new Uint8Array(0)]), 1, keep).spans.length).toBe(0);
      const same = new Uint8Array(40).fill(97);
      expect(Array.from(findDuplicates(joinByteDocuments([same]), 5, keep).spans)).toEqual(expectedSpans([same], 5, keep, true));
      const docs = [same, same, same];
      expect(Array.from(findDuplicates(joinByteDocuments(docs), 40, keep).spans)).toEqual(keep === "first" ? [1, 0, 40, 2, 0, 40] : [0, 0, 40, 1, 0, 40, 2, 0, 40]);
      expect(findDuplicates(joinByteDocuments(docs), 41, keep).spans.length).toBe(0);
    }
    expect(() => findDuplicates(joinByteDocuments([]), 0, "first")).toThrow(RangeError);
  });
});

/** For each q, the longest common prefix (stopping at the separator) with a suffix elsewhere / earlier. */
function naiveRepeatLengths(text: Uint8Array, separator: number, keep: KeepMode): number[] {
  const n = text.length;
  const lengths: number[] = [];
  for (let q = 0; q < n; q++) {
    let best = 0;
    for (let r = 0; r < (keep === "first" ? q : n); r++) {
      if (r === q) continue;
      let l = 0;
      while (q + l < n && r + l < n && text[q + l] === text[r + l] && text[q + l] !== separator) l++;
      if (l > best) best = l;
    }
    lengths.push(best);
  }
  return lengths;
}

describe("repeatLengths", () => {
  it("equals the longest repeated and previous factors on texts spanning several scan blocks", () => {
    const rng = new Random(45);
    for (let round = 0; round < 4; round++) {
      const docs = plantedCorpus(rng, [97, 98, 99], 40, 60).map((d) => Uint8Array.from(d));
      const { text, separator } = joinByteDocuments(docs);
      for (const keep of KEEPS) {
        const sa = buildSuffixArray(text);
        const plcp = buildPlcp(text, sa, separator);
        repeatLengths(sa, plcp, keep);
        expect(Array.from(plcp)).toEqual(naiveRepeatLengths(text, separator, keep));
      }
    }
  });
});

describe("sharedSpanPairs", () => {
  it("gives each pair's longest shared length, as the oracle does", () => {
    const rng = new Random(44);
    for (let round = 0; round < 100; round++) {
      const docs = plantedCorpus(rng, [97, 98, 99], 2 + rng.int(7), 20).map((d) => Uint8Array.from(d));
      const joined = joinByteDocuments(docs);
      const sa = buildSuffixArray(joined.text);
      const plcp = buildPlcp(joined.text, sa, joined.separator);
      const minLength = 1 + rng.int(6);
      expect(Array.from(sharedSpanPairs(joined, sa, plcp, minLength))).toEqual(oraclePairs(docs, minLength));
    }
  });
});
