import { CsrMatrix } from "../../src/embed/csr_matrix.js";
import { Random } from "../helpers/random.js";

/** Row-major dense matrix of a CSR one. */
export function toDense(a: CsrMatrix): Float64Array {
  const out = new Float64Array(a.rows * a.cols);
  for (let r = 0; r < a.rows; r++) for (let p = a.rowStarts[r]; p < a.rowStarts[r + 1]; p++) out[r * a.cols + a.columns[p]] = a.values[p];
  return out;
}

/** A sparse rows×cols matrix of rank ≤ rank: the product of two sparse random factors. */
export function lowRankSparse(random: Random, rows: number, cols: number, rank: number, density: number): CsrMatrix {
  const left = sparseDense(random, rows, rank, density);
  const right = sparseDense(random, rank, cols, density);
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let t = 0; t < rank; t++) s += left[i * rank + t] * right[t * cols + j];
      if (s !== 0) r.push(i), c.push(j), v.push(s);
    }
  }
  return CsrMatrix.fromTriples(rows, cols, r, c, v);
}

function sparseDense(random: Random, rows: number, cols: number, density: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < out.length; i++) if (random.next() < density) out[i] = random.next() * 2 - 1;
  return out;
}

/**
 * Singular values and vectors of a dense matrix by one-sided Jacobi (Hestenes): rotate pairs of columns
 * until all are orthogonal; the column norms are the singular values. A different method from the one
 * under test, so agreement means something.
 */
export function denseSvd(a: Float64Array, rows: number, cols: number): { s: number[]; u: number[][]; v: number[][] } {
  const w = Array.from({ length: cols }, (_, j) => Array.from({ length: rows }, (_, i) => a[i * cols + j]));
  const v = Array.from({ length: cols }, (_, j) => Array.from({ length: cols }, (_, i) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < cols - 1; p++) {
      for (let q = p + 1; q < cols; q++) {
        const alpha = dot(w[p], w[p]);
        const beta = dot(w[q], w[q]);
        const gamma = dot(w[p], w[q]);
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma === 0) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (const m of [w, v]) {
          for (let i = 0; i < m[p].length; i++) {
            const x = m[p][i];
            const y = m[q][i];
            m[p][i] = c * x - s * y;
            m[q][i] = s * x + c * y;
          }
        }
      }
    }
    if (!rotated) break;
  }
  const order = w.map((col, j) => ({ j, norm: Math.sqrt(dot(col, col)) })).sort((x, y) => y.norm - x.norm);
  return {
    s: order.map((o) => o.norm),
    u: order.map((o) => w[o.j].map((x) => (o.norm > 0 ? x / o.norm : 0))),
    v: order.map((o) => v[o.j]),
  };
}

function dot(x: number[], y: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}
