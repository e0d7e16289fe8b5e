import { ctz32 } from "../bits/broadword.js";

/**
 * A marked list longer than universe / DENSE_RATIO is put in order by walking the bit table (a word read
 * per 32 ids, a ctz per id) rather than sorted: the walk costs about universe / 32 steps, a sort some
 * 10–30 ns an entry.
 */
const DENSE_RATIO = 512;

/** Insertion sort up to this length; a radix sort above. */
const INSERTION_LIMIT = 32;
const RADIX_BITS = 8;
const RADIX = 1 << RADIX_BITS;

/**
 * Sorts token ids in increasing order: a[from, to) in place. Long lists are radix sorted (LSD, a byte at
 * a time, only as many bytes as the largest id needs), through `scratch` when given room for them.
 */
export class TokenSorter {
  private scratch = new Uint32Array(1024);
  private readonly counts = new Uint32Array(4 * RADIX);

  sort(a: Uint32Array, from: number, to: number): void {
    if (to - from <= INSERTION_LIMIT) insertionSort(a, from, to);
    else this.radixSort(a, from, to);
  }

  /**
   * Puts list[0, n), distinct ids below `universe` each marked by its bit in `bits` (and nothing else
   * marked), in increasing order, and clears the marks: by sorting when the list is short, else by reading
   * the ids off the bit table.
   */
  sortMarked(list: Uint32Array, n: number, bits: Uint32Array, universe: number): void {
    if (n * DENSE_RATIO <= universe) {
      this.sort(list, 0, n);
      for (let i = 0; i < n; i++) bits[list[i] >>> 5] = 0;
      return;
    }
    for (let w = 0, k = 0; k < n; w++) {
      let word = bits[w];
      if (word === 0) continue;
      bits[w] = 0;
      while (word !== 0) {
        list[k++] = w * 32 + ctz32(word);
        word &= word - 1;
      }
    }
  }

  private radixSort(a: Uint32Array, from: number, to: number): void {
    const n = to - from;
    if (this.scratch.length < n) this.scratch = new Uint32Array(2 * n);
    const counts = this.counts;
    counts.fill(0);
    let max = 0;
    for (let i = from; i < to; i++) {
      const v = a[i];
      if (v > max) max = v;
      counts[v & 0xff]++;
      counts[RADIX + ((v >>> 8) & 0xff)]++;
      counts[2 * RADIX + ((v >>> 16) & 0xff)]++;
      counts[3 * RADIX + (v >>> 24)]++;
    }
    const passes = max < 1 << 8 ? 1 : max < 1 << 16 ? 2 : max < 1 << 24 ? 3 : 4;
    let src: Uint32Array = a;
    let dst: Uint32Array = this.scratch;
    let srcFrom = from;
    let dstFrom = 0;
    for (let pass = 0; pass < passes; pass++) {
      scatter(src, srcFrom, n, dst, dstFrom, counts, pass * RADIX, pass * RADIX_BITS);
      const t = src;
      src = dst;
      dst = t;
      const f = srcFrom;
      srcFrom = dstFrom;
      dstFrom = f;
    }
    if (src !== a) a.set(src.subarray(srcFrom, srcFrom + n), from);
  }
}

/** One counting-sort pass on the byte at `shift`: src[srcFrom, +n) → dst from dstFrom, by counts[base …]. */
function scatter(src: Uint32Array, srcFrom: number, n: number, dst: Uint32Array, dstFrom: number, counts: Uint32Array, base: number, shift: number): void {
  let sum = dstFrom;
  for (let d = 0; d < RADIX; d++) {
    const c = counts[base + d];
    counts[base + d] = sum;
    sum += c;
  }
  for (let i = srcFrom, end = srcFrom + n; i < end; i++) {
    const v = src[i];
    dst[counts[base + ((v >>> shift) & 0xff)]++] = v;
  }
}

/** Sorts a[from, to) by insertion: the fastest for the few distinct tokens of a short window. */
function insertionSort(a: Uint32Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= from && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}
