import { describe, expect, it } from "vitest";
import { Container, ContainerWriter, FormatError } from "../../src/container/container.js";
import { joinByteDocuments, joinTokenDocuments } from "../../src/dedup/documents.js";
import { SubstringIndex } from "../../src/dedup/substring_index.js";
import { Random } from "../helpers/random.js";
import { naiveOccurrences } from "./oracle.js";

/** Expected locate output: (document, offset) pairs of the naive occurrences. */
function expectedPairs(index: SubstringIndex, query: ArrayLike<number>): number[] {
  return naiveOccurrences(index.text, query).flatMap((p) => [index.documents.documentOf(p), p - index.documents.starts[index.documents.documentOf(p)]]);
}

function checkQueries(index: SubstringIndex, rng: Random, queries: number, maxLength: number, alphabet: number): void {
  const text = index.text;
  for (let i = 0; i < queries; i++) {
    // Half the queries are cut from the text so that most of them occur.
    const length = 1 + rng.int(maxLength);
    const start = rng.int(Math.max(1, text.length - length));
    const query = i % 2 === 0 && text.length > 0 ? text.slice(start, start + length) : Uint8Array.from({ length }, () => rng.int(alphabet));
    const q = text instanceof Uint32Array ? Uint32Array.from(query) : Uint8Array.from(query);
    const containsSeparator = Array.from(q).includes(index.separator);
    const expected = containsSeparator ? [] : expectedPairs(index, q);
    expect(index.count(q)).toBe(expected.length / 2);
    expect(Array.from(index.locate(q))).toEqual(expected);
  }
}

describe("SubstringIndex", () => {
  it("counts and locates in a single document", () => {
    const rng = new Random(31);
    for (const alphabet of [1, 2, 4, 256]) {
      const text = Uint8Array.from({ length: 2000 }, () => rng.int(alphabet));
      checkQueries(SubstringIndex.build(text), rng, 200, 12, alphabet);
    }
  });

  it("searches strings as UTF-8", () => {
    const index = SubstringIndex.build(new TextEncoder().encode("naïve naïveté, naïvely"));
    expect(index.count("naïve")).toBe(3);
    expect(index.count("ï")).toBe(3);
    expect(index.count("nai")).toBe(0);
    expect(Array.from(index.locate("naïvet"))).toEqual([0, 7]);
    expect(index.count("")).toBe(index.text.length);
    expect(index.count("x".repeat(1000))).toBe(0);
  });

  it("finds nothing in an empty text", () => {
    const index = SubstringIndex.build(new Uint8Array(0));
    expect(index.count("a")).toBe(0);
    expect(index.count("")).toBe(0);
  });

  it("never matches across documents", () => {
    const rng = new Random(32);
    const docs = Array.from({ length: 300 }, () => Uint8Array.from({ length: rng.int(10) }, () => 97 + rng.int(2)));
    const index = SubstringIndex.fromDocuments(joinByteDocuments(docs));
    checkQueries(index, rng, 300, 6, 256);
    expect(index.count(Uint8Array.of(97, 0xff, 97))).toBe(0);
    // Every occurrence lies within its document.
    const pairs = index.locate("ab");
    for (let i = 0; i < pairs.length; i += 2) expect(pairs[i + 1] + 2).toBeLessThanOrEqual(docs[pairs[i]].length);
  });

  it("indexes token documents with large symbols", () => {
    const rng = new Random(33);
    const vocabulary = [0, 1, 0x7fffffff, 0x80000000, 0xfffffffe];
    const docs = Array.from({ length: 50 }, () => Uint32Array.from({ length: rng.int(20) }, () => vocabulary[rng.int(5)]));
    const index = SubstringIndex.fromDocuments(joinTokenDocuments(docs));
    for (let i = 0; i < 200; i++) {
      const q = Uint32Array.from({ length: 1 + rng.int(3) }, () => vocabulary[rng.int(5)]);
      expect(Array.from(index.locate(q))).toEqual(expectedPairs(index, q));
    }
  });

  it("round-trips through a container as views over the file", () => {
    const rng = new Random(34);
    const docs = Array.from({ length: 20 }, () => Uint8Array.from({ length: rng.int(30) }, () => 97 + rng.int(3)));
    const index = SubstringIndex.fromDocuments(joinByteDocuments(docs));
    const out = new ContainerWriter("substring-index");
    index.write(out, "idx");
    const bytes = out.toBytes();
    const c = Container.from(bytes);
    const back = SubstringIndex.read(c, "idx");
    expect(back.text.buffer).toBe(c.bytes.buffer);
    expect(back.sa.buffer).toBe(c.bytes.buffer);
    expect(back.separator).toBe(index.separator);
    expect(Array.from(back.sa)).toEqual(Array.from(index.sa));
    expect(back.sizeInBits()).toBe(index.sizeInBits());
    for (const q of ["a", "ab", "cab", "abcabc"]) expect(Array.from(back.locate(q))).toEqual(Array.from(index.locate(q)));
    const tokens = SubstringIndex.fromDocuments(joinTokenDocuments([Uint32Array.of(5, 6, 5)]));
    const out32 = new ContainerWriter("substring-index");
    tokens.write(out32, "t");
    const back32 = SubstringIndex.read(Container.from(out32.toBytes()), "t");
    expect(back32.text).toBeInstanceOf(Uint32Array);
    expect(back32.count(Uint32Array.of(5))).toBe(2);
    expect(() => SubstringIndex.read(c, "missing")).toThrow(FormatError);
  });
});
