import { BitVector, BitVectorBuilder, MAX_BITS } from "./bit_vector.js";
import { nextGEQInRange } from "./range_search.js";
import type { Heap } from "./heap.js";
import {
  PE_BITMAP_RANKS,
  PE_BITMAP_SELECT,
  PE_BITMAPS,
  PE_BYTES,
  PE_EFS,
  PE_ENDS,
  PE_KINDS,
  PE_LAST_F64,
  PE_LASTS,
  PE_LENGTH,
  PE_LOW_OFFSETS,
  PE_OFFSETS,
  PE_RANKS,
  PE_UNIVERSE_F64,
  SCRATCH_VALUE_F64,
  TAG,
  TAG_PEF,
} from "../kernels/layout.js";
import { ceilLog2 } from "./broadword.js";
import { CompactVector, widthFor } from "./compact_vector.js";
import { EliasFano, EliasFanoStore, EliasFanoStoreBuilder, checkValues, eliasFanoBits, highLength, lowWidth } from "./elias_fano.js";
import { DArray, RankIndex } from "./rank_select.js";
import type { Container, ContainerWriter } from "../container/container.js";

// Encodings of a partition. Its values are stored relative to `base`, the last value of the previous
// partition (0 for the first), so they lie in [0, u) with u = last - base + 1.
/** Strictly increasing by one: no bits, every value follows from the partition's last value. */
const CONSECUTIVE = 0;
/** One bit per integer of [0, u) in the shared bitmap vector (rank and select over it). */
const BITMAP = 1;
/** An Elias-Fano segment of the shared store. */
const ELIAS_FANO = 2;

// ε-approximate partitioning parameters of Ottaviano & Venturini: windows whose cost bounds grow by
// (1 + EPS2) from the fixed cost F up to F / EPS1.
const EPS1 = 0.03;
const EPS2 = 0.3;

/** Bits of a bitmap partition with its rank (1/8) and select (~1/16 per one) indexes. */
function bitmapBits(n: number, universe: number): number {
  return universe * 1.125 + n / 16;
}

/** Payload bits of the cheapest encoding of a partition (the fixed cost excluded). */
function dataBits(n: number, universe: number, consecutive: boolean, hasRepeats: boolean): number {
  if (consecutive) return 0;
  const ef = eliasFanoBits(n, universe);
  return hasRepeats ? ef : Math.min(ef, bitmapBits(n, universe));
}

/** The encoding dataBits priced lowest. */
function encodingOf(n: number, universe: number, consecutive: boolean, hasRepeats: boolean): number {
  if (consecutive) return CONSECUTIVE;
  return !hasRepeats && bitmapBits(n, universe) < eliasFanoBits(n, universe) ? BITMAP : ELIAS_FANO;
}

/** Number of i in (start, end) with values[i] = values[i - 1]. */
function countRepeats(values: ArrayLike<number>, start: number, end: number): number {
  let repeats = 0;
  for (let i = start + 1; i < end; i++) if (values[i] === values[i - 1]) repeats++;
  return repeats;
}

/**
 * Values[start, end) as a partition: its cheapest payload cost. `repeats` counts equal neighbours inside.
 */
function partitionBits(values: ArrayLike<number>, start: number, end: number, repeats: number): number {
  const base = start === 0 ? 0 : values[start - 1];
  const last = values[end - 1];
  const n = end - start;
  return dataBits(n, last - base + 1, repeats === 0 && last - values[start] + 1 === n, repeats > 0);
}

/**
 * Ends of the partitions minimising the total cost, within a factor (1 + ε) of the optimum: a shortest path
 * over the DAG of all partitions where each node only tries, per cost class (1 + EPS2)^k · F, the longest
 * partition of that class (a sliding window per class), so the work is O(n · log(1/EPS1) / log(1 + EPS2)).
 */
