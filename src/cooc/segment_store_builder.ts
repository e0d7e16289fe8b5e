import { BitVector, withRoom } from "../bits/bit_vector.js";
import { DArray } from "../bits/rank_select.js";
import { EliasFanoStore, highLength, lowWidth } from "../bits/elias_fano.js";

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
  /** Where the last segment added starts in the high and low bits, and its low width. */
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
    this.high = withRoom(this.high, words(this.highBits));
    this.low = withRoom(this.low, words(this.lowBits));
    writeHigh(this.high, this.highOffset, ids, n, l);
    if (l > 0) writeLow(this.low, this.lowOffset, ids, n, l);
  }

  build(): EliasFanoStore {
    // Views, not copies: the spare room of the last doubling (at most as much again) is kept.
    const high = new BitVector(this.high.subarray(0, words(this.highBits)), this.highBits);
    const low = new BitVector(this.low.subarray(0, words(this.lowBits)), this.lowBits);
    this.high = this.low = new Uint32Array(0);
    return new EliasFanoStore(high, low, DArray.build(high, true, this.entries), DArray.build(high, false, this.highBits - this.entries));
  }
}

/*
 * The two writers gather bits in a local word and store it once full, rather than or-ing each entry into
 * memory: consecutive entries mostly share words, and a store followed by a load of the same word would
 * chain every entry to the one before.
 */

/** Sets the high bits of ids[0, n) (low width l) in a segment starting at bit h0. */
function writeHigh(high: Uint32Array, h0: number, ids: Uint32Array, n: number, l: number): void {
  let w = (h0 + (ids[0] >>> l)) >>> 5;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const bit = h0 + (ids[i] >>> l) + i;
    if (bit >>> 5 !== w) {
      high[w] |= acc;
      w = bit >>> 5;
      acc = 0;
    }
    acc |= 1 << (bit & 31);
  }
  high[w] |= acc;
}

/** Writes the l low bits (1 ≤ l ≤ 32) of ids[0, n) from bit p on; the bits from p on are zero. */
function writeLow(low: Uint32Array, p: number, ids: Uint32Array, n: number, l: number): void {
  const mask = l === 32 ? -1 : (1 << l) - 1;
  let w = p >>> 5;
  let off = p & 31;
  let acc = low[w];
  for (let i = 0; i < n; i++) {
    const part = (ids[i] & mask) >>> 0;
    acc |= part << off;
    off += l;
    if (off >= 32) {
      low[w++] = acc;
      off -= 32;
      acc = off === 0 ? 0 : part >>> (l - off);
    }
  }
  low[w] = acc;
}

/** Words for `bits` bits plus one, so that a read of two words at the last position stays inside. */
function words(bits: number): number {
  return (bits >>> 5) + 2;
}

