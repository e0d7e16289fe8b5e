import { BitVector, BitVectorBuilder, MAX_BITS } from "./bit_vector.js";
import { nextGEQInRange } from "./range_search.js";
import { floorLog2 } from "./broadword.js";
import type { Heap } from "./heap.js";
import { EF_BYTES, EF_L, EF_LAST_F64, EF_LENGTH, EF_STORE, EF_UNIVERSE_F64, ES_BYTES, ES_HIGH, ES_HIGH_BITS, ES_LOW, ES_LOW_BITS, ES_ONES, ES_ZEROS, SCRATCH_VALUE_F64, TAG, TAG_EF } from "../kernels/layout.js";
import { DArray } from "./rank_select.js";
import type { Container, ContainerWriter } from "../container/container.js";

/** POW2[l] = 2^l and INV_POW2[l] = 2^-l: splitting a value into high and low parts stays exact for any
 * value below 2^53, where shifts would stop at 32 bits. */
const POW2 = Float64Array.from({ length: 54 }, (_, l) => 2 ** l);
const INV_POW2 = Float64Array.from({ length: 54 }, (_, l) => 2 ** -l);

/** The standard low-part width ⌊log2(universe / n)⌋ (0 when the values are denser than 1 per integer). */
export function lowWidth(n: number, universe: number): number {
  return n === 0 || universe <= n ? 0 : floorLog2(Math.floor(universe / n));
}

/** Bits of the high part: one 1 per value and one 0 per bucket, the last bit always being a 0. */
export function highLength(n: number, universe: number, l: number): number {
  return n === 0 ? 0 : n + Math.floor((universe - 1) * INV_POW2[l]) + 1;
}

/** Estimated bits of an Elias-Fano sequence with its two select indexes (each ~1/16 of its bits). */
export function eliasFanoBits(n: number, universe: number): number {
  const l = lowWidth(n, universe);
  return n * l + highLength(n, universe, l) * 1.125;
}

/**
 * Storage for one or several Elias-Fano sequences laid side by side: their high parts concatenated in one
 * bit vector with select1 and select0 over it, their low parts concatenated in another. A sequence
 * ("segment") is addressed by where its high part starts (`hOff`), how many ones precede it (`r1`), where
 * its low part starts (`lOff`) and its low width `l`. EliasFano is a single segment at (0, 0, 0, l);
 * PartitionedEliasFano keeps all its Elias-Fano partitions in one store.
 */
export class EliasFanoStore {
  /** Address of the descriptor the kernels read (layout.ts ES_*). */
  readonly desc: number;
  readonly heap: Heap;

  constructor(
    readonly high: BitVector,
    readonly low: BitVector,
    readonly ones: DArray,
    /** select0, needed only by nextGEQ; sequences that are only read by position leave it out. */
    readonly zeros: DArray | null,
  ) {
    this.heap = high.heap;
    const d = this.heap.descriptor(ES_BYTES, this);
    d.u32[ES_ONES >>> 2] = ones.desc;
    d.u32[ES_ZEROS >>> 2] = zeros === null ? 0 : zeros.desc;
    d.u32[ES_HIGH >>> 2] = high.words.byteOffset;
    d.u32[ES_HIGH_BITS >>> 2] = high.length;
    d.u32[ES_LOW >>> 2] = low.words.byteOffset;
    d.u32[ES_LOW_BITS >>> 2] = low.length;
    this.desc = d.ptr;
  }

  /** Second result of nextGEQ: the value found. */
  get value(): number {
    return this.heap.scratchF64[SCRATCH_VALUE_F64 >>> 3];
  }

  /** Element i of a segment. */
  access(hOff: number, r1: number, lOff: number, l: number, i: number): number {
    return this.heap.kernels.efStoreAccess(this.desc, hOff, r1, lOff, l, i);
  }

