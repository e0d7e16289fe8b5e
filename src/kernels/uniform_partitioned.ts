// Uniform partitioned Elias-Fano: partitions of 128 values, each Elias-Fano over its values minus its base
// (the last value of the partition before), low bits then high bits; no select index: a partition's high
// bits are a few words, scanned.
import { SCRATCH_BASE_F64, UP_BASES, UP_DATA, UP_DATA_BITS, UP_LENGTH, UP_OFFSETS, UP_PARTITIONS } from "./layout";
import { scratch } from "./scratch";
import { cvGet } from "./select";
import { getBits, select64 } from "./words";

const LOG_PARTITION: u32 = 7;
const PARTITION: u32 = 1 << LOG_PARTITION;

/** ⌊log2(universe / n)⌋, 0 when the values are denser than one per integer (as elias_fano.ts's lowWidth). */
// @ts-ignore: decorator
@inline
export function lowWidth(n: u32, universe: u64): u32 {
  if (n == 0 || universe <= <u64>n) return 0;
  return 63 - <u32>clz(universe / <u64>n);
}

/** Position of the k-th one at or after bit `from`; the end of the data when the bits run out. */
export function selectFrom(up: usize, from: u32, k: u32): u32 {
  const words = load<usize>(up, UP_DATA);
  const bits = load<u32>(up, UP_DATA_BITS);
  const end = (bits + 63) >> 6;
  let w = from >> 6;
  let x = load<u64>(words + (<usize>w << 3)) & (<u64>-1 << <u64>(from & 63));
  let c = <u32>popcnt(x);
  while (k >= c) {
    if (++w >= end) return bits;
    k -= c;
    x = load<u64>(words + (<usize>w << 3));
    c = <u32>popcnt(x);
  }
  return (w << 6) + select64(x, k);
}

/** Number of values in partition p. */
// @ts-ignore: decorator
@inline
function countOf(up: usize, p: u32): u32 {
  const length = load<u32>(up, UP_LENGTH);
  return p == load<u32>(up, UP_PARTITIONS) - 1 ? length - p * PARTITION : PARTITION;
}

export function upGet(up: usize, i: u32): u64 {
  const p = i >> LOG_PARTITION;
  const k = i & (PARTITION - 1);
  const bases = load<usize>(up, UP_BASES);
  const base = cvGet(bases, p);
  const count = countOf(up, p);
  const l = lowWidth(count, cvGet(bases, p + 1) - base + 1);
  const start = <u32>cvGet(load<usize>(up, UP_OFFSETS), p);
  const low = getBits(load<usize>(up, UP_DATA), start + k * l, l);
  const highStart = start + count * l;
  return base + (<u64>(selectFrom(up, highStart, k) - highStart - k) << <u64>l) + low;
}

export function upAccess(up: usize, i: u32): f64 {
  return i < load<u32>(up, UP_LENGTH) ? <f64>upGet(up, i) : 0;
}

// Cursors: a record of their own in linear memory.
const C_SEQ = 0;
const C_PARTITION = 4;
const C_INDEX = 8;
const C_PARTITION_END = 12;
const C_L = 16;
const C_LOW_POS = 20;
const C_HIGH_START = 24;
const C_W = 28;
const C_BASE = 32;
const C_BUF = 40;
export const UP_CURSOR_BYTES: u32 = 48;

function enterPartition(c: usize, p: u32): void {
  const up = load<usize>(c, C_SEQ);
  const bases = load<usize>(up, UP_BASES);
  const count = countOf(up, p);
  const base = cvGet(bases, p);
  const l = lowWidth(count, cvGet(bases, p + 1) - base + 1);
  const start = <u32>cvGet(load<usize>(up, UP_OFFSETS), p);
  const highStart = start + count * l;
  store<u32>(c, p, C_PARTITION);
  store<u32>(c, p * PARTITION + count, C_PARTITION_END);
  store<u64>(c, base, C_BASE);
  store<u32>(c, l, C_L);
  store<u32>(c, start, C_LOW_POS);
  store<u32>(c, highStart, C_HIGH_START);
  store<u32>(c, highStart >> 6, C_W);
  store<u64>(c, load<u64>(load<usize>(up, UP_DATA) + (<usize>(highStart >> 6) << 3)) & (<u64>-1 << <u64>(highStart & 63)), C_BUF);
}

/** Moves cursor c (of sequence up) to element i. */
export function upCursorReset(c: usize, up: usize, i: u32): void {
  store<usize>(c, up, C_SEQ);
  store<u32>(c, i, C_INDEX);
  if (i >= load<u32>(up, UP_LENGTH)) return;
  const p = i >> LOG_PARTITION;
  enterPartition(c, p);
  const k = i - p * PARTITION;
  store<u32>(c, load<u32>(c, C_LOW_POS) + k * load<u32>(c, C_L), C_LOW_POS);
  const one = selectFrom(up, load<u32>(c, C_HIGH_START), k);
  store<u32>(c, one >> 6, C_W);
  store<u64>(c, load<u64>(load<usize>(up, UP_DATA) + (<usize>(one >> 6) << 3)) & (<u64>-1 << <u64>(one & 63)), C_BUF);
}

