import { describe, expect, it } from "vitest";
import { popcount32, select32, ctz32, ceilLog2, floorLog2, lowMask, transpose32 } from "../../src/bits/broadword.js";
import { Random } from "../helpers/random.js";

function naivePopcount(x: number): number {
  let c = 0;
  for (let i = 0; i < 32; i++) c += (x >>> i) & 1;
  return c;
}

describe("broadword", () => {
  const rnd = new Random(1);
  const words = [0, 1, 0x80000000, 0xffffffff, 0x55555555, 0xaaaaaaaa, 0x0000ff00];
  for (let i = 0; i < 2000; i++) words.push(rnd.u32());

  it("popcount32 and ctz32 agree with bit loops", () => {
    for (const w of words) {
      expect(popcount32(w)).toBe(naivePopcount(w));
      if (w !== 0) {
        let i = 0;
        while (((w >>> i) & 1) === 0) i++;
        expect(ctz32(w)).toBe(i);
      }
    }
  });

  it("select32 finds every set bit", () => {
    for (const w of words) {
      let k = 0;
      for (let i = 0; i < 32; i++) if ((w >>> i) & 1) expect(select32(w, k++)).toBe(i);
    }
  });

  it("logarithms are exact up to 2^53", () => {
    for (let e = 0; e < 53; e++) {
      const p = 2 ** e;
      expect(floorLog2(p)).toBe(e);
      expect(ceilLog2(p)).toBe(e);
      if (p > 2) {
        expect(floorLog2(p - 1)).toBe(e - 1);
        expect(ceilLog2(p + 1)).toBe(e + 1);
      }
    }
    expect(lowMask(0)).toBe(0);
    expect(lowMask(32) >>> 0).toBe(0xffffffff);
  });

  it("transpose32 swaps rows and columns of a 32 × 32 bit matrix, at any offset", () => {
    const rnd = new Random(32);
    for (let trial = 0; trial < 50; trial++) {
      const at = rnd.int(4);
      const a = new Uint32Array(at + 32 + 3);
      for (let i = 0; i < a.length; i++) a[i] = trial === 0 ? (i === at + 5 ? 1 << 31 : 0) : rnd.int(2 ** 32);
      const before = a.slice();
      transpose32(a, at);
      const bit = (words: Uint32Array, row: number, col: number) => (words[at + row] >>> col) & 1;
      const cells = Array.from({ length: 1024 }, (_, i) => i);
      expect(cells.map((i) => bit(a, i >>> 5, i & 31))).toEqual(cells.map((i) => bit(before, i & 31, i >>> 5)));
      expect(Array.from(a.subarray(0, at))).toEqual(Array.from(before.subarray(0, at)));
      expect(Array.from(a.subarray(at + 32))).toEqual(Array.from(before.subarray(at + 32)));
    }
  });
});
