import { SeededRandom } from "../../src/embed/seeded_random.js";

/**
 * The library's seeded generator (mulberry32), so that every randomized test is reproducible, with what
 * tests need on top: integers beyond 2^32 and sorted samples.
 */
export class Random extends SeededRandom {
  /** Uniform integer in [0, n), exact for n up to 2^53. */
  override int(n: number): number {
    if (n <= 4294967296) return Math.floor(this.next() * n);
    return Math.floor(((this.u32() * 4294967296 + this.u32()) / 2 ** 64) * n);
  }

  /** Sorted array of `n` integers drawn uniformly from [0, universe) (with repeats). */
  sortedInts(n: number, universe: number): number[] {
    const a: number[] = [];
    for (let i = 0; i < n; i++) a.push(this.int(universe));
    return a.sort((x, y) => x - y);
  }
}