  /**
   * Index of the first element ≥ y in a segment, whose last element must be ≥ y; the element is left in
   * `value`. Needs the select0 index.
   */
  nextGEQ(hOff: number, r1: number, lOff: number, l: number, y: number): number {
    if (this.zeros === null) throw new Error("nextGEQ needs the select0 index (built with indexZeros)");
    return this.heap.kernels.efStoreNextGEQ(this.desc, hOff, r1, lOff, l, y);
  }

  sizeInBits(): number {
    return this.high.sizeInBits() + this.low.sizeInBits() + this.ones.sizeInBits() + (this.zeros ? this.zeros.sizeInBits() : 0);
  }

  write(out: ContainerWriter, name: string): void {
    this.high.write(out, `${name}.high`);
    this.low.write(out, `${name}.low`);
    this.ones.write(out, `${name}.ones`);
    if (this.zeros) this.zeros.write(out, `${name}.zeros`);
  }

  /**
   * Refused unless the select indexes agree with the high bits: `values` ones (the segments' values) and
   * the rest zeros. The owner checks its segments' offsets against `high` and `low`.
   */
  static read(c: Container, name: string, values: number): EliasFanoStore {
    const high = BitVector.read(c, `${name}.high`);
    const ones = DArray.read(c, `${name}.ones`, high, true);
    if (ones.count !== values) c.fail(`${name}.ones.meta`, `selects ${ones.count} ones, the sequence holds ${values} values`);
    const zeros = c.has(`${name}.zeros.meta`) ? DArray.read(c, `${name}.zeros`, high, false) : null;
    if (zeros !== null && zeros.count !== high.length - values) {
      c.fail(`${name}.zeros.meta`, `selects ${zeros.count} zeros, ${high.length} bits with ${values} ones have ${high.length - values}`);
    }
    return new EliasFanoStore(high, BitVector.read(c, `${name}.low`), ones, zeros);
  }
}

/** Builds an EliasFanoStore one segment at a time, each segment's values pushed in order. */
export class EliasFanoStoreBuilder {
  private readonly high = new BitVectorBuilder();
  private readonly low = new BitVectorBuilder();
  /** Where the current segment's high and low parts start, and its low width. */
  highOffset = 0;
  lowOffset = 0;
  lowBits = 0;
  private index = 0;
  /** Values in all segments: the ones of the high bits. */
  private values = 0;

  /** Opens a segment for `n` values in [0, universe); returns its low width. */
  beginSegment(n: number, universe: number): number {
    this.highOffset = this.high.length;
    this.lowOffset = this.low.length;
    this.lowBits = lowWidth(n, universe);
    this.index = 0;
    this.high.appendZeros(highLength(n, universe, this.lowBits));
    this.low.reserve(this.low.length + n * this.lowBits);
    this.values += n;
    return this.lowBits;
  }

  /** Appends the next value of the open segment (the caller checks order and range). */
  push(v: number): void {
    const h = Math.floor(v * INV_POW2[this.lowBits]);
    this.high.set(this.highOffset + h + this.index++, 1);
    this.low.appendWide(v - h * POW2[this.lowBits], this.lowBits);
  }

  /** `indexZeros`: build the select0 index that nextGEQ needs. */
  build(indexZeros = true): EliasFanoStore {
    const high = this.high.build();
    const ones = DArray.build(high, true, this.values);
    return new EliasFanoStore(high, this.low.build(), ones, indexZeros ? DArray.build(high, false, high.length - this.values) : null);
  }
}

export interface EliasFanoOptions {
  /** Build the select0 index that a fast nextGEQ needs (default true). */
  indexZeros?: boolean;
}

/**
 * A non-decreasing sequence of n integers in [0, universe), universe ≤ 2^53, in
 * n·(2 + ⌈log2(universe/n)⌉) bits plus select indexes (Elias 1974, Fano 1971; layout after Vigna's
 * "Quasi-succinct indices"): value v is split into a low part of l bits, stored verbatim, and a high part
 * v >> l, stored in unary as a one at position (v >> l) + i of the high bit vector.
 */
