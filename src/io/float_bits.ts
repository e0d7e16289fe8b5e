/*
 * Float32 values travel through uint32 records (external sorts, record files) as their bits.
 */

const floats = new Float32Array(1);
const words = new Uint32Array(floats.buffer);

/** The bits of `x` rounded to float32. */
export function float32Bits(x: number): number {
  floats[0] = x;
  return words[0];
}

/** The float32 whose bits are `bits`. */
export function float32OfBits(bits: number): number {
  words[0] = bits;
  return floats[0];
}
