import { describe, expect, it } from "vitest";
import { BYTE_SEPARATOR, joinByteDocuments, joinTokenDocuments } from "../../src/dedup/documents.js";
import { buildLcp, buildPlcp } from "../../src/dedup/lcp.js";
import { buildSuffixArray, type SymbolText } from "../../src/dedup/suffix_array.js";
import { Random } from "../helpers/random.js";
import { naiveLcp } from "./oracle.js";

function check(text: SymbolText, separator?: number): void {
  const sa = buildSuffixArray(text);
  const expected = naiveLcp(text, sa, separator);
  const plcp = buildPlcp(text, sa, separator);
  expect(Array.from(sa, (p) => plcp[p])).toEqual(expected);
  expect(Array.from(buildLcp(text, sa, separator))).toEqual(expected);
  expect(Array.from(sa)).toEqual(Array.from(buildSuffixArray(text))); // the permutation leaves sa intact
}

describe("buildLcp", () => {
  it("handles empty, single and all-equal texts", () => {
    check(new Uint8Array(0));
    check(new Uint8Array([7]));
    check(new Uint8Array(500).fill(1));
    check(new Uint32Array(50).fill(0xffffffff));
  });

  it("matches the naive LCP on random and periodic texts", () => {
    const rng = new Random(11);
    for (let round = 0; round < 200; round++) {
      const alphabet = [2, 3, 26, 256][round % 4];
      check(Uint8Array.from({ length: 1 + rng.int(400) }, () => rng.int(alphabet)));
    }
    check(new TextEncoder().encode("abcabcabcabcabcxabcabcabc".repeat(20)));
    check(Uint32Array.from({ length: 300 }, () => rng.int(4) * 0x40000000));
    check(Int32Array.from({ length: 300 }, () => rng.int(3) - 1));
  });

  it("never lets a common prefix cross a document boundary", () => {
    const rng = new Random(12);
    for (let round = 0; round < 100; round++) {
      // Many small, often identical documents: without the cap, prefixes would run through separators.
      const docs = Array.from({ length: 1 + rng.int(30) }, () => Uint8Array.from({ length: rng.int(8) }, () => 97 + rng.int(2)));
      const { text, documents, separator } = joinByteDocuments(docs);
      expect(separator).toBe(BYTE_SEPARATOR);
      check(text, separator);
      const sa = buildSuffixArray(text);
      const lcp = buildLcp(text, sa, separator);
      for (let i = 1; i < sa.length; i++) {
        for (const p of [sa[i - 1], sa[i]]) {
          const doc = documents.documentOf(p);
          // The document's own symbols end one before the next start, where its separator is.
          expect(p + lcp[i]).toBeLessThanOrEqual(documents.starts[doc + 1] - 1);
        }
      }
    }
  });

  it("caps token documents at the token separator", () => {
    const rng = new Random(13);
    const docs = Array.from({ length: 40 }, () => Uint32Array.from({ length: rng.int(6) }, () => rng.int(3) * 1000000007));
    const { text, separator } = joinTokenDocuments(docs);
    check(text, separator);
  });
});
