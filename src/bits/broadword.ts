/**
 * Word-level bit tricks on 32-bit words. Every 64-bit idea of the C++ literature is carried out here as
 * 32-bit halves so that values stay in V8's small-integer/uint32 range and never touch BigInt.
 */

/** Number of set bits in the low 32 bits of x. */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Index of the lowest set bit of x (x must be non-zero). */
export function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** SELECT_IN_BYTE[b * 8 + k] = position of the k-th (0-based) set bit of byte b. */
const SELECT_IN_BYTE = (() => {
  const table = new Uint8Array(256 * 8);
  for (let b = 0; b < 256; b++) {
    let k = 0;
    for (let i = 0; i < 8; i++) if ((b >>> i) & 1) table[b * 8 + k++] = i;
  }
  return table;
})();

/** Position of the k-th (0-based) set bit of the 32-bit word x; k must be below popcount32(x). */
export function select32(x: number, k: number): number {
  // Byte i of `c` is the number of set bits in bytes 0..i (per-byte counts, summed upwards by the multiply),
  // so the byte holding the answer is found by comparisons instead of a popcount per byte.
  let c = x - ((x >>> 1) & 0x55555555);
  c = (c & 0x33333333) + ((c >>> 2) & 0x33333333);
  c = Math.imul((c + (c >>> 4)) & 0x0f0f0f0f, 0x01010101);
  const c0 = c & 0xff;
  if (k < c0) return SELECT_IN_BYTE[(x & 0xff) * 8 + k];
  const c1 = (c >>> 8) & 0xff;
  if (k < c1) return 8 + SELECT_IN_BYTE[((x >>> 8) & 0xff) * 8 + k - c0];
  const c2 = (c >>> 16) & 0xff;
  if (k < c2) return 16 + SELECT_IN_BYTE[((x >>> 16) & 0xff) * 8 + k - c1];
  return 24 + SELECT_IN_BYTE[(x >>> 24) * 8 + k - c2];
}

/** 2^width − 1 for width in 0..32: the mask of the low `width` bits, exact as a number (never negative). */
export function lowMask(width: number): number {
  return width >= 32 ? 0xffffffff : ((1 << width) >>> 0) - 1;
}

/** ⌈log2(x)⌉ for x ≥ 1 (0 for x ≤ 1), exact for every x up to 2^53. */
export function ceilLog2(x: number): number {
  if (x <= 1) return 0;
  return floorLog2(x - 1) + 1;
}

/** ⌊log2(x)⌋ for 1 ≤ x < 2^53. */
export function floorLog2(x: number): number {
  if (x < 4294967296) return 31 - Math.clz32(x);
  return 63 - Math.clz32(Math.floor(x / 4294967296));
}


/**
 * Transposes the 32 × 32 bit matrix in a[at … at + 32) in place: bit c of word r becomes bit r of word c.
 * Five rounds swap ever smaller off-diagonal blocks (16 × 16, then 8 × 8, …) with masks and shifts.
 */
export function transpose32(a: Uint32Array, at = 0): void {
  let m = 0x0000ffff;
  for (let j = 16; j !== 0; j >>>= 1, m ^= m << j) {
    for (let k = at; k < at + 32; k = ((k - at + j + 1) & ~j) + at) {
      const t = ((a[k] >>> j) ^ a[k + j]) & m;
      a[k] ^= t << j;
      a[k + j] ^= t;
    }
  }
}
