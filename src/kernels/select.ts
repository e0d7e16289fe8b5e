// Rank and select (DArray, RankIndex) and compact vectors, over their descriptors (layout.ts).
import {
  CV_LENGTH,
  CV_WIDTH,
  CV_WORDS,
  DA_BLOCKS,
  DA_COUNT,
  DA_FLIP,
  DA_LENGTH,
  DA_NWORDS,
  DA_OVERFLOW,
  DA_SUBS,
  DA_WORDS,
  RI_COUNTS,
  RI_WORDS,
} from "./layout";
import { getBits, select64 } from "./words";

const BLOCK_LOG: u32 = 10;
const BLOCK_MASK: u32 = (1 << BLOCK_LOG) - 1;
const SUB_LOG: u32 = 7;
const SUB_MASK: u32 = (1 << SUB_LOG) - 1;

/**
 * Position of the k-th (0-based) selected bit (k below the count): from the block's first position and
 * the sample of every 128 selected bits, a scan of 64-bit words; a sparse block lists its positions.
 * Bits that contradict the samples (a tampered file) end the scan at the end of the vector.
 */
export function select(d: usize, k: u32): u32 {
  // An index beyond the selectable bits (from a tampered file) reads nothing: the end of the vector.
  if (k >= load<u32>(d, DA_COUNT)) return load<u32>(d, DA_LENGTH);
  const start = load<f64>(load<usize>(d, DA_BLOCKS) + (<usize>(k >> BLOCK_LOG) << 3));
  if (start < 0) return load<u32>(load<usize>(d, DA_OVERFLOW) + (<usize>(<u32>(-start - 1) + (k & BLOCK_MASK)) << 2));
  const p = <u32>start + <u32>load<u16>(load<usize>(d, DA_SUBS) + (<usize>(k >> SUB_LOG) << 1));
  const words = load<usize>(d, DA_WORDS);
  const flip: u64 = load<u32>(d, DA_FLIP) != 0 ? <u64>-1 : 0;
  const end = (load<u32>(d, DA_NWORDS) + 1) >> 1;
  let r = k & SUB_MASK;
  let w = p >> 6;
  let x = (load<u64>(words + (<usize>w << 3)) ^ flip) & (<u64>-1 << <u64>(p & 63));
  let c = <u32>popcnt(x);
  while (r >= c) {
    if (++w >= end) return load<u32>(d, DA_LENGTH);
    r -= c;
    x = load<u64>(words + (<usize>w << 3)) ^ flip;
    c = <u32>popcnt(x);
  }
  return (w << 6) + select64(x, r);
}

const RANK_BLOCK_LOG: u32 = 9;
const RANK_SUB_LOG: u32 = 7;
const REL_BITS: u32 = 9;

/** Number of ones in positions [0, i), for i up to the length. */
export function rank1(d: usize, i: u32): u32 {
  const counts = load<usize>(d, RI_COUNTS);
  const words = load<usize>(d, RI_WORDS);
  const b = i >> RANK_BLOCK_LOG;
  const s = (i >> RANK_SUB_LOG) & ((1 << (RANK_BLOCK_LOG - RANK_SUB_LOG)) - 1);
  let r = load<u32>(counts + (<usize>b << 3));
  if (s != 0) r += (load<u32>(counts + (<usize>b << 3) + 4) >> (REL_BITS * (s - 1))) & ((1 << REL_BITS) - 1);
  const last = i >> 6;
  for (let w = (i >> RANK_SUB_LOG) << 1; w < last; w++) r += <u32>popcnt(load<u64>(words + (<usize>w << 3)));
  if ((i & 63) != 0) r += <u32>popcnt(load<u64>(words + (<usize>last << 3)) & ((<u64>1 << <u64>(i & 63)) - 1));
  return r;
}

/** Value i of a compact vector. */
// @ts-ignore: decorator
@inline
export function cvGet(d: usize, i: u32): u64 {
  if (i >= load<u32>(d, CV_LENGTH)) return 0;
  const width = load<u32>(d, CV_WIDTH);
  return getBits(load<usize>(d, CV_WORDS), i * width, width);
}

/** Every value of a compact vector, as doubles, to `out`: how loading checks a table without a call a value. */
export function compactDecode(d: usize, out: usize): void {
  const n = load<u32>(d, CV_LENGTH);
  for (let i: u32 = 0; i < n; i++) store<f64>(out + (<usize>i << 3), <f64>cvGet(d, i));
}

/** Value i of a compact vector, for JS (a double: widths go up to 53 bits). */
export function compactGet(d: usize, i: u32): f64 {
  return <f64>cvGet(d, i);
}

/** Value i of a compact vector whose values fit 32 bits (IDs, offsets, widths). */
// @ts-ignore: decorator
@inline
export function cvGet32(d: usize, i: u32): u32 {
  return <u32>cvGet(d, i);
}

/** The length of a compact vector (for bounds the kernels check). */
// @ts-ignore: decorator
@inline
export function cvLength(d: usize): u32 {
  return load<u32>(d, CV_LENGTH);
}
