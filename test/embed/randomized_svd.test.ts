import { describe, expect, it } from "vitest";
import { randomizedSvd } from "../../src/embed/randomized_svd.js";
import { CsrMatrix } from "../../src/embed/csr_matrix.js";
import { symmetricEigen } from "../../src/embed/jacobi_eigen.js";
import { Random } from "../helpers/random.js";
import { denseSvd, lowRankSparse, toDense } from "./dense_oracle.js";

/** Frobenius norm of a − U_d·S_d·V_dᵀ over the norm of a. */
function relativeResidual(a: Float64Array, rows: number, cols: number, s: ArrayLike<number>, d: number, uAt: (i: number, j: number) => number, vAt: (i: number, j: number) => number): number {
  let err = 0;
  let norm = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let x = 0;
      for (let t = 0; t < d; t++) x += uAt(i, t) * s[t] * vAt(j, t);
      err += (a[i * cols + j] - x) ** 2;
      norm += a[i * cols + j] ** 2;
    }
  }
  return Math.sqrt(err / norm);
}

describe("randomizedSvd", () => {
  const cases = [
    { rows: 60, cols: 40, rank: 6, d: 6, density: 0.4 },
    { rows: 30, cols: 80, rank: 8, d: 5, density: 0.5 },
    { rows: 100, cols: 100, rank: 12, d: 12, density: 0.15 },
    { rows: 25, cols: 25, rank: 3, d: 10, density: 0.6 },
  ];
  for (const [n, c] of cases.entries()) {
    it(`matches a dense one-sided Jacobi SVD (case ${n}: ${c.rows}×${c.cols}, rank ${c.rank}, d ${c.d})`, () => {
      const a = lowRankSparse(new Random(100 + n), c.rows, c.cols, c.rank, c.density);
      const dense = toDense(a);
      const ref = denseSvd(dense, c.rows, c.cols);
      const svd = randomizedSvd(a, { rank: c.d, seed: 5 });
      const d = Math.min(c.d, c.rows, c.cols);
      const scale = ref.s[0];
      for (let j = 0; j < d; j++) expect(Math.abs(svd.s[j] - ref.s[j])).toBeLessThanOrEqual(1e-6 * Math.max(ref.s[j], 1e-9 * scale));
      const kept = Math.min(d, c.rank);
      const ours = relativeResidual(dense, c.rows, c.cols, svd.s, kept, (i, t) => svd.u[i * d + t], (j, t) => svd.v[j * d + t]);
      const theirs = relativeResidual(dense, c.rows, c.cols, ref.s, kept, (i, t) => ref.u[t][i], (j, t) => ref.v[t][j]);
      expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(1e-6 * Math.max(theirs, 1));
      if (kept === c.rank) expect(ours).toBeLessThan(1e-9);
    });
  }

  it("is deterministic for a seed and gives orthonormal U", () => {
    const a = lowRankSparse(new Random(9), 50, 30, 10, 0.3);
    const x = randomizedSvd(a, { rank: 8, seed: 3 });
    const y = randomizedSvd(a, { rank: 8, seed: 3 });
    expect(Array.from(x.u)).toEqual(Array.from(y.u));
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) {
        let s = 0;
        for (let r = 0; r < 50; r++) s += x.u[r * 8 + i] * x.u[r * 8 + j];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 9);
      }
    }
  });

  it("handles an all-zero matrix and a single entry", () => {
    const zero = new CsrMatrix(4, 3, new Uint32Array(5), new Uint32Array(0), new Float64Array(0));
    expect(Array.from(randomizedSvd(zero, { rank: 2 }).s)).toEqual([0, 0]);
    const one = CsrMatrix.fromTriples(3, 3, [1], [2], [-4]);
    const svd = randomizedSvd(one, { rank: 1 });
    expect(svd.s[0]).toBeCloseTo(4, 12);
    expect(Math.abs(svd.u[1])).toBeCloseTo(1, 12);
  });
});

describe("symmetricEigen", () => {
  it("diagonalizes a random symmetric matrix", () => {
    const random = new Random(4);
    const k = 9;
    const m = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) m[i * k + j] = m[j * k + i] = random.next() - 0.5;
    const { values, vectors } = symmetricEigen(m, k);
    for (let j = 0; j < k; j++) {
      if (j > 0) expect(values[j]).toBeLessThanOrEqual(values[j - 1]);
      for (let i = 0; i < k; i++) {
        let mv = 0;
        for (let t = 0; t < k; t++) mv += m[i * k + t] * vectors[t * k + j];
        expect(mv).toBeCloseTo(values[j] * vectors[i * k + j], 12);
      }
    }
  });
});
