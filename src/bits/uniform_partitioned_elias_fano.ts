import { BitVector, BitVectorBuilder, MAX_BITS } from "./bit_vector.js";
import type { Heap } from "./heap.js";
import { TAG, TAG_UPEF, UP_BASES, UP_BYTES, UP_DATA, UP_DATA_BITS, UP_LENGTH, UP_OFFSETS, UP_PARTITIONS } from "../kernels/layout.js";
import { CompactVector, widthFor } from "./compact_vector.js";
import { lowWidth } from "./elias_fano.js";
import type { Container, ContainerWriter } from "../container/container.js";

const LOG_PARTITION = 7;
/** Values per partition: small enough that a partition's high bits are a few words, scanned without an index. */
export const PARTITION = 1 << LOG_PARTITION;

/**
 * A non-decreasing sequence cut into partitions of 128 values, each an Elias-Fano sequence of its values
 * minus the last value of the previous partition (its base). The layout Tongrams uses for the levels of
 * its pef_trie: data that is locally dense (the sibling ranges of a trie level) pays for its local
 * density, and no select index is needed — within a partition the k-th one of the high bits is found by
 * popcounting a few words.
 *
 * Per partition: its base (`bases`, one entry per partition plus the last value) and where its bits start
 * (`offsets`), both compact vectors; the bits themselves in one vector, low parts first, then high parts.
 */
export class UniformPartitionedEliasFano {
  /** Address of the descriptor the kernels read (layout.ts UP_*). */
  readonly desc: number;
  /** A cursor record findInRange scans with, so that a search allocates nothing. */
  private readonly scanState: number;
  readonly heap: Heap;

  constructor(
    readonly length: number,
    readonly data: BitVector,
    /** bases[p]: value before partition p (0 for the first); bases[partitions]: the last value */
    readonly bases: CompactVector,
    /** offsets[p]: first bit of partition p in `data` */
    readonly offsets: CompactVector,
  ) {
    const h = (this.heap = data.heap);
    const d = h.descriptor(UP_BYTES, this);
    d.u32[TAG >>> 2] = TAG_UPEF;
    d.u32[UP_LENGTH >>> 2] = length;
    d.u32[UP_DATA >>> 2] = data.words.byteOffset;
    d.u32[UP_DATA_BITS >>> 2] = data.length;
    d.u32[UP_BASES >>> 2] = bases.desc;
    d.u32[UP_OFFSETS >>> 2] = offsets.desc;
    d.u32[UP_PARTITIONS >>> 2] = Math.ceil(length / PARTITION);
    this.desc = d.ptr;
    this.scanState = h.record(h.kernels.cursorBytes(), this);
  }

  static build(values: ArrayLike<number>): UniformPartitionedEliasFano {
    const b = new UniformPartitionedEliasFanoBuilder(values.length);
    for (let i = 0; i < values.length; i++) b.push(values[i]);
    return b.build();
  }

  access(i: number): number {
    return this.heap.kernels.upAccess(this.desc, i);
  }

  /**
   * Position of the value x inside [begin, end), or −1: bisection over the partitions' last values (a
   * compact vector read each), then a scan of the one partition that can hold x.
   */
  findInRange(begin: number, end: number, x: number): number {
    return Number.isInteger(x) && x >= 0 ? this.heap.kernels.upFind(this.desc, this.scanState, begin, end, x) : -1;
  }

  cursor(i = 0): UniformPartitionedEliasFanoCursor {
    const c = new UniformPartitionedEliasFanoCursor(this);
    c.reset(i);
    return c;
  }

  sizeInBits(): number {
    return this.data.sizeInBits() + this.bases.sizeInBits() + this.offsets.sizeInBits();
  }

  write(out: ContainerWriter, name: string): void {
    this.data.write(out, `${name}.data`);
    this.bases.write(out, `${name}.bases`);
    this.offsets.write(out, `${name}.offsets`);
    out.addScalars(`${name}.meta`, [this.length]);
  }

  /**
   * Refused unless there is a base and an offset per partition (plus one each), the bases non-decreasing
   * and each partition's bits exactly what its 128 values between two bases take; with `c.verifying`,
   * unless every value is non-decreasing and each partition ends on its last base.
   */
  static read(c: Container, name: string): UniformPartitionedEliasFano {
    const length = c.whole(`${name}.meta`, "the length", c.meta(`${name}.meta`, 1)[0], 0, MAX_BITS);
    const data = BitVector.read(c, `${name}.data`);
    const bases = CompactVector.read(c, `${name}.bases`);
    const offsets = CompactVector.read(c, `${name}.offsets`);
    const partitions = Math.ceil(length / PARTITION);
    if (bases.length !== partitions + 1) c.fail(`${name}.bases.meta`, `holds ${bases.length} bases, ${length} values need ${partitions + 1}`);
    if (offsets.length !== partitions + 1) c.fail(`${name}.offsets.meta`, `holds ${offsets.length} offsets, ${length} values need ${partitions + 1}`);
    let end = 0;
    const baseValues = bases.values();
    const offsetValues = offsets.values();
    for (let p = 0; p < partitions; p++) {
      const base = baseValues[p];
      const last = baseValues[p + 1];
      if (offsetValues[p] !== end || !(last >= base) || (p === 0 && base !== 0)) c.fail(`${name}.offsets`, `partition ${p}: its base or its offset does not follow the one before`);
      const count = Math.min(PARTITION, length - p * PARTITION);
      const l = lowWidth(count, last - base + 1);
      end += count * l + Math.floor((last - base) / 2 ** l) + count + 1;
    }
    if (offsetValues[partitions] !== end || data.length !== end) c.fail(`${name}.data.meta`, `holds ${data.length} bits, the partitions take ${end}`);
    const seq = new UniformPartitionedEliasFano(length, data, bases, offsets);
    if (c.verifying) checkPartitions(c, `${name}.data`, seq);
    return seq;
  }
}

