import { EmbeddingStore } from "./embedding_store.js";
import type { CsrMatrix } from "./csr_matrix.js";
import { ppmiMatrix, type PpmiOptions } from "./ppmi.js";
import { randomizedSvd, type SvdOptions } from "./randomized_svd.js";

export interface TrainOptions extends PpmiOptions, Omit<SvdOptions, "rank"> {
  /** Dimensions d (default 100). */
  dim?: number;
  /** Exponent p of the singular values in U·Σ^p (default 0.5, which Levy et al. found best for similarity). */
  power?: number;
  /** Store 8-bit codes instead of float32. */
  quantize?: boolean;
}

export const DEFAULT_DIM = 100;
export const DEFAULT_EIGEN_POWER = 0.5;

/** Word vectors from co-occurrence counts: PPMI (smoothed, optionally shifted), truncated SVD, U·Σ^p. */
export function trainEmbeddings(counts: CsrMatrix, labels: readonly string[], options: TrainOptions = {}): EmbeddingStore {
  if (counts.rows !== labels.length) throw new RangeError(`${counts.rows} rows but ${labels.length} labels`);
  const ppmi = ppmiMatrix(counts, options);
  const svd = randomizedSvd(ppmi, { ...options, rank: options.dim ?? DEFAULT_DIM });
  const power = options.power ?? DEFAULT_EIGEN_POWER;
  const d = svd.rank;
  const weights = Float64Array.from(svd.s, (s) => Math.pow(s, power));
  const vectors = new Float32Array(svd.rows * d);
  for (let r = 0; r < svd.rows; r++) for (let j = 0; j < d; j++) vectors[r * d + j] = svd.u[r * d + j] * weights[j];
  return EmbeddingStore.build(vectors, d, labels, options.quantize ?? false);
}
