/**
 * Buckets of documents by perplexity, as CCNet splits a language's documents into head, middle and tail:
 * cut-offs at percentiles of the perplexities of a sample, a document in the first bucket whose cut-off
 * its perplexity is below, else in the last.
 */

/**
 * The values at `percentiles` (each 0..100, increasing) of `values` (NaN ignored), interpolated linearly
 * between the two nearest ranks as NumPy's `percentile` does by default. Throws RangeError when no
 * value is a number.
 */
export function percentileCutoffs(values: ArrayLike<number>, percentiles: readonly number[]): number[] {
  const sorted = Float64Array.from(values).filter((v) => !Number.isNaN(v)).sort();
  if (sorted.length === 0) throw new RangeError("no document of the sample has a perplexity (all are empty)");
  return percentiles.map((p) => {
    const rank = (p / 100) * (sorted.length - 1);
    const below = Math.floor(rank);
    const above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
  });
}

/** Bucket of a perplexity: the first whose cut-off is above it; the last (cutoffs.length) otherwise, NaN included. */
export function bucketOf(perplexity: number, cutoffs: readonly number[]): number {
  for (let b = 0; b < cutoffs.length; b++) if (perplexity < cutoffs[b]) return b;
  return cutoffs.length;
}

/** Names of the buckets of n cut-offs: CCNet's head, middle and tail for two, else bucket1 … bucketN+1. */
export function bucketNames(cutoffs: number): string[] {
  if (cutoffs === 2) return ["head", "middle", "tail"];
  return Array.from({ length: cutoffs + 1 }, (_, i) => `bucket${i + 1}`);
}