function optimalPartition(values: ArrayLike<number>, fixedCost: number): number[] {
  const n = values.length;
  const bounds: number[] = [];
  for (let bound = fixedCost; bound < fixedCost / EPS1; bound *= 1 + EPS2) bounds.push(bound);
  const windows = bounds.length;
  const ends = new Float64Array(windows);
  const repeats = new Float64Array(windows);
  const minCost = new Float64Array(n + 1).fill(Infinity);
  const path = new Float64Array(n + 1);
  minCost[0] = 0;
  for (let i = 0; i < n; i++) {
    let lastEnd = i + 1;
    for (let w = 0; w < windows; w++) {
      // Window w is [i, ends[w]); extend it to at least the previous window's end.
      while (ends[w] < lastEnd) {
        if (ends[w] > i && values[ends[w]] === values[ends[w] - 1]) repeats[w]++;
        ends[w]++;
      }
      for (;;) {
        const end = ends[w];
        const cost = fixedCost + partitionBits(values, i, end, repeats[w]);
        if (minCost[i] + cost < minCost[end]) {
          minCost[end] = minCost[i] + cost;
          path[end] = i;
        }
        lastEnd = end;
        if (end === n || cost >= bounds[w]) break;
        if (values[end] === values[end - 1]) repeats[w]++;
        ends[w]++;
      }
      // Slide the window's start to i + 1.
      if (i + 1 < ends[w] && values[i + 1] === values[i]) repeats[w]--;
    }
  }
  // The windows cap a partition's cost at about F / EPS1; a sequence with nothing to gain from cutting
  // (uniform data) is better off whole.
  if (fixedCost + partitionBits(values, 0, n, countRepeats(values, 0, n)) <= minCost[n]) return [n];
  const cuts: number[] = [];
  for (let end = n; end > 0; end = path[end]) cuts.push(end);
  return cuts.reverse();
}

/**
 * A non-decreasing sequence of integers in [0, universe), universe ≤ 2^53, cut into partitions that are
 * each encoded in the cheapest of three ways (Ottaviano & Venturini, "Partitioned Elias-Fano indexes",
 * SIGIR 2014). Clustered data pays for its local density rather than the global one.
 *
 * Upper level, per partition k: its last value (`lasts`, Elias-Fano, also its search key), the end of its
 * positions (`ends`, Elias-Fano), its kind (encoding | low width << 2), the start of its bits in the shared
 * vector of its encoding (`offsets`), of its low bits (`lowOffsets`), and the number of ones before it in
 * that vector (`ranks`).
 */
export class PartitionedEliasFano {
  /** The last value, or -1 when empty. */
  readonly last: number;
  /** Address of the descriptor the kernels read (layout.ts PE_*). */
  readonly desc: number;
  /** Per partition: its encoding | low width << 2. */
  readonly kinds: Uint8Array;
  readonly heap: Heap;

  constructor(
    readonly length: number,
    readonly universe: number,
    readonly lasts: EliasFano,
    readonly ends: EliasFano,
    kinds: Uint8Array,
    readonly offsets: CompactVector,
    readonly lowOffsets: CompactVector,
    readonly ranks: CompactVector,
    readonly efs: EliasFanoStore,
    readonly bitmaps: BitVector,
    readonly bitmapRanks: RankIndex,
    readonly bitmapSelect: DArray,
  ) {
    this.last = lasts.last;
    this.heap = lasts.heap;
    this.kinds = this.heap.place(kinds);
    const d = this.heap.descriptor(PE_BYTES, this);
    const fields: [number, number][] = [
      [TAG, TAG_PEF],
      [PE_LENGTH, length],
      [PE_LASTS, lasts.desc],
      [PE_ENDS, ends.desc],
      [PE_KINDS, this.kinds.byteOffset],
      [PE_OFFSETS, offsets.desc],
      [PE_LOW_OFFSETS, lowOffsets.desc],
      [PE_RANKS, ranks.desc],
      [PE_EFS, efs.desc],
      [PE_BITMAPS, bitmaps.words.byteOffset],
      [PE_BITMAP_RANKS, bitmapRanks.desc],
      [PE_BITMAP_SELECT, bitmapSelect.desc],
    ];
    for (const [at, value] of fields) d.u32[at >>> 2] = value;
    d.f64[PE_UNIVERSE_F64 >>> 3] = universe;
    d.f64[PE_LAST_F64 >>> 3] = this.last;
    this.desc = d.ptr;
  }

