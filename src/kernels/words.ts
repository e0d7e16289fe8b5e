// Word-level operations of the kernels: bit fields read with one unaligned 64-bit load, select inside a
// 64-bit word, and the next set bit. Bit vectors are arrays of little-endian 32-bit words, so byte
// (pos >> 3) holds bit pos; every array in linear memory is followed by at least 8 readable bytes.

/** The `width`-bit field (0 ≤ width ≤ 57) at bit `pos` of the words at `words`. */
// @ts-ignore: decorator
@inline
export function getBits(words: usize, pos: u32, width: u32): u64 {
  if (width == 0) return 0;
  const x = load<u64>(words + <usize>(pos >> 3)) >> <u64>(pos & 7);
  return width >= 64 ? x : x & ((<u64>1 << <u64>width) - 1);
}

/** The field at `pos` of any width up to 64 (two loads when it does not fit one). */
export function getBitsWide(words: usize, pos: u32, width: u32): u64 {
  if (width <= 57) return getBits(words, pos, width);
  return getBits(words, pos, 32) | (getBits(words, pos + 32, width - 32) << 32);
}

const ONES_STEP_8: u64 = 0x0101010101010101;
const MSBS_STEP_8: u64 = 0x8080808080808080;

/** Position of the k-th (0-based) set bit of x; k must be below popcnt(x). */
// @ts-ignore: decorator
@inline
export function select64(x: u64, k: u32): u32 {
  // Byte i of s: the set bits of bytes 0..i. The first byte whose count exceeds k holds the answer;
  // (s | MSBs) − (k + 1) per byte keeps its high bit exactly where s_i ≥ k + 1 (no borrow: s_i ≤ 64).
  let s = x - ((x >> 1) & 0x5555555555555555);
  s = (s & 0x3333333333333333) + ((s >> 2) & 0x3333333333333333);
  s = ((s + (s >> 4)) & 0x0f0f0f0f0f0f0f0f) * ONES_STEP_8;
  const t = ((s | MSBS_STEP_8) - <u64>(k + 1) * ONES_STEP_8) & MSBS_STEP_8;
  const b = <u32>ctz(t) & ~7;
  const before = b == 0 ? 0 : <u32>(s >> <u64>(b - 8)) & 0xff;
  const byte = <u32>(x >> <u64>b) & 0xff;
  return b + <u32>load<u8>(selectInByte + (byte << 3) + k - before);
}

/**
 * selectInByte[8b + k]: position of the k-th set bit of byte b. Each instance fills its own, in memory JS
 * gives it, rather than in static data: instantiating the module again over a shared memory (a worker
 * thread) rewrites the module's static data, under the feet of the threads already querying.
 */
let selectInByte: usize = 0;

/** Fills this instance's tables at p (SELECT_TABLE_BYTES); called once per instance, before any query. */
export function initTables(p: usize): void {
  selectInByte = p;
  for (let b: u32 = 0; b < 256; b++) {
    let k: u32 = 0;
    for (let i: u32 = 0; i < 8; i++) if (((b >> i) & 1) != 0) store<u8>(p + (b << 3) + k++, <u8>i);
  }
}

/** Position of the first set bit at or after `pos` among `bits` bits, or `bits` when there is none. */
export function nextOne(words: usize, bits: u32, pos: u32): u32 {
  if (pos >= bits) return bits;
  let w = pos >> 6;
  const end = (bits + 63) >> 6;
  let x = load<u64>(words + (<usize>w << 3)) & (<u64>-1 << <u64>(pos & 63));
  while (x == 0) {
    if (++w >= end) return bits;
    x = load<u64>(words + (<usize>w << 3));
  }
  const p = (w << 6) + <u32>ctz(x);
  return p < bits ? p : bits;
}

/** getBitsWide for JavaScript (widths up to 53: a double holds them exactly). */
export function bitsGet(words: usize, pos: u32, width: u32): f64 {
  return <f64>getBitsWide(words, pos, width);
}

/** nextOne for JavaScript. */
export function nextOneAt(words: usize, bits: u32, pos: u32): u32 {
  return nextOne(words, bits, pos);
}
