import { CompactVector, widthFor } from "../bits/compact_vector.js";
import type { Container, ContainerWriter } from "../container/container.js";
import type { Heap } from "../bits/heap.js";
import { LV_BYTES, LV_INDEX, LV_TABLE, LV_TABLE_LENGTH } from "../kernels/layout.js";

/** Largest number of bits of a quantized value. */
export const MAX_QUANTIZATION_BITS = 16;

/**
 * The log10 probabilities (or backoffs) of one order: a table of float32 values and, per n-gram, the
 * index of its value in the table. Quantized, the table holds 2^bits bins; exact, it holds every distinct
 * value of the order, which is still fewer bits per n-gram than a float32 (values repeat a lot).
 */
export class LogValues {
  readonly table: Float32Array;
  /** Address of the descriptor the kernels read (layout.ts LV_*). */
  readonly desc: number;
  readonly heap: Heap;

  constructor(
    table: Float32Array,
    readonly index: CompactVector,
  ) {
    this.heap = index.heap;
    this.table = this.heap.place(table);
    const d = this.heap.descriptor(LV_BYTES, this);
    d.u32[LV_TABLE >>> 2] = this.table.byteOffset;
    d.u32[LV_INDEX >>> 2] = index.desc;
    d.u32[LV_TABLE_LENGTH >>> 2] = table.length;
    this.desc = d.ptr;
  }

  get length(): number {
    return this.index.length;
  }

  get(i: number): number {
    return this.heap.kernels.logValueAt(this.desc, i);
  }

  sizeInBits(): number {
    return this.table.length * 32 + this.index.sizeInBits();
  }

  write(out: ContainerWriter, name: string): void {
    out.add(`${name}.table`, this.table);
    this.index.write(out, `${name}.index`);
  }

  /**
   * The values of `length` n-grams, refused unless the index is as wide as the table needs and the table
   * holds finite values, none above `max` (0 for log10 probabilities); with `c.verifying`, unless every
   * index is inside the table.
   */
  static read(c: Container, name: string, length: number, max = Infinity): LogValues {
    const table = c.f32(`${name}.table`);
    const index = CompactVector.read(c, `${name}.index`);
    if (index.length !== length) c.fail(`${name}.index.meta`, `holds ${index.length} values, expected ${length}`);
    if (length > 0 && (table.length === 0 || index.width !== widthFor(table.length - 1))) {
      c.fail(`${name}.index.meta`, `${index.width}-bit indexes into a table of ${table.length} values`);
    }
    for (let i = 0; i < table.length; i++) {
      if (!(Number.isFinite(table[i]) && table[i] <= max)) c.fail(`${name}.table`, `value ${i} is ${table[i]}, expected a finite number up to ${max}`);
    }
    if (c.verifying) {
      for (let i = 0; i < length; i++) if (index.get(i) >= table.length) c.fail(`${name}.index`, `n-gram ${i}'s index is past the table`);
    }
    return new LogValues(table, index);
  }

  /**
   * Stores `values` (float32) exactly (bits = 0) or quantized into 2^bits bins (1..16). With `keepZero`,
   * 0 is always one of the bins, so that a backoff of 0 stays exactly 0.
   */
  static build(values: Float32Array, bits: number, keepZero: boolean): LogValues {
    const table = bits === 0 ? distinctValues(values) : quantizationBins(values, bits, keepZero);
    const index = new Uint32Array(values.length);
    for (let i = 0; i < values.length; i++) index[i] = nearestBin(table, values[i]);
    return new LogValues(table, CompactVector.from(index, widthFor(Math.max(0, table.length - 1))));
  }

  /** A column with no values (backoffs of the highest order). */
  static empty(): LogValues {
    return new LogValues(new Float32Array(0), CompactVector.from([], 1));
  }
}

/** The distinct values, ascending. */
function distinctValues(values: Float32Array): Float32Array {
  const sorted = Float32Array.from(values).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
  return sorted.slice(0, n);
}

/**
 * The bins of `values` quantized to `bits` bits: ascending, without repeats, at most 2^bits of them.
 *
 * Backoffs (`keepZero`) are binned as Tongrams does: 0 has a bin of its own, the other values are sorted
 * and cut into 2^bits − 1 groups of equal size, each bin the average of its group. Backoffs repeat a lot,
 * so many groups share a bin and fewer bits are stored, at no measurable cost in perplexity.
 *
 * Probabilities are kept exactly when they have no more distinct values than bins. Otherwise half the
 * bins come from equal-size groups as above and half are evenly spaced over the range, then a few rounds
 * of Lloyd's algorithm move every bin to the mean of the values nearest to it. Equal-size groups alone are
 * wide where values are rare, and the rare high probabilities (near 0, such as p(</s> | .)) are the ones a
 * text meets most: on KenLM's heldout test the top bigram bin averaged values from −0.6 to −0.03, costing
 * 1.3% of perplexity; evenly spaced bins bound that error.
 */
export function quantizationBins(values: Float32Array, bits: number, keepZero: boolean): Float32Array {
  if (!(Number.isInteger(bits) && bits >= 1 && bits <= MAX_QUANTIZATION_BITS)) {
    throw new RangeError(`quantization bits must be 1..${MAX_QUANTIZATION_BITS} (or 0 for exact values), got ${bits}`);
  }
  const bins = 2 ** bits;
  if (keepZero) return distinctValues(Float32Array.of(0, ...equalSizeGroupMeans(values.filter((v) => v !== 0).sort(), bins - 1)));
  const distinct = distinctValues(values);
  if (distinct.length <= bins) return distinct;
  const sorted = Float32Array.from(values).sort();
  const byFrequency = equalSizeGroupMeans(sorted, bins >> 1);
  const spaced = bins - byFrequency.length;
  const low = sorted[0];
  const high = sorted[sorted.length - 1];
  const centers = new Float64Array(bins);
  centers.set(byFrequency);
  for (let g = 0; g < spaced; g++) centers[byFrequency.length + g] = low + ((high - low) * g) / (spaced - 1);
  centers.sort();
  for (let round = 0; round < LLOYD_ROUNDS; round++) lloydRound(sorted, centers);
  return distinctValues(Float32Array.from(centers));
}

const LLOYD_ROUNDS = 4;

/** The means of `groups` consecutive groups of equal size of the ascending `sorted` (empty groups skipped). */
function equalSizeGroupMeans(sorted: Float32Array, groups: number): number[] {
  const means: number[] = [];
  for (let g = 0; g < groups; g++) {
    const from = Math.floor((g * sorted.length) / groups);
    const to = Math.floor(((g + 1) * sorted.length) / groups);
    if (to > from) means.push(mean(sorted, from, to));
  }
  return means;
}

/** One round over ascending `values` and ascending `centers`: each center becomes the mean of its values. */
function lloydRound(values: Float32Array, centers: Float64Array): void {
  let from = 0;
  for (let g = 0; g < centers.length; g++) {
    // Values up to the midpoint with the next center belong to this one.
    const limit = g + 1 < centers.length ? (centers[g] + centers[g + 1]) / 2 : Infinity;
    let to = from;
    while (to < values.length && values[to] <= limit) to++;
    if (to > from) centers[g] = mean(values, from, to);
    from = to;
  }
}

function mean(values: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i];
  return sum / (to - from);
}

/** Index of the bin of the ascending `table` nearest to v (the lower one on a tie). */
export function nearestBin(table: Float32Array, v: number): number {
  let lo = 0;
  let hi = table.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (table[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  if (lo === table.length) return lo - 1;
  if (lo === 0) return 0;
  return v - table[lo - 1] <= table[lo] - v ? lo - 1 : lo;
}
