/*
 * The arithmetic of interpolated modified Kneser-Ney as KenLM's lmplz does it. lmplz computes in float32,
 * left to right, so every step here is rounded with Math.fround in the same order: the ARPA values then
 * match lmplz's to the last printed digit rather than to about 4e-7.
 */

import { formatFloat32 } from "../io/arpa.js";
import { float32Bits, float32OfBits } from "../io/float_bits.js";

const f32 = Math.fround;

/** Adjusted counts 1..4 are told apart when computing discounts; 3 and above share D3+. */
export const COUNT_OF_COUNTS = 4;

/** Raised when an order has no n-gram of some adjusted count 1..3, or discounts out of range. */
export class DiscountError extends Error {
  override name = "DiscountError";

  /** `reason`: what is wrong with the counts; `advice`, if any, follows it in the message. */
  constructor(
    readonly reason: string,
    advice?: string,
  ) {
    super(advice === undefined ? reason : `${reason}; ${advice}`);
  }
}

/** D1, D2, D3+ for the orders whose counts of counts give no discounts (lmplz's --discount_fallback). */
export type DiscountFallback = readonly [number, number, number];

/** lmplz's fallback when --discount_fallback is given without values. */
export const DEFAULT_DISCOUNT_FALLBACK: DiscountFallback = [0.5, 1, 1.5];

/** The fallback as discounts [0, D1, D2, D3+] in float32 (as lmplz reads them); RangeError unless 0 ≤ Dj ≤ j. */
export function fallbackDiscounts(fallback: DiscountFallback): Float32Array {
  const d = new Float32Array(4);
  for (let j = 1; j <= 3; j++) {
    d[j] = fallback[j - 1];
    if (!(d[j] >= 0 && d[j] <= j)) throw new RangeError(`fallback discount D${j === 3 ? "3+" : j} must be in [0, ${j}], got ${fallback[j - 1]}`);
  }
  return d;
}

/**
 * Discounts of one order from its count of counts n[1..4] (n[0] unused): [0, D1, D2, D3+] as float32.
 * Y = n1/(n1 + 2·n2) and D_j = j − (j+1)·Y·n_{j+1}/n_j, as in Chen & Goodman's equation (26).
 * DiscountError when some n_j (j ≤ 3) is 0 or some D_j falls outside [0, j]: lmplz's conditions for its
 * fallback.
 */
export function discountsOf(order: number, n: ArrayLike<number>): Float32Array {
  for (let j = 1; j <= 3; j++) {
    if (n[j] === 0) {
      throw new DiscountError(`cannot estimate ${order}-gram discounts: no ${order}-gram has adjusted count ${j} (is the text tiny or repetitive?)`);
    }
  }
  // lmplz adds in double (2.0 is a double) and then rounds the sum to float.
  const y = f32(f32(n[1]) / f32(n[1] + 2 * n[2]));
  const d = new Float32Array(4);
  for (let j = 1; j <= 3; j++) {
    d[j] = f32(j - f32(f32(f32(f32(j + 1) * y) * f32(n[j + 1])) / f32(n[j])));
    if (!(d[j] >= 0 && d[j] <= j)) throw new DiscountError(`cannot estimate ${order}-gram discounts: D${j} = ${formatFloat32(d[j])} is out of range [0, ${j}]`);
  }
  return d;
}

/** The discounted count a − D(a) of an n-gram with adjusted count a, in float32. */
export function discounted(discounts: Float32Array, adjusted: number): number {
  return f32(f32(adjusted) - discounts[adjusted < 3 ? adjusted : 3]);
}

/**
 * The backoff γ(h) of a context: the mass taken by discounting its kept extensions (n1, n2, n3plus of them
 * with adjusted counts 1, 2, 3+) plus the whole adjusted count of its pruned extensions, over the sum of
 * the adjusted counts of all its extensions.
 */
export function contextGamma(discounts: Float32Array, n1: number, n2: number, n3plus: number, prunedMass: number, denominator: number): number {
  let gamma = f32(discounts[1] * f32(n1));
  gamma = f32(gamma + f32(discounts[2] * f32(n2)));
  gamma = f32(gamma + f32(discounts[3] * f32(n3plus)));
  gamma = f32(gamma + f32(prunedMass));
  return f32(gamma / f32(denominator));
}

/** u(w|h) = (a(hw) − D)/den(h), in float32. */
export function uninterpolated(discounts: Float32Array, adjusted: number, denominator: number): number {
  return f32(discounted(discounts, adjusted) / f32(denominator));
}

/** p(w|h) = u(w|h) + γ(h)·p(w|h′), in float32. */
export function interpolated(u: number, gamma: number, lower: number): number {
  return f32(u + f32(gamma * lower));
}

/** The probability of each word in the uniform distribution under the unigrams: |V| (the unigrams written) counts <unk> but not <s>. */
export function uniformProbability(vocabularySize: number): number {
  return f32(1 / (vocabularySize - 1));
}

/** log10 of a float32 probability, at most 0 (rounding may push a probability just above 1). */
export function log10Probability(p: number): number {
  return Math.min(0, log10f(p));
}

/** log10 of a float32 backoff. */
export function log10Backoff(gamma: number): number {
  return log10f(gamma);
}

/** log10(2) split into a float32 head and tail, and 1/ln(10) as float32 (the C library's constants). */
const LOG10_2_HIGH = float32OfBits(0x3e9a2080);
const LOG10_2_LOW = float32OfBits(0x355427db);
const INVERSE_LN10 = float32OfBits(0x3ede5bd9);
const SMALLEST_NORMAL = 2 ** -126;

/**
 * log10 of a float32 the way the C library's float log10 computes it, which is not correctly rounded:
 * x = 2^k·m with m in [1, 2) (or [0.5, 1) when k < 0), log10 x = k·log10(2) + log(m)/ln(10), in float32
 * steps. lmplz's values come from it; a correctly rounded log10 differs from them in the last place for
 * about one value in seven, this in about one in three hundred (where the natural log rounds differently).
 */
export function log10f(x: number): number {
  if (!(x >= SMALLEST_NORMAL && x < Infinity)) return f32(Math.log10(x));
  const bits = float32Bits(x);
  const k = (bits >>> 23) - 127;
  const below1 = k < 0 ? 1 : 0;
  const m = float32OfBits((bits & 0x7fffff) | ((0x7f - below1) << 23));
  const y = k + below1;
  const z = f32(f32(y * LOG10_2_LOW) + f32(INVERSE_LN10 * f32(Math.log(m))));
  return f32(z + f32(y * LOG10_2_HIGH));
}
