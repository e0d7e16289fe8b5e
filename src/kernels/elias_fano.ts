// Elias-Fano: segments of a store (high bits with select, low bits), whole sequences and cursors.
import {
  EF_L,
  EF_LAST_F64,
  EF_LENGTH,
  EF_STORE,
  ES_HIGH,
  ES_HIGH_BITS,
  ES_LOW,
  ES_ONES,
  ES_ZEROS,
  SCRATCH_BASE_F64,
  SCRATCH_VALUE_F64,
} from "./layout";
import { select } from "./select";
import { getBits, nextOne } from "./words";
import { scratch } from "./scratch";

/** Words scanned for the end of a bucket before asking select (a bucket of up to ~100 elements). */
const BUCKET_SCAN_WORDS: u32 = 2;

/** The low part of element i of a segment whose low bits start at lOff. */
// @ts-ignore: decorator
@inline
function lowOf(es: usize, lOff: u32, l: u32, i: u32): u64 {
  return getBits(load<usize>(es, ES_LOW), lOff + i * l, l);
}

/** Element i of the segment (hOff: its first high bit, r1: the ones before it, lOff, l: its low bits). */
export function storeAccess(es: usize, hOff: u32, r1: u32, lOff: u32, l: u32, i: u32): u64 {
  const low = lowOf(es, lOff, l, i);
  return (<u64>(select(load<usize>(es, ES_ONES), r1 + i) - hOff - i) << <u64>l) | low;
}

/** access for JS. */
export function efStoreAccess(es: usize, hOff: u32, r1: u32, lOff: u32, l: u32, i: u32): f64 {
  return <f64>storeAccess(es, hOff, r1, lOff, l, i);
}

/**
 * Index of the first element ≥ y in the segment, whose last element must be ≥ y; the element goes to the
 * scratch value. Bucket h = y >> l runs from the one after zero h − 1 to zero h; its low parts are sorted.
 */
export function storeNextGEQ(es: usize, hOff: u32, r1: u32, lOff: u32, l: u32, y: u64): u32 {
  const zeros = load<usize>(es, ES_ZEROS);
  const words = load<usize>(es, ES_HIGH);
  const highBits = load<u32>(es, ES_HIGH_BITS);
  const h = <u32>(y >> <u64>l);
  const yLow = y & ((<u64>1 << <u64>l) - 1);
  const p = h == 0 ? hOff : select(zeros, hOff - r1 + h - 1) + 1;
  const j = p - hOff - h;
  // The bucket's end: its terminating zero, looked for in a few words before select.
  let w = p >> 6;
  let clear = ~load<u64>(words + (<usize>w << 3)) & (<u64>-1 << <u64>(p & 63));
  for (let budget = BUCKET_SCAN_WORDS; clear == 0 && budget > 0; budget--) clear = ~load<u64>(words + (<usize>++w << 3));
  const bucketEnd = clear != 0 ? (w << 6) + <u32>ctz(clear) : select(zeros, hOff - r1 + h);
  let lo = j;
  let hi = j + bucketEnd - p;
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    if (lowOf(es, lOff, l, mid) < yLow) lo = mid + 1;
    else hi = mid;
  }
  if (lo < j + bucketEnd - p) {
    store<f64>(scratch, <f64>((<u64>h << <u64>l) | lowOf(es, lOff, l, lo)), SCRATCH_VALUE_F64);
    return lo;
  }
  // Every element of bucket h is below y: the answer is the next element, the first of a later bucket.
  // Its one is usually in the same word; otherwise select finds it without walking the zeros.
  const rest = load<u64>(words + (<usize>(bucketEnd >> 6) << 3)) & (<u64>-1 << <u64>(bucketEnd & 63));
  const q = rest != 0 && bucketEnd < highBits ? ((bucketEnd >> 6) << 6) + <u32>ctz(rest) : select(load<usize>(es, ES_ONES), r1 + lo);
  store<f64>(scratch, <f64>((<u64>(q - hOff - lo) << <u64>l) | lowOf(es, lOff, l, lo)), SCRATCH_VALUE_F64);
  return lo;
}

/** nextGEQ for JS (y below 2^53). */
export function efStoreNextGEQ(es: usize, hOff: u32, r1: u32, lOff: u32, l: u32, y: f64): u32 {
  return storeNextGEQ(es, hOff, r1, lOff, l, <u64>y);
}

// Whole sequences (a single segment at 0, 0, 0).

// @ts-ignore: decorator
@inline
export function efGet(ef: usize, i: u32): u64 {
  return storeAccess(load<usize>(ef, EF_STORE), 0, 0, 0, load<u32>(ef, EF_L), i);
}

export function efAccess(ef: usize, i: u32): f64 {
  return i < load<u32>(ef, EF_LENGTH) ? <f64>efGet(ef, i) : 0;
}

/** access(i + 1) − access(i), with one select: the next element's one is the next set bit. */
export function efDiffGet(ef: usize, i: u32): u64 {
  const es = load<usize>(ef, EF_STORE);
  const l = load<u32>(ef, EF_L);
  const p = select(load<usize>(es, ES_ONES), i);
  const q = nextOne(load<usize>(es, ES_HIGH), load<u32>(es, ES_HIGH_BITS), p + 1);
  return (<u64>(q - p - 1) << <u64>l) + lowOf(es, 0, l, i + 1) - lowOf(es, 0, l, i);
}

export function efDiff(ef: usize, i: u32): f64 {
  return i + 1 < load<u32>(ef, EF_LENGTH) ? <f64>efDiffGet(ef, i) : 0;
}

/**
 * Position of the first value ≥ x, or the length when every value is below x; the value goes to the
 * scratch. Without a select0 index, bisection over access.
 */
