import { describe, expect, it } from "vitest";
import { Random } from "../helpers/random.js";
import { IndexedCodewords, IndexedCodewordsBuilder } from "../../src/bits/indexed_codewords.js";

/** Values appended in batches (each less `subtract`), read back against the plain list. */
function expectBatches(batches: number[][], subtract = 0): void {
  const builder = new IndexedCodewordsBuilder();
  for (const batch of batches) builder.append(Uint32Array.from(batch), 0, batch.length, subtract);
  const built = builder.build();
  const values = batches.flat().map((v) => v - subtract);
  expect(built.length).toBe(values.length);
  for (let i = 0; i < values.length; i++) expect(built.access(i)).toBe(values[i]);
  const whole = IndexedCodewords.build(values);
  expect(Array.from(built.codewords.words)).toEqual(Array.from(whole.codewords.words));
  expect(Array.from(built.marks.words)).toEqual(Array.from(whole.marks.words));
  expect(built.sizeInBits()).toBe(whole.sizeInBits());
}

describe("IndexedCodewordsBuilder", () => {
  it("reads back empty, single, all-zero and every codeword width up to 32 bits", () => {
    expectBatches([]);
    expectBatches([[0]]);
    expectBatches([Array.from({ length: 5000 }, () => 0), [], [0, 0]]);
    const widths: number[] = [];
    for (let w = 1; w < 32; w++) widths.push(2 ** w - 2, 2 ** w - 1, 2 ** w);
    expectBatches([widths, [0xffffffff, 0xfffffffe, 0xfffffffd, 0, 0xffffffff]]);
  });

  it("reads back random batches of skewed values, with and without an offset subtracted", () => {
    const rnd = new Random(11);
    const batches = Array.from({ length: 300 }, () => Array.from({ length: rnd.int(200) }, () => 1 + Math.floor(2 ** (rnd.next() * rnd.next() * 32) - 1)));
    expectBatches(batches, 1);
    expectBatches(batches.map((b) => b.map((v) => v - 1)));
  });

  it("refuses values outside 0..2^32 − 1, naming their index", () => {
    const builder = new IndexedCodewordsBuilder();
    builder.append([1, 2], 0, 2);
    expect(() => builder.append([3, 0], 0, 2, 1)).toThrow(/value -1 at index 3/);
    expect(() => IndexedCodewords.build([2 ** 32])).toThrow(/not an integer in 0\.\.4294967295/);
    expect(() => IndexedCodewords.build([1.5])).toThrow(/not an integer/);
  });
});
