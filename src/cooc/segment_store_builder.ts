import { BitVector, MAX_BITS, orBitsAt, withRoom } from "../bits/bit_vector.js";
import { DArray } from "../bits/rank_select.js";
import { EliasFanoStore, highLength, lowWidth } from "../bits/elias_fano.js";

/** The segments of a SegmentStoreBuilder as bits, to be appended to another (built on another thread). */
export interface SegmentStorePart {
  high: Uint32Array;
  highBits: number;
  low: Uint32Array;
  lowBits: number;
  entries: number;
}

/**
 * Builds an EliasFanoStore one whole segment (a sorted list of uint32 ids) at a time, writing the bits
 * straight into word arrays. It lays segments out exactly as the layer's EliasFanoStoreBuilder does, but
 * knowing the whole list and that ids fit 32 bits lets each entry cost a shift, a mask and two ORs rather
 * than a bit-vector call with its range checks: the build pushes tens of millions of entries.
 */
export class SegmentStoreBuilder {
  private high: Uint32Array = new Uint32Array(1 << 12);
  private low: Uint32Array = new Uint32Array(1 << 12);
  /** Bits used in each vector. */
  private highBits = 0;
  private lowBits = 0;
  /** Where the last segment (or part) added starts in the high and low bits, and the last segment's low width. */
  highOffset = 0;
  lowOffset = 0;
  width = 0;
  /** Ids in all segments: the ones of the high bits. */
  private entries = 0;

  /** Appends ids[0, n) (increasing, n ≥ 1) as a segment of universe ids[n − 1] + 1. */
  addSegment(ids: Uint32Array, n: number): void {
    const universe = ids[n - 1] + 1;
    const l = lowWidth(n, universe);
    this.highOffset = this.highBits;
    this.lowOffset = this.lowBits;
    this.width = l;
    this.highBits += highLength(n, universe, l);
    this.lowBits += n * l;
    this.entries += n;
    this.checkSize();
    this.high = withRoom(this.high, words(this.highBits));
    this.low = withRoom(this.low, words(this.lowBits));
    writeSegment(this.high, this.highOffset, this.low, this.lowOffset, ids, n, l);
  }

  /** The segments so far (views of this builder's arrays). */
  part(): SegmentStorePart {
    return { high: this.high.subarray(0, words(this.highBits)), highBits: this.highBits, low: this.low.subarray(0, words(this.lowBits)), lowBits: this.lowBits, entries: this.entries };
  }

  /**
   * Appends the segments of another builder's part after these: a segment at bit h of the part's high bits
   * is now at highOffset + h (likewise for low bits), where highOffset and lowOffset are where the part
   * starts. The bits are those addSegment would have written.
   */
  appendPart(part: SegmentStorePart): void {
    this.highOffset = this.highBits;
    this.lowOffset = this.lowBits;
    this.highBits += part.highBits;
    this.lowBits += part.lowBits;
    this.entries += part.entries;
    this.checkSize();
    this.high = withRoom(this.high, words(this.highBits));
    this.low = withRoom(this.low, words(this.lowBits));
    orBitsAt(this.high, this.highOffset, part.high, part.highBits);
    orBitsAt(this.low, this.lowOffset, part.low, part.lowBits);
  }

  /** Bit positions are 32-bit numbers here (and in the graph's offset columns). */
  private checkSize(): void {
    if (this.highBits > MAX_BITS || this.lowBits > MAX_BITS) {
      throw new RangeError(`co-occurrence lists take more than ${MAX_BITS} bits in one store: build the corpus in parts`);
    }
  }

  build(): EliasFanoStore {
    // Views, not copies: the spare room of the last doubling (at most as much again) is kept in memory,
    // but not in the vectors, which hold exactly their bits' words.
    const high = new BitVector(this.high.subarray(0, (this.highBits + 31) >>> 5), this.highBits);
    const low = new BitVector(this.low.subarray(0, (this.lowBits + 31) >>> 5), this.lowBits);
    this.high = this.low = new Uint32Array(0);
    return new EliasFanoStore(high, low, DArray.build(high, true, this.entries), DArray.build(high, false, this.highBits - this.entries));
  }
}

/**
 * Writes ids[0, n) (low width l, 0 ≤ l ≤ 32): the high bits from bit h0 on, the low bits from bit p on (the
 * bits from p on being zero). One pass does both, each gathering bits in a local word stored once full,
 * rather than or-ing each entry into memory: consecutive entries mostly share words, and a store followed
 * by a load of the same word would chain every entry to the one before. With l = 0 the low words are left
 * as they are.
 */
function writeSegment(high: Uint32Array, h0: number, low: Uint32Array, p: number, ids: Uint32Array, n: number, l: number): void {
  const mask = l === 32 ? -1 : (1 << l) - 1;
  let hw = (h0 + (ids[0] >>> l)) >>> 5;
  let highAcc = 0;
  let lw = p >>> 5;
  let off = p & 31;
  let lowAcc = low[lw];
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    const bit = h0 + (id >>> l) + i;
    if (bit >>> 5 !== hw) {
      high[hw] |= highAcc;
      hw = bit >>> 5;
      highAcc = 0;
    }
    highAcc |= 1 << (bit & 31);
    const part = (id & mask) >>> 0;
    lowAcc |= part << off;
    off += l;
    if (off >= 32) {
      low[lw++] = lowAcc;
      off -= 32;
      lowAcc = off === 0 ? 0 : part >>> (l - off);
    }
  }
  high[hw] |= highAcc;
  low[lw] = lowAcc;
}

/** Words for `bits` bits plus one, so that a read of two words at the last position stays inside. */
function words(bits: number): number {
  return (bits >>> 5) + 2;
}