export function efNextGEQValue(ef: usize, x: u64): u32 {
  const length = load<u32>(ef, EF_LENGTH);
  if (length == 0 || <f64>x > load<f64>(ef, EF_LAST_F64)) return length;
  const es = load<usize>(ef, EF_STORE);
  if (load<usize>(es, ES_ZEROS) != 0) return storeNextGEQ(es, 0, 0, 0, load<u32>(ef, EF_L), x);
  let lo: u32 = 0;
  let hi = length - 1;
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    if (efGet(ef, mid) < x) lo = mid + 1;
    else hi = mid;
  }
  store<f64>(scratch, <f64>efGet(ef, lo), SCRATCH_VALUE_F64);
  return lo;
}

export function efNextGEQ(ef: usize, x: f64): u32 {
  return efNextGEQValue(ef, x <= 0 ? 0 : <u64>Math.ceil(x));
}

/** Position of x within [begin, end), or −1. */
export function efFindInRange(ef: usize, begin: u32, end: u32, x: u64): i32 {
  if (begin >= end) return -1;
  const p = efNextGEQValue(ef, x);
  if (p >= end) return -1;
  if (p >= begin) return load<f64>(scratch, SCRATCH_VALUE_F64) == <f64>x ? <i32>p : -1;
  return efGet(ef, begin) == x ? <i32>begin : -1;
}

export function efFind(ef: usize, begin: u32, end: u32, x: f64): i32 {
  return efFindInRange(ef, begin, end, <u64>x);
}

// Cursors: a record of their own in linear memory.
const C_STORE = 0;
const C_HOFF = 4;
const C_R1 = 8;
const C_LOFF = 12;
const C_L = 16;
const C_END = 20;
const C_INDEX = 24;
const C_W = 28;
const C_BUF = 32;
export const EF_CURSOR_BYTES: u32 = 40;

/** Moves cursor c to element i of the segment of `size` elements. */
export function efCursorEnter(c: usize, es: usize, hOff: u32, r1: u32, lOff: u32, l: u32, size: u32, i: u32): void {
  store<usize>(c, es, C_STORE);
  store<u32>(c, hOff, C_HOFF);
  store<u32>(c, r1, C_R1);
  store<u32>(c, lOff, C_LOFF);
  store<u32>(c, l, C_L);
  store<u32>(c, size, C_END);
  efCursorReset(c, i);
}

/** Moves cursor c to element i of its segment. */
export function efCursorReset(c: usize, i: u32): void {
  store<u32>(c, i, C_INDEX);
  if (i >= load<u32>(c, C_END)) return;
  const es = load<usize>(c, C_STORE);
  const p = select(load<usize>(es, ES_ONES), load<u32>(c, C_R1) + i);
  store<u32>(c, p >> 6, C_W);
  store<u64>(c, load<u64>(load<usize>(es, ES_HIGH) + (<usize>(p >> 6) << 3)) & (<u64>-1 << <u64>(p & 63)), C_BUF);
}

/** The element at the cursor, then advances; −1 once the segment is exhausted. */
export function efCursorNextValue(c: usize): i64 {
  const i = load<u32>(c, C_INDEX);
  if (i >= load<u32>(c, C_END)) return -1;
  const es = load<usize>(c, C_STORE);
  const words = load<usize>(es, ES_HIGH);
  const end = (load<u32>(es, ES_HIGH_BITS) + 63) >> 6;
  let buf = load<u64>(c, C_BUF);
  let w = load<u32>(c, C_W);
  while (buf == 0) {
    // High bits that run out before the segment does (a tampered file): the scan stops at the end.
    if (++w >= end) {
      store<u32>(c, load<u32>(c, C_END), C_INDEX);
      return -1;
    }
    buf = load<u64>(words + (<usize>w << 3));
  }
  const pos = (w << 6) + <u32>ctz(buf);
  store<u64>(c, buf & (buf - 1), C_BUF);
  store<u32>(c, w, C_W);
  store<u32>(c, i + 1, C_INDEX);
  const l = load<u32>(c, C_L);
  return (<i64>(pos - load<u32>(c, C_HOFF) - i) << <i64>l) | <i64>lowOf(es, load<u32>(c, C_LOFF), l, i);
}

export function efCursorNext(c: usize): f64 {
  return <f64>efCursorNextValue(c);
}

export function efCursorIndex(c: usize): u32 {
  return load<u32>(c, C_INDEX);
}

/**
 * Scan for find-in-range over a short range: position of `id` among the values of [begin, end) minus the
 * value before begin (the base, to SCRATCH_BASE_F64; 0 when begin is 0), or −1. One select positions the
 * scan; each next value is the next one of the high bits, taken from a word held in a local.
 */
export function efScanFind(ef: usize, begin: u32, end: u32, id: u32): i32 {
  const es = load<usize>(ef, EF_STORE);
  const l = load<u32>(ef, EF_L);
  const words = load<usize>(es, ES_HIGH);
  const low = load<usize>(es, ES_LOW);
  const lastWord = (load<u32>(es, ES_HIGH_BITS) + 63) >> 6;
  let i: u32 = begin == 0 ? 0 : begin - 1;
  const p = select(load<usize>(es, ES_ONES), i);
  let w = p >> 6;
  let buf = load<u64>(words + (<usize>w << 3)) & (<u64>-1 << <u64>(p & 63));
  let base: u64 = 0;
  let x = <u64>id;
  for (; i < end; i++) {
    while (buf == 0) {
      if (++w >= lastWord) return -1;
      buf = load<u64>(words + (<usize>w << 3));
    }
    const v = (<u64>((w << 6) + <u32>ctz(buf) - i) << <u64>l) | getBits(low, i * l, l);
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
  store<f64>(scratch, <f64>base, SCRATCH_BASE_F64);
  return -1;
}