/** The element at the cursor, then advances; −1 past the end. */
export function upCursorNextValue(c: usize): i64 {
  const up = load<usize>(c, C_SEQ);
  const i = load<u32>(c, C_INDEX);
  if (i >= load<u32>(up, UP_LENGTH)) return -1;
  if (i == load<u32>(c, C_PARTITION_END)) enterPartition(c, load<u32>(c, C_PARTITION) + 1);
  const words = load<usize>(up, UP_DATA);
  const end = (load<u32>(up, UP_DATA_BITS) + 63) >> 6;
  let buf = load<u64>(c, C_BUF);
  let w = load<u32>(c, C_W);
  while (buf == 0) {
    if (++w >= end) {
      store<u32>(c, load<u32>(up, UP_LENGTH), C_INDEX);
      return -1;
    }
    buf = load<u64>(words + (<usize>w << 3));
  }
  const one = (w << 6) + <u32>ctz(buf);
  store<u64>(c, buf & (buf - 1), C_BUF);
  store<u32>(c, w, C_W);
  const k = i - load<u32>(c, C_PARTITION) * PARTITION;
  const l = load<u32>(c, C_L);
  const lowPos = load<u32>(c, C_LOW_POS);
  store<u32>(c, lowPos + l, C_LOW_POS);
  store<u32>(c, i + 1, C_INDEX);
  return <i64>(load<u64>(c, C_BASE) + (<u64>(one - load<u32>(c, C_HIGH_START) - k) << <u64>l) + getBits(words, lowPos, l));
}

export function upCursorNext(c: usize): f64 {
  return <f64>upCursorNextValue(c);
}

/**
 * Position of the value x inside [begin, end), or −1: bisection over the partitions' last values, then a
 * scan of the one partition that can hold x, with the cursor c.
 */
export function upFindInRange(up: usize, c: usize, begin: u32, end: u32, x: u64): i32 {
  if (begin >= end) return -1;
  const bases = load<usize>(up, UP_BASES);
  let lo = begin >> LOG_PARTITION;
  let hi = (end - 1) >> LOG_PARTITION;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cvGet(bases, mid + 1) < x) lo = mid + 1;
    else hi = mid;
  }
  const from = max(begin, lo * PARTITION);
  const to = min(end, (lo + 1) * PARTITION);
  upCursorReset(c, up, from);
  for (let p = from; p < to; p++) {
    const v = upCursorNextValue(c);
    if (v < 0) return -1;
    if (<u64>v >= x) return <u64>v == x ? <i32>p : -1;
  }
  return -1;
}

export function upFind(up: usize, c: usize, begin: u32, end: u32, x: f64): i32 {
  return upFindInRange(up, c, begin, end, <u64>x);
}

/**
 * Scan for find-in-range over a short range (as efScanFind): the values from begin − 1 on, partition by
 * partition, each partition's low width and high bits set up once.
 */
export function upScanFind(up: usize, begin: u32, end: u32, id: u32): i32 {
  const bases = load<usize>(up, UP_BASES);
  const offsets = load<usize>(up, UP_OFFSETS);
  const data = load<usize>(up, UP_DATA);
  let i: u32 = begin == 0 ? 0 : begin - 1;
  let base: u64 = 0;
  let x = <u64>id;
  while (i < end) {
    const p = i >> LOG_PARTITION;
    const count = countOf(up, p);
    const partitionBase = cvGet(bases, p);
    const l = lowWidth(count, cvGet(bases, p + 1) - partitionBase + 1);
    const start = <u32>cvGet(offsets, p);
    const highStart = start + count * l;
    let k = i - p * PARTITION;
    const one = selectFrom(up, highStart, k);
    let w = one >> 6;
    let buf = load<u64>(data + (<usize>w << 3)) & (<u64>-1 << <u64>(one & 63));
    const stop = min(end, p * PARTITION + count);
    for (; i < stop; i++, k++) {
      while (buf == 0) buf = load<u64>(data + (<usize>++w << 3));
      const v = partitionBase + (<u64>((w << 6) + <u32>ctz(buf) - highStart - k) << <u64>l) + getBits(data, start + k * l, l);
      buf &= buf - 1;
      if (i < begin) {
        base = v;
        x += v;
        continue;
      }
      if (v >= x) {
        store<f64>(scratch, <f64>base, SCRATCH_BASE_F64);
        return v == x ? <i32>i : -1;
      }
    }
  }
  store<f64>(scratch, <f64>base, SCRATCH_BASE_F64);
  return -1;
}
