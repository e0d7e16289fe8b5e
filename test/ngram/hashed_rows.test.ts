import { describe, expect, it } from "vitest";
import { hashRows, LineNumbers } from "../../src/ngram/hashed_rows.js";
import { Random } from "../helpers/random.js";

describe("LineNumbers", () => {
  it("gives back every line, whether the rows sit on consecutive lines or not", () => {
    const rnd = new Random(8);
    for (const jumps of [0, 1, 50]) {
      const lines: number[] = [];
      let line = 2 + rnd.int(5);
      for (let i = 0; i < 1000; i++) {
        lines.push(line);
        line += rnd.int(1000) < jumps ? 2 + rnd.int(3) : 1;
      }
      const numbers = new LineNumbers(lines.length);
      lines.forEach((l, i) => numbers.set(i, l));
      expect(Array.from({ length: lines.length }, (_, i) => numbers.of(i))).toEqual(lines);
      expect(Array.from({ length: lines.length }, (_, i) => LineNumbers.from(lines).of(i))).toEqual(lines);
    }
  });
});

describe("hashRows", () => {
  it("places every row in its own slot with its fingerprint, and names both lines of a repeat", () => {
    const rnd = new Random(4);
    const n = 5000;
    const lo = Uint32Array.from({ length: n }, () => rnd.int(2 ** 32));
    const hi = Uint32Array.from({ length: n }, () => rnd.int(2 ** 32));
    const { fingerprints, slotOf } = hashRows(lo, hi, new LineNumbers(n), "x", 8);
    expect(new Set(slotOf).size).toBe(n);
    for (let i = 0; i < n; i++) expect([fingerprints[2 * slotOf[i]], fingerprints[2 * slotOf[i] + 1]]).toEqual([lo[i], hi[i]]);
    lo[4000] = lo[10];
    hi[4000] = hi[10];
    const lines = LineNumbers.from(Array.from({ length: n }, (_, i) => 3 * i + 7));
    expect(() => hashRows(lo, hi, lines, "grams", 4)).toThrow(/grams:12007: the n-gram of line 37 appears again/);
  });
});
