import { describe, expect, it } from "vitest";
import { gram, multiplySmall, orthonormalizeColumns } from "../../src/embed/dense_block.js";
import { Random } from "../helpers/random.js";

function randomBlock(random: Random, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => random.next() * 2 - 1);
}

/** (aᵀ·b)[i][j] over row-major n×k blocks, by the definition. */
function crossProduct(a: Float64Array, b: Float64Array, n: number, k: number): number[][] {
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      let s = 0;
      for (let r = 0; r < n; r++) s += a[r * k + i] * b[r * k + j];
      return s;
    }),
  );
}

/** Residual of column j of `original` after projection on the columns of the orthonormal q. */
function outsideSpan(original: Float64Array, q: Float64Array, n: number, k: number, j: number): number {
  const rest = Array.from({ length: n }, (_, r) => original[r * k + j]);
  for (let i = 0; i < k; i++) {
    let d = 0;
    for (let r = 0; r < n; r++) d += q[r * k + i] * rest[r];
    for (let r = 0; r < n; r++) rest[r] -= d * q[r * k + i];
  }
  return Math.sqrt(rest.reduce((s, v) => s + v * v, 0));
}

describe("orthonormalizeColumns", () => {
  for (const [n, k] of [[50, 1], [50, 7], [200, 13], [9, 9]] as const) {
    it(`gives orthonormal columns spanning the same space (${n}×${k})`, () => {
      const block = randomBlock(new Random(n + k), n * k);
      const q = block.slice();
      orthonormalizeColumns(q, n, k, new Float64Array(n * k));
      const qtq = crossProduct(q, q, n, k);
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) expect(Math.abs(qtq[i][j] - (i === j ? 1 : 0))).toBeLessThan(1e-13);
      for (let j = 0; j < k; j++) expect(outsideSpan(block, q, n, k, j)).toBeLessThan(1e-12);
    });
  }

  it("zeroes columns dependent on earlier ones, nearly dependent ones included", () => {
    const random = new Random(8);
    const n = 40;
    const k = 6;
    const block = randomBlock(random, n * k);
    for (let r = 0; r < n; r++) {
      block[r * k + 2] = 3 * block[r * k] - block[r * k + 1];
      block[r * k + 4] = block[r * k + 3] * (1 + 1e-14);
      block[r * k + 5] = 0;
    }
    const q = block.slice();
    orthonormalizeColumns(q, n, k, new Float64Array(n * k));
    for (const j of [2, 4, 5]) for (let r = 0; r < n; r++) expect(Math.abs(q[r * k + j])).toBe(0);
    const qtq = crossProduct(q, q, n, k);
    for (const i of [0, 1, 3]) for (const j of [0, 1, 3]) expect(Math.abs(qtq[i][j] - (i === j ? 1 : 0))).toBeLessThan(1e-13);
  });

  it("is stable on columns of widely different scales (ill-conditioned blocks)", () => {
    const random = new Random(9);
    const n = 120;
    const k = 10;
    // Columns that are nearly the same direction plus a little of their own: condition number ≈ 1e9.
    const base = randomBlock(random, n);
    const block = randomBlock(random, n * k);
    for (let r = 0; r < n; r++) for (let j = 0; j < k; j++) block[r * k + j] = base[r] + 1e-9 * block[r * k + j];
    orthonormalizeColumns(block, n, k, new Float64Array(n * k));
    const qtq = crossProduct(block, block, n, k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) expect(Math.abs(qtq[i][j] - (i === j ? 1 : 0))).toBeLessThan(1e-12);
  });
});

describe("gram and multiplySmall", () => {
  for (const n of [0, 1, 3, 4, 17]) {
    it(`gram equals aᵀa (n = ${n}, k = 5 and 8)`, () => {
      for (const k of [5, 8]) {
        const a = randomBlock(new Random(n * 10 + k), n * k);
        const out = new Float64Array(k * k).fill(Number.NaN);
        gram(a, n, k, out);
        const expected = crossProduct(a, a, n, k);
        for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) expect(out[i * k + j]).toBeCloseTo(expected[i][j], 12);
      }
    });
  }

  it("multiplySmall equals the product with the first m columns of b, for widths around four", () => {
    const random = new Random(12);
    const n = 11;
    for (const k of [1, 3, 4, 6, 9]) {
      const bCols = k + 2;
      for (const m of [1, k, bCols]) {
        const a = randomBlock(random, n * k);
        const b = randomBlock(random, k * bCols);
        const out = new Float64Array(n * m).fill(Number.NaN);
        multiplySmall(a, n, k, b, bCols, m, out);
        for (let r = 0; r < n; r++) {
          for (let j = 0; j < m; j++) {
            let s = 0;
            for (let i = 0; i < k; i++) s += a[r * k + i] * b[i * bCols + j];
            expect(out[r * m + j]).toBeCloseTo(s, 12);
          }
        }
      }
    }
  });
});