export class EliasFano {
  /** The last value, or -1 when empty. */
  readonly last: number;
  /** Address of the descriptor the kernels read (layout.ts EF_*). */
  readonly desc: number;
  readonly heap: Heap;

  constructor(
    readonly store: EliasFanoStore,
    readonly length: number,
    readonly universe: number,
    readonly lowBits: number,
  ) {
    this.heap = store.heap;
    const d = this.heap.descriptor(EF_BYTES, this);
    d.u32[TAG >>> 2] = TAG_EF;
    d.u32[EF_STORE >>> 2] = store.desc;
    d.u32[EF_LENGTH >>> 2] = length;
    d.u32[EF_L >>> 2] = lowBits;
    d.f64[EF_UNIVERSE_F64 >>> 3] = universe;
    this.desc = d.ptr;
    this.last = length === 0 ? -1 : store.access(0, 0, 0, lowBits, length - 1);
    d.f64[EF_LAST_F64 >>> 3] = this.last;
  }

  /** Second result of nextGEQ / nextGEQInRange: the value at the returned position. */
  get value(): number {
    return this.heap.scratchF64[SCRATCH_VALUE_F64 >>> 3];
  }

  set value(v: number) {
    this.heap.scratchF64[SCRATCH_VALUE_F64 >>> 3] = v;
  }

  /**
   * Builds from sorted values; `universe` defaults to the last value + 1. Without `indexZeros` the
   * select0 index is left out (about 6% of the high bits): access and cursors are as fast, nextGEQ
   * bisects over access instead.
   */
  static build(
    values: ArrayLike<number>,
    universe = values.length === 0 ? 0 : values[values.length - 1] + 1,
    options: EliasFanoOptions = {},
  ): EliasFano {
    const b = new EliasFanoBuilder(values.length, universe, options);
    for (let i = 0; i < values.length; i++) b.push(values[i]);
    return b.build();
  }

  access(i: number): number {
    return this.heap.kernels.efAccess(this.desc, i);
  }

  /** access(i + 1) - access(i) for i + 1 < length, with one select instead of two. */
  diff(i: number): number {
    return this.heap.kernels.efDiff(this.desc, i);
  }

  /** Position of the first value ≥ x (left in `value`), or length when every value is below x. */
  nextGEQ(x: number): number {
    return this.heap.kernels.efNextGEQ(this.desc, x);
  }

  /** nextGEQ restricted to positions [begin, end): returns end when no value there is ≥ x. */
  nextGEQInRange(begin: number, end: number, x: number): number {
    return nextGEQInRange(this, begin, end, x);
  }

  /** Position of the value x within [begin, end), or -1. */
  findInRange(begin: number, end: number, x: number): number {
    return Number.isInteger(x) && x >= 0 ? this.heap.kernels.efFind(this.desc, begin, end, x) : -1;
  }

  /** A cursor standing at element i. */
  cursor(i = 0): EliasFanoCursor {
    const c = new EliasFanoCursor(this.store);
    c.enter(0, 0, 0, this.lowBits, this.length, i);
    return c;
  }

  sizeInBits(): number {
    return this.store.sizeInBits();
  }

  write(out: ContainerWriter, name: string): void {
    this.store.write(out, name);
    out.addScalars(`${name}.meta`, [this.length, this.universe, this.lowBits]);
  }

  /**
   * Refused unless the parts have the sizes `length` values below `universe` give, and the last value is
   * below the universe; with `c.verifying`, unless every value is (non-decreasing, below the universe).
   */
  static read(c: Container, name: string): EliasFano {
    const meta = c.meta(`${name}.meta`, 3);
    const universe = c.whole(`${name}.meta`, "the universe", meta[1], 0, Number.MAX_SAFE_INTEGER);
    const length = c.whole(`${name}.meta`, "the length", meta[0], 0, universe === 0 ? 0 : MAX_BITS);
    const l = lowWidth(length, universe);
    if (meta[2] !== l) c.fail(`${name}.meta`, `the low width is ${meta[2]}, ${length} values below ${universe} give ${l}`);
    const store = EliasFanoStore.read(c, name, length);
    const highBits = highLength(length, universe, l);
    if (store.high.length !== highBits) c.fail(`${name}.high.meta`, `holds ${store.high.length} bits, expected ${highBits}`);
    if (store.low.length !== length * l) c.fail(`${name}.low.meta`, `holds ${store.low.length} bits, expected ${length * l}`);
    const ef = new EliasFano(store, length, universe, l);
    if (ef.last >= universe) c.fail(`${name}.high`, `the last value ${ef.last} is not below the universe ${universe}`);
    if (c.verifying) checkValues(c, `${name}.low`, ef.cursor(), length, universe);
    return ef;
  }
}

