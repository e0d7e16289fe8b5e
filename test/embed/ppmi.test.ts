import { describe, expect, it } from "vitest";
import { CsrMatrix } from "../../src/embed/csr_matrix.js";
import { ppmiMatrix } from "../../src/embed/ppmi.js";
import { Random } from "../helpers/random.js";
import { toDense } from "./dense_oracle.js";

/** PPMI straight from its definition over a dense count matrix. */
function directPpmi(counts: Float64Array, rows: number, cols: number, alpha: number, k: number): Float64Array {
  let smoothed = 0;
  const colPow: number[] = [];
  for (let c = 0; c < cols; c++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += counts[r * cols + c];
    colPow.push(s ** alpha);
    smoothed += s ** alpha;
  }
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let w = 0;
    for (let c = 0; c < cols; c++) w += counts[r * cols + c];
    for (let c = 0; c < cols; c++) {
      const n = counts[r * cols + c];
      if (n === 0) continue;
      // P(w,c) / (P(w)·Pα(c)) with P(w,c) = n/N and P(w) = w/N: the total N cancels.
      out[r * cols + c] = Math.max(0, Math.log(n / w / (colPow[c] / smoothed)) - Math.log(k));
    }
  }
  return out;
}

function randomCounts(random: Random, rows: number, cols: number, density: number): CsrMatrix {
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (random.next() < density) r.push(i), c.push(j), v.push(1 + random.int(20));
  return CsrMatrix.fromTriples(rows, cols, r, c, v);
}

describe("ppmiMatrix", () => {
  for (const [alpha, k] of [[0.75, 1], [1, 1], [0.75, 5], [0.5, 2]]) {
    it(`equals the direct formula (α = ${alpha}, k = ${k})`, () => {
      const counts = randomCounts(new Random(11), 30, 25, 0.3);
      const ppmi = ppmiMatrix(counts, { alpha, shift: k });
      const expected = directPpmi(toDense(counts), 30, 25, alpha, k);
      const got = toDense(ppmi);
      for (let i = 0; i < expected.length; i++) expect(got[i]).toBeCloseTo(expected[i], 12);
      for (let p = 0; p < ppmi.nonZeros; p++) expect(ppmi.values[p]).toBeGreaterThan(0);
    });
  }

  it("keeps an empty matrix empty and refuses a non-positive shift", () => {
    const empty = new CsrMatrix(2, 2, new Uint32Array(3), new Uint32Array(0), new Float64Array(0));
    expect(ppmiMatrix(empty).nonZeros).toBe(0);
    expect(() => ppmiMatrix(empty, { shift: 0 })).toThrow(/shift/);
  });
});
