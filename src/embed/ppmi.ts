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
 * with #(w) and #(c) the row and column sums. Entries that come out zero are left out. The logarithm is
 * taken apart, log #(w,c) + log Σ − log #(w) − α·log #(c) − log k, so that an entry costs one logarithm,
 * and that one is looked up for the small whole counts that make up most co-occurrence matrices. The result
 * keeps the arrays sized for every count (its entries are a prefix of them): copying 45 M entries to trim
 * them would cost more time and, for a moment, more memory than the unused tail.
 */
export function ppmiMatrix(counts: CsrMatrix, options: PpmiOptions = {}): CsrMatrix {
  const alpha = options.alpha ?? DEFAULT_CONTEXT_ALPHA;
  const shift = options.shift ?? 1;
  if (!(shift > 0)) throw new RangeError(`the PPMI shift k must be positive, got ${shift}`);
  const rowLogs = logs(counts.rowSums(), 1);
  const contextLogs = logs(counts.columnSums(), alpha);
  let smoothedTotal = 0;
  for (let c = 0; c < contextLogs.length; c++) smoothedTotal += Math.exp(contextLogs[c]);
  const offset = Math.log(smoothedTotal) - Math.log(shift);
  const rowStarts = new Uint32Array(counts.rows + 1);
  const columns = new Uint32Array(counts.nonZeros);
  const values = new Float64Array(counts.nonZeros);
  const smallLogs = (smallCountLogs ??= Float64Array.from({ length: SMALL_COUNTS }, (_, i) => Math.log(i)));
  let n = 0;
  for (let r = 0; r < counts.rows; r++) {
    const rowOffset = offset - rowLogs[r];
    for (let p = counts.rowStarts[r]; p < counts.rowStarts[r + 1]; p++) {
      const c = counts.columns[p];
      const pmi = logCount(counts.values[p], smallLogs) + rowOffset - contextLogs[c];
      if (pmi > 0) {
        columns[n] = c;
        values[n++] = pmi;
      }
    }
    rowStarts[r + 1] = n;
  }
  return new CsrMatrix(counts.rows, counts.cols, rowStarts, columns, values);
}

/** power · log(sum) of each sum (−∞ for an empty row or column, which has no entries to use it). */
function logs(sums: Float64Array, power: number): Float64Array {
  for (let i = 0; i < sums.length; i++) sums[i] = power * Math.log(sums[i]);
  return sums;
}

/** Whole counts below this have their logarithm in a table, made on first use. */
const SMALL_COUNTS = 1 << 16;
let smallCountLogs: Float64Array | undefined;

function logCount(count: number, smallLogs: Float64Array): number {
  return count >= 0 && count < SMALL_COUNTS && count === Math.floor(count) ? smallLogs[count] : Math.log(count);
}
