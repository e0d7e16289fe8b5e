import { describe, expect, it } from "vitest";
import { popcount32, select32, ctz32, ceilLog2, floorLog2, lowMask } from "../../src/bits/broadword.js";
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
});
