import { CsrMatrix } from "./csr_matrix.js";

export interface PpmiOptions {
  /** Exponent smoothing the context distribution (Levy, Goldberg & Dagan 2015); default 0.75. */
  alpha?: number;
  /** k of the shift: PMI − log k, as SGNS with k negative samples implies; default 1 (no shift). */
  shift?: number;
}

export const DEFAULT_CONTEXT_ALPHA = 0.75;

/**
 * Positive pointwise mutual information of a count matrix (rows: words, columns: contexts):
 *   PPMI(w, c) = max(0, log(#(w,c) · Σ_c' #(c')^α / (#(w) · #(c)^α)) − log k)
 * with #(w) and #(c) the row and column sums. Entries that come out zero are left out.
 */
export function ppmiMatrix(counts: CsrMatrix, options: PpmiOptions = {}): CsrMatrix {
  const alpha = options.alpha ?? DEFAULT_CONTEXT_ALPHA;
  const shift = options.shift ?? 1;
  if (!(shift > 0)) throw new RangeError(`the PPMI shift k must be positive, got ${shift}`);
  const wordSums = counts.rowSums();
  const contextPowers = counts.columnSums();
  let smoothedTotal = 0;
  for (let c = 0; c < contextPowers.length; c++) {
    contextPowers[c] = Math.pow(contextPowers[c], alpha);
    smoothedTotal += contextPowers[c];
  }
  const logShift = Math.log(shift);
  const rowStarts = new Uint32Array(counts.rows + 1);
  const columns = new Uint32Array(counts.nonZeros);
  const values = new Float64Array(counts.nonZeros);
  let n = 0;
  for (let r = 0; r < counts.rows; r++) {
    for (let p = counts.rowStarts[r]; p < counts.rowStarts[r + 1]; p++) {
      const c = counts.columns[p];
      const pmi = Math.log((counts.values[p] * smoothedTotal) / (wordSums[r] * contextPowers[c])) - logShift;
      if (pmi > 0) {
        columns[n] = c;
        values[n++] = pmi;
      }
    }
    rowStarts[r + 1] = n;
  }
  return new CsrMatrix(counts.rows, counts.cols, rowStarts, columns.slice(0, n), values.slice(0, n));
}
