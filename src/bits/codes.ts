import { BitVector, BitVectorBuilder } from "./bit_vector.js";
import { floorLog2, lowMask } from "./broadword.js";

/**
 * Variable-length integer codes written into and read from a bit vector, least significant bit first.
 *
 * Convention: every code takes a value v ≥ 0 (up to MAX_CODE_VALUE = 2^32 − 1). Gamma and delta cannot
 * encode 0, so they encode x = v + 1 internally; callers never add the offset themselves.
 *
 *   unary(v)     v zero bits, then a one bit                          (v + 1 bits)
 *   gamma(v)     x = v + 1, n = ⌊log2 x⌋: unary(n), then the n low bits of x   (2n + 1 bits)
 *   delta(v)     x = v + 1, n = ⌊log2 x⌋: gamma(n), then the n low bits of x
 *   rice(v, k)   unary(v >>> k), then the k low bits of v, for k in 0..31
 *
 * The zeros-then-one form of unary lets the reader find the end of a run with one ctz per word.
 * The low bits of x are x − 2^n = v − (2^n − 1): that form never leaves uint32 range even for
 * v = 2^32 − 1, where x = 2^32 needs 33 bits.
 */

/** Largest value any code accepts. */
export const MAX_CODE_VALUE = 0xffffffff;
/** Largest Rice parameter: the remainder must fit in one 32-bit read, and v >>> k must shift. */
export const MAX_RICE_PARAMETER = 31;

function checkValue(v: number): void {
  if (!(Number.isInteger(v) && v >= 0 && v <= MAX_CODE_VALUE)) {
    throw new RangeError(`code value ${v} is not an integer in 0..${MAX_CODE_VALUE}`);
  }
}

function checkRiceParameter(k: number): void {
  if (!(Number.isInteger(k) && k >= 0 && k <= MAX_RICE_PARAMETER)) {
    throw new RangeError(`Rice parameter ${k} is not an integer in 0..${MAX_RICE_PARAMETER}`);
  }
}

/** Number of bits gamma(v) takes. */
export function gammaLength(v: number): number {
  return 2 * floorLog2(v + 1) + 1;
}

/** Number of bits delta(v) takes. */
export function deltaLength(v: number): number {
  const n = floorLog2(v + 1);
  return gammaLength(n) + n;
}

/** Number of bits rice(v, k) takes. */
export function riceLength(v: number, k: number): number {
  return (v >>> k) + 1 + k;
}

/** Appends codes to a growing bit vector. */
export class BitWriter {
  constructor(readonly bits: BitVectorBuilder = new BitVectorBuilder()) {}

  /** Number of bits written so far: the position the next code starts at. */
  get length(): number {
    return this.bits.length;
  }

  /** The low `width` bits of v (0 ≤ width ≤ 32). */
  writeBits(v: number, width: number): void {
    this.bits.append(v, width);
  }

  writeUnary(v: number): void {
    checkValue(v);
    this.bits.appendZeros(v);
    this.bits.pushBit(1);
  }

  writeGamma(v: number): void {
    checkValue(v);
    const n = floorLog2(v + 1);
    this.writeUnary(n);
    this.bits.append(v - lowMask(n), n);
  }

  writeDelta(v: number): void {
    checkValue(v);
    const n = floorLog2(v + 1);
    this.writeGamma(n);
    this.bits.append(v - lowMask(n), n);
  }

  writeRice(v: number, k: number): void {
    checkValue(v);
    checkRiceParameter(k);
    this.writeUnary(v >>> k);
    this.bits.append(v, k);
  }

  build(): BitVector {
    return this.bits.build();
  }
}

/**
 * A cursor over a bit vector that decodes the codes BitWriter writes. `position` is the bit the next read
 * starts at; it may be set freely to jump. Every read refuses to run past the end of the vector, so a
 * corrupt stream ends in a RangeError instead of a silent garbage value or an endless scan.
 */
export class BitReader {
  position: number;

  constructor(
    readonly bits: BitVector,
    position = 0,
  ) {
    this.position = position;
  }

  /** The next `width` bits (0 ≤ width ≤ 32) as an unsigned integer. */
  readBits(width: number): number {
    const pos = this.position;
    if (pos + width > this.bits.length) throw new RangeError(`reading ${width} bits at ${pos} runs past the end`);
    this.position = pos + width;
    return this.bits.getBits(pos, width);
  }

  readUnary(): number {
    const pos = this.position;
    const one = this.bits.nextOne(pos);
    if (one >= this.bits.length) throw new RangeError(`unary code at ${pos} runs past the end`);
    this.position = one + 1;
    return one - pos;
  }

  readGamma(): number {
    return this.readOffsetLowBits(this.readUnary());
  }

  readDelta(): number {
    return this.readOffsetLowBits(this.readGamma());
  }

  readRice(k: number): number {
    const q = this.readUnary();
    // q · 2^k as a double: q << k would wrap for a corrupt q instead of yielding an out-of-range value.
    return q * (lowMask(k) + 1) + this.readBits(k);
  }

  /** The tail shared by gamma and delta: n low bits of x = v + 1 under an implicit leading one. */
  private readOffsetLowBits(n: number): number {
    if (n > 32) throw new RangeError(`code at ${this.position} has ${n} low bits, more than 32`);
    return lowMask(n) + this.readBits(n);
  }
}

/**
 * The k in 0..31 that minimises the total Rice length of `values` (0 for an empty list). The cost of every
 * k is summed exactly rather than guessed from the mean; a pass stops as soon as it exceeds the best cost.
 */
export function optimalRiceParameter(values: ArrayLike<number>): number {
  let best = 0;
  let bestCost = Infinity;
  for (let k = 0; k <= MAX_RICE_PARAMETER; k++) {
    let cost = values.length * (k + 1);
    for (let i = 0; i < values.length && cost < bestCost; i++) cost += values[i] >>> k;
    if (cost < bestCost) {
      bestCost = cost;
      best = k;
    }
  }
  return best;
}