/** Streaming construction: exactly n values, non-decreasing, each below universe. */
export class EliasFanoBuilder {
  private readonly store = new EliasFanoStoreBuilder();
  private count = 0;
  private previous = 0;

  constructor(
    readonly n: number,
    readonly universe: number,
    private readonly options: EliasFanoOptions = {},
  ) {
    if (!(Number.isSafeInteger(n) && n >= 0)) throw new RangeError(`elias_fano.ts: length ${n} is not a non-negative integer`);
    if (!(Number.isSafeInteger(universe) && universe >= 0)) {
      throw new RangeError(`elias_fano.ts: universe ${universe} is not an integer in [0, 2^53)`);
    }
    this.store.beginSegment(n, universe);
  }

  push(v: number): void {
    if (this.count >= this.n) throw new RangeError(`elias_fano.ts: more than the ${this.n} values announced`);
    if (!(Number.isInteger(v) && v >= this.previous && v < this.universe)) {
      throw new RangeError(
        `elias_fano.ts: value #${this.count} = ${v} must be an integer in [${this.previous}, ${this.universe}) (sorted, below the universe)`,
      );
    }
    this.store.push(v);
    this.previous = v;
    this.count++;
  }

  build(): EliasFano {
    if (this.count !== this.n) throw new RangeError(`elias_fano.ts: ${this.count} values pushed, ${this.n} announced`);
    return new EliasFano(this.store.build(this.options.indexZeros ?? true), this.n, this.universe, this.store.lowBits);
  }
}

/**
 * Sequential reader of an Elias-Fano segment: finds each next one of the high part in the word it holds
 * (ctz, then clear the bit), so a step costs a few word operations and no select. Its state is a record in
 * the heap, stepped by the kernels.
 */
export class EliasFanoCursor {
  private readonly state: number;
  private readonly heap: Heap;

  constructor(readonly store: EliasFanoStore) {
    const h = (this.heap = store.heap);
    this.state = h.record(h.kernels.cursorBytes(), this);
  }

  /** Index of the element the next call to next() returns. */
  get index(): number {
    return this.heap.kernels.efCursorIndex(this.state);
  }

  /** Moves to element i of the segment of `size` elements described as in EliasFanoStore. */
  enter(hOff: number, r1: number, lOff: number, l: number, size: number, i: number): void {
    this.heap.kernels.efCursorEnter(this.state, this.store.desc, hOff, r1, lOff, l, size, i);
  }

  /** Moves to element i of the current segment. */
  reset(i: number): void {
    this.heap.kernels.efCursorReset(this.state, i);
  }

  /** The element at `index`, then advances; -1 once the segment is exhausted. */
  next(): number {
    return this.heap.kernels.efCursorNext(this.state);
  }
}

/**
 * Walks `length` values from a cursor and refuses the sequence at `name` unless they are non-decreasing
 * and below `universe`: the payload check of every monotone sequence.
 */
export function checkValues(c: Container, name: string, cursor: { next(): number }, length: number, universe: number): void {
  let previous = 0;
  for (let i = 0; i < length; i++) {
    const v = cursor.next();
    if (!(v >= previous && v < universe)) c.fail(name, `value ${i} is ${v}, after ${previous}: not non-decreasing below ${universe}`);
    previous = v;
  }
}