/**
 * Streaming construction of exactly n non-decreasing values: a partition is written as soon as its 128
 * values are in, so building needs the output plus 128 values, not the whole input.
 */
export class UniformPartitionedEliasFanoBuilder {
  private readonly pending = new Float64Array(PARTITION);
  private readonly bases: Float64Array;
  private readonly offsets: Float64Array;
  private readonly data = new BitVectorBuilder();
  private count = 0;
  /** The last value pushed, and the last value of the last partition written (the next base). */
  private previous = 0;
  private last = 0;

  constructor(readonly n: number) {
    const partitions = Math.ceil(n / PARTITION);
    this.bases = new Float64Array(partitions + 1);
    this.offsets = new Float64Array(partitions + 1);
  }

  push(v: number): void {
    if (this.count >= this.n) throw new RangeError(`more than the ${this.n} values announced`);
    if (!(Number.isInteger(v) && v >= this.previous)) throw new RangeError(`value ${v} at ${this.count} breaks the order (previous ${this.previous})`);
    this.previous = v;
    const k = this.count & (PARTITION - 1);
    this.pending[k] = v;
    this.count++;
    if (k === PARTITION - 1 || this.count === this.n) this.flush(k + 1);
  }

  private flush(filled: number): void {
    const p = (this.count - 1) >>> LOG_PARTITION;
    const base = this.last;
    this.bases[p] = base;
    this.offsets[p] = this.data.length;
    writePartition(this.data, this.pending, filled, base);
    this.last = this.pending[filled - 1];
  }

  build(): UniformPartitionedEliasFano {
    if (this.count !== this.n) throw new RangeError(`${this.count} values pushed, ${this.n} announced`);
    const { bases, offsets } = this;
    const partitions = bases.length - 1;
    bases[partitions] = this.last;
    offsets[partitions] = this.data.length;
    return new UniformPartitionedEliasFano(
      this.n,
      this.data.build(),
      CompactVector.from(bases, widthFor(bases[partitions])),
      CompactVector.from(offsets, widthFor(offsets[partitions])),
    );
  }
}

/** Writes values[0 .. count) minus `base`: their low bits, then their high bits in unary. */
function writePartition(data: BitVectorBuilder, values: Float64Array, count: number, base: number): void {
  const universe = values[count - 1] - base + 1;
  const l = lowWidth(count, universe);
  const scale = 2 ** l;
  for (let i = 0; i < count; i++) {
    const v = values[i] - base;
    data.appendWide(v - Math.floor(v / scale) * scale, l);
  }
  let previousHigh = 0;
  for (let i = 0; i < count; i++) {
    const high = Math.floor((values[i] - base) / scale);
    data.appendZeros(high - previousHigh);
    data.pushBit(1);
    previousHigh = high;
  }
  // The terminating zero keeps "the bucket after the last one" inside the partition's bits.
  data.pushBit(0);
}

/** Sequential reader: one partition set-up per 128 values, then a few word operations per value. */
export class UniformPartitionedEliasFanoCursor {
  private readonly state: number;
  private readonly heap: Heap;

  constructor(readonly seq: UniformPartitionedEliasFano) {
    const h = (this.heap = seq.heap);
    this.state = h.record(h.kernels.cursorBytes(), this);
  }

  /** Moves to element i. */
  reset(i: number): void {
    this.heap.kernels.upCursorReset(this.state, this.seq.desc, i);
  }

  /** The element at the current index, then advances; −1 past the end. */
  next(): number {
    return this.heap.kernels.upCursorNext(this.state);
  }
}

/**
 * The payload check of a uniform partitioned sequence: every partition's high bits hold its values' ones
 * and a terminating zero where its size says, and its values climb from above its base to its last base.
 */
function checkPartitions(c: Container, name: string, seq: UniformPartitionedEliasFano): void {
  const partitions = seq.bases.length - 1;
  const cursor = seq.cursor(0);
  for (let p = 0; p < partitions; p++) {
    const count = Math.min(PARTITION, seq.length - p * PARTITION);
    const base = seq.bases.get(p);
    const last = seq.bases.get(p + 1);
    const l = lowWidth(count, last - base + 1);
    const highStart = seq.offsets.get(p) + count * l;
    const highEnd = seq.offsets.get(p + 1);
    let ones = 0;
    for (let i = highStart; i < highEnd; i++) ones += seq.data.get(i);
    if (ones !== count || seq.data.get(highEnd - 1) !== 0) c.fail(name, `partition ${p}'s high bits hold ${ones} ones, expected ${count} and a final zero`);
    let previous = base;
    for (let i = 0; i < count; i++) {
      const v = cursor.next();
      if (!(v >= previous && v <= last)) c.fail(name, `partition ${p}: value ${i} is ${v}, not non-decreasing in ${base}..${last}`);
      previous = v;
    }
    if (previous !== last) c.fail(name, `partition ${p} ends on ${previous}, its last base is ${last}`);
  }
}