  /** Second result of nextGEQ / nextGEQInRange: the value at the returned position. */
  get value(): number {
    return this.heap.scratchF64[SCRATCH_VALUE_F64 >>> 3];
  }

  set value(v: number) {
    this.heap.scratchF64[SCRATCH_VALUE_F64 >>> 3] = v;
  }

  static build(values: ArrayLike<number>, universe = values.length === 0 ? 0 : values[values.length - 1] + 1): PartitionedEliasFano {
    const n = values.length;
    if (!(Number.isSafeInteger(universe) && universe >= 0)) {
      throw new RangeError(`partitioned_elias_fano.ts: universe ${universe} is not an integer in [0, 2^53)`);
    }
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!(Number.isInteger(v) && v >= (i === 0 ? 0 : values[i - 1]) && v < universe)) {
        throw new RangeError(
          `partitioned_elias_fano.ts: value #${i} = ${v} must be an integer in [${i === 0 ? 0 : values[i - 1]}, ${universe}) (sorted, below the universe)`,
        );
      }
    }
    // Fixed cost of a partition: its kind byte, three offsets of the width the whole payload needs, and
    // its entries in `lasts` and `ends`, assuming partitions of about 128 values.
    const offsetWidth = widthFor(Math.ceil(eliasFanoBits(n, universe)) + 64);
    const fixedCost = 8 + 3 * offsetWidth + (2 + ceilLog2(Math.ceil((universe * 128) / Math.max(1, n)))) + (2 + 7);
    const cuts = n === 0 ? [] : optimalPartition(values, fixedCost);
    const m = cuts.length;
    const lasts = new Array<number>(m);
    const kinds = new Uint8Array(m);
    const offsets = new Array<number>(m).fill(0);
    const lowOffsets = new Array<number>(m).fill(0);
    const ranks = new Array<number>(m).fill(0);
    const efs = new EliasFanoStoreBuilder();
    const bitmaps = new BitVectorBuilder();
    let efOnes = 0;
    let bitmapOnes = 0;
    let start = 0;
    for (let k = 0; k < m; k++) {
      const end = cuts[k];
      const size = end - start;
      const base = start === 0 ? 0 : values[start - 1];
      const last = values[end - 1];
      const repeats = countRepeats(values, start, end);
      const encoding = encodingOf(size, last - base + 1, repeats === 0 && last - values[start] + 1 === size, repeats > 0);
      kinds[k] = encoding;
      if (encoding === BITMAP) {
        offsets[k] = bitmaps.length;
        ranks[k] = bitmapOnes;
        bitmaps.appendZeros(last - base + 1);
        for (let i = start; i < end; i++) bitmaps.set(offsets[k] + values[i] - base, 1);
        bitmapOnes += size;
      } else if (encoding === ELIAS_FANO) {
        const l = efs.beginSegment(size, last - base + 1);
        offsets[k] = efs.highOffset;
        lowOffsets[k] = efs.lowOffset;
        ranks[k] = efOnes;
        for (let i = start; i < end; i++) efs.push(values[i] - base);
        efOnes += size;
        kinds[k] |= l << 2;
      }
      lasts[k] = last;
      start = end;
    }
    const bitmapBitsVector = bitmaps.build();
    return new PartitionedEliasFano(
      n,
      universe,
      EliasFano.build(lasts, universe),
      EliasFano.build(cuts, n + 1),
      kinds,
      CompactVector.from(offsets),
      CompactVector.from(lowOffsets),
      CompactVector.from(ranks),
      efs.build(),
      bitmapBitsVector,
      RankIndex.build(bitmapBitsVector),
      DArray.build(bitmapBitsVector, true),
    );
  }

  access(i: number): number {
    return this.heap.kernels.peAccess(this.desc, i);
  }

  /** Position of the first value ≥ x (left in `value`), or length when every value is below x. */
  nextGEQ(x: number): number {
    return this.heap.kernels.peNextGEQ(this.desc, x);
  }

  /** nextGEQ restricted to positions [begin, end): returns end when no value there is ≥ x. */
  nextGEQInRange(begin: number, end: number, x: number): number {
    return nextGEQInRange(this, begin, end, x);
  }

  /** Position of the value x within [begin, end), or -1. */
  findInRange(begin: number, end: number, x: number): number {
    return Number.isInteger(x) && x >= 0 ? this.heap.kernels.peFind(this.desc, begin, end, x) : -1;
  }

  /** A cursor standing at element i. */
  cursor(i = 0): PartitionedEliasFanoCursor {
    const c = new PartitionedEliasFanoCursor(this);
    c.reset(i);
    return c;
  }

  /** Number of partitions. */
  get partitions(): number {
    return this.kinds.length;
  }

  sizeInBits(): number {
    return (
      this.lasts.sizeInBits() +
      this.ends.sizeInBits() +
      this.kinds.length * 8 +
      this.offsets.sizeInBits() +
      this.lowOffsets.sizeInBits() +
      this.ranks.sizeInBits() +
      this.efs.sizeInBits() +
      this.bitmaps.sizeInBits() +
      this.bitmapRanks.sizeInBits() +
      this.bitmapSelect.sizeInBits()
    );
  }

  write(out: ContainerWriter, name: string): void {
    out.addScalars(`${name}.meta`, [this.length, this.universe]);
    this.lasts.write(out, `${name}.lasts`);
    this.ends.write(out, `${name}.ends`);
    out.add(`${name}.kinds`, this.kinds);
    this.offsets.write(out, `${name}.offsets`);
    this.lowOffsets.write(out, `${name}.lowOffsets`);
    this.ranks.write(out, `${name}.ranks`);
    this.efs.write(out, `${name}.efs`);
    this.bitmaps.write(out, `${name}.bitmaps`);
    this.bitmapRanks.write(out, `${name}.bitmapRanks`);
    this.bitmapSelect.write(out, `${name}.bitmapSelect`);
  }

  /**
   * Refused unless the upper level describes the lower one exactly: partitions that end at increasing
   * positions up to the length, last values below the universe, and per partition an encoding whose
   * bits start where the previous partition of that encoding ended, the shared vectors ending where the
   * last one does. With `c.verifying`, every value is read as well.
   */
  static read(c: Container, name: string): PartitionedEliasFano {
    const meta = c.meta(`${name}.meta`, 2);
    const universe = c.whole(`${name}.meta`, "the universe", meta[1], 0, Number.MAX_SAFE_INTEGER);
    const length = c.whole(`${name}.meta`, "the length", meta[0], 0, universe === 0 ? 0 : MAX_BITS);
    const lasts = EliasFano.read(c, `${name}.lasts`);
    const ends = EliasFano.read(c, `${name}.ends`);
    const kinds = c.u8(`${name}.kinds`);
    const m = kinds.length;
    if (lasts.length !== m || lasts.universe !== universe) c.fail(`${name}.lasts.meta`, `expected ${m} last values below ${universe}`);
    if (ends.length !== m || ends.universe !== length + 1 || ends.last !== (m === 0 ? -1 : length)) {
      c.fail(`${name}.ends.meta`, `expected ${m} partition ends up to ${length}`);
    }
    const part = (what: string) => {
      const v = CompactVector.read(c, `${name}.${what}`);
      if (v.length !== m) c.fail(`${name}.${what}.meta`, `holds ${v.length} numbers, expected one per partition (${m})`);
      return v;
    };
    const bitmaps = BitVector.read(c, `${name}.bitmaps`);
    const pef = new PartitionedEliasFano(
      length,
      universe,
      lasts,
      ends,
      kinds,
      part("offsets"),
      part("lowOffsets"),
      part("ranks"),
      EliasFanoStore.read(c, `${name}.efs`, partitionValues(kinds, ends, ELIAS_FANO)),
      bitmaps,
      RankIndex.read(c, `${name}.bitmapRanks`, bitmaps),
      DArray.read(c, `${name}.bitmapSelect`, bitmaps, true),
    );
    checkPartitionTable(c, name, pef);
    if (c.verifying) checkValues(c, `${name}.efs`, pef.cursor(0), length, universe);
    return pef;
  }
}

