import { BitVector } from "../bits/bit_vector.js";
import { EliasFanoStore, highLength, lowWidth } from "../bits/elias_fano.js";
import { DArray } from "../bits/rank_select.js";

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

  /** Appends ids[0, n) (increasing, n ≥ 1) as a segment of universe ids[n − 1] + 1. */
  addSegment(ids: Uint32Array, n: number): void {
    const universe = ids[n - 1] + 1;
    const l = lowWidth(n, universe);
    this.highOffset = this.highBits;
    this.lowOffset = this.lowBits;
    this.width = l;
    this.highBits += highLength(n, universe, l);
    this.lowBits += n * l;
    this.high = room(this.high, this.highBits);
    this.low = room(this.low, this.lowBits);
    const high = this.high;
    const low = this.low;
    const mask = l === 32 ? -1 : (1 << l) - 1;
    for (let i = 0, h0 = this.highOffset, p = this.lowOffset; i < n; i++, p += l) {
      const v = ids[i];
      const bit = h0 + (v >>> l) + i;
      high[bit >>> 5] |= 1 << (bit & 31);
      if (l === 0) continue;
      const part = (v & mask) >>> 0;
      const off = p & 31;
      low[p >>> 5] |= part << off;
      if (off + l > 32) low[(p >>> 5) + 1] |= part >>> (32 - off);
    }
  }

  build(): EliasFanoStore {
    const high = new BitVector(this.high.slice(0, words(this.highBits)), this.highBits);
    const low = new BitVector(this.low.slice(0, words(this.lowBits)), this.lowBits);
    this.high = this.low = new Uint32Array(0);
    return new EliasFanoStore(high, low, DArray.build(high, true), DArray.build(high, false));
  }
}

/** Words for `bits` bits plus one, so that a read of two words at the last position stays inside. */
function words(bits: number): number {
  return (bits >>> 5) + 2;
}

function room(a: Uint32Array, bits: number): Uint32Array {
  const need = words(bits);
  if (need <= a.length) return a;
  const grown = new Uint32Array(Math.max(need, a.length * 2));
  grown.set(a);
  return grown;
}
