/** Small seeded generator (mulberry32) so that every randomized test is reproducible. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n), exact for n up to 2^53. */
  int(n: number): number {
    if (n <= 4294967296) return Math.floor(this.next() * n);
    return Math.floor((this.u32() * 4294967296 + this.u32()) / 2 ** 64 * n);
  }

  /** Sorted array of `n` integers drawn uniformly from [0, universe) (with repeats). */
  sortedInts(n: number, universe: number): number[] {
    const a: number[] = [];
    for (let i = 0; i < n; i++) a.push(this.int(universe));
    return a.sort((x, y) => x - y);
  }
}