/** Sequential reader: steps within a partition without any select, entering the next one as needed. */
export class PartitionedEliasFanoCursor {
  private readonly state: number;
  private readonly heap: Heap;

  constructor(readonly pef: PartitionedEliasFano) {
    const h = (this.heap = pef.heap);
    this.state = h.record(h.kernels.cursorBytes(), this);
  }

  /** Index of the element the next call to next() returns. */
  get index(): number {
    return this.heap.kernels.peCursorIndex(this.state);
  }

  /** Moves to element i. */
  reset(i: number): void {
    this.heap.kernels.peCursorReset(this.state, this.pef.desc, i);
  }

  /** The element at `index`, then advances; -1 once the sequence is exhausted. */
  next(): number {
    return this.heap.kernels.peCursorNext(this.state);
  }
}

/** The number of values in the partitions of one encoding (the ends being checked to increase already). */
function partitionValues(kinds: Uint8Array, ends: EliasFano, encoding: number): number {
  let values = 0;
  const cursor = ends.cursor(0);
  for (let k = 0, start = 0; k < kinds.length; k++) {
    const end = cursor.next();
    if ((kinds[k] & 3) === encoding) values += end - start;
    start = end;
  }
  return values;
}

/** PartitionedEliasFano.read's walk over the upper level: linear in the partitions. */
function checkPartitionTable(c: Container, name: string, pef: PartitionedEliasFano): void {
  const { kinds, efs } = pef;
  const offsets = pef.offsets.values();
  const lowOffsets = pef.lowOffsets.values();
  const ranks = pef.ranks.values();
  const lasts = pef.lasts.cursor(0);
  const ends = pef.ends.cursor(0);
  let start = 0;
  let base = 0;
  let high = 0;
  let low = 0;
  let efOnes = 0;
  let bitmap = 0;
  let bitmapOnes = 0;
  for (let k = 0; k < kinds.length; k++) {
    const end = ends.next();
    const last = lasts.next();
    const size = end - start;
    const u = last - base + 1;
    const encoding = kinds[k] & 3;
    const l = kinds[k] >>> 2;
    const bad = (what: string): never => c.fail(`${name}.kinds`, `partition ${k}: ${what}`);
    if (size <= 0 || last < base) bad(`ends at ${end} with ${last}, after ${start} with ${base}`);
    if (encoding === CONSECUTIVE) {
      if (l !== 0 || size > u) bad(`${size} consecutive values cannot end on ${last} above ${base}`);
    } else if (encoding === BITMAP) {
      if (l !== 0 || size > u || offsets[k] !== bitmap || ranks[k] !== bitmapOnes) bad("its bitmap does not follow the one before");
      bitmap += u;
      bitmapOnes += size;
    } else if (encoding === ELIAS_FANO) {
      if (l !== lowWidth(size, u) || offsets[k] !== high || lowOffsets[k] !== low || ranks[k] !== efOnes) bad("its Elias-Fano segment does not follow the one before");
      high += highLength(size, u, l);
      low += size * l;
      efOnes += size;
    } else bad(`unknown encoding ${encoding}`);
    start = end;
    base = last;
  }
  if (pef.bitmaps.length !== bitmap || pef.bitmapSelect.count !== bitmapOnes) c.fail(`${name}.bitmaps.meta`, `holds ${pef.bitmaps.length} bits, the bitmap partitions ${bitmap}`);
  if (efs.high.length !== high || efs.low.length !== low) c.fail(`${name}.efs.high.meta`, `the Elias-Fano partitions take ${high} high and ${low} low bits`);
}
