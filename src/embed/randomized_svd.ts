import type { CsrMatrix } from "./csr_matrix.js";
import { ParallelCsrProduct } from "./parallel_csr.js";
import { gram, multiplySmall, orthonormalizeColumns } from "./dense_block.js";
import { symmetricEigen } from "./jacobi_eigen.js";
import { SeededRandom } from "./seeded_random.js";

export interface SvdOptions {
  /** d, singular triplets wanted (default 100, at most min(rows, cols)). */
  rank?: number;
  /** p, extra random directions that make the top d accurate (default 10). */
  oversampling?: number;
  /** q, rounds of subspace iteration; each sharpens the gap between kept and dropped values (default 2). */
  powerIterations?: number;
  seed?: number;
  /** Threads for the sparse products (default 1; more need the compiled package, see ParallelCsrProduct). */
  threads?: number;
  /** Called after each product with the sparse matrix: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** A ≈ U·diag(S)·Vᵀ, U rows×d and V cols×d row-major, S decreasing. */
export interface TruncatedSvd {
  rank: number;
  rows: number;
  cols: number;
  u: Float64Array;
  s: Float64Array;
  v: Float64Array;
}

export const DEFAULT_SVD_RANK = 100;
export const DEFAULT_OVERSAMPLING = 10;
export const DEFAULT_POWER_ITERATIONS = 2;

/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011, Algorithms 4.4 and 5.1): an orthonormal basis
 * Q of the range of A·Ω for a Gaussian Ω, refined by subspace iteration with re-orthonormalization after
 * every product; then B = QᵀA is small in one dimension, and the eigenproblem of B·Bᵀ ((d+p)×(d+p),
 * solved by Jacobi) gives B's left singular vectors and values. Only products of the sparse A with dense
 * tall blocks touch A, so it runs in O(nnz·(d+p)·(2q+2)) time. Aᵀ is materialized once so that both
 * products gather rows (no scattered writes), which is what lets them split across threads.
 */
export function randomizedSvd(a: CsrMatrix, options: SvdOptions = {}): TruncatedSvd {
  const rank = Math.min(options.rank ?? DEFAULT_SVD_RANK, a.rows, a.cols);
  const width = Math.min(rank + (options.oversampling ?? DEFAULT_OVERSAMPLING), a.rows, a.cols);
  const threads = options.threads ?? 1;
  const forward = new ParallelCsrProduct(a, threads, width);
  const backward = new ParallelCsrProduct(a.transpose(threads > 1), threads, width);
  try {
    return subspaceIteration(forward, backward, rank, width, options);
  } finally {
    forward.close();
    backward.close();
  }
}

function subspaceIteration(forward: ParallelCsrProduct, backward: ParallelCsrProduct, rank: number, width: number, options: SvdOptions): TruncatedSvd {
  const a = forward.matrix;
  const iterations = options.powerIterations ?? DEFAULT_POWER_ITERATIONS;
  const total = 2 * iterations + 2;
  let done = 0;
  const step = () => options.onProgress?.(++done, total);

  const q = new Float64Array(a.rows * width);
  const z = new Float64Array(a.cols * width);
  const scratch = new Float64Array(Math.max(a.rows, a.cols) * width);
  new SeededRandom(options.seed ?? 1).fillNormal(z);
  forward.multiply(z, width, q);
  step();
  orthonormalizeColumns(q, a.rows, width, scratch);
  for (let i = 0; i < iterations; i++) {
    backward.multiply(q, width, z);
    step();
    orthonormalizeColumns(z, a.cols, width, scratch);
    forward.multiply(z, width, q);
    step();
    orthonormalizeColumns(q, a.rows, width, scratch);
  }
  // z = AᵀQ = Bᵀ; B·Bᵀ = zᵀz.
  backward.multiply(q, width, z);
  step();
  return factorSmall(q, z, a.rows, a.cols, width, rank);
}

/** From Q and Bᵀ, the top `rank` triplets: U = Q·W, S = √λ, V = Bᵀ·W·S⁻¹ for B·Bᵀ = W·Λ·Wᵀ. */
function factorSmall(q: Float64Array, bt: Float64Array, rows: number, cols: number, width: number, rank: number): TruncatedSvd {
  const bbt = new Float64Array(width * width);
  gram(bt, cols, width, bbt);
  const { values, vectors } = symmetricEigen(bbt, width);
  const s = new Float64Array(rank);
  for (let j = 0; j < rank; j++) s[j] = Math.sqrt(Math.max(values[j], 0));
  const u = new Float64Array(rows * rank);
  multiplySmall(q, rows, width, vectors, width, rank, u);
  const v = new Float64Array(cols * rank);
  multiplySmall(bt, cols, width, vectors, width, rank, v);
  for (let r = 0; r < cols; r++) {
    for (let j = 0; j < rank; j++) v[r * rank + j] = s[j] > 0 ? v[r * rank + j] / s[j] : 0;
  }
  return { rank, rows, cols, u, s, v };
}
