// Partitioned Elias-Fano with partitions of optimal sizes, each consecutive, a bitmap or an Elias-Fano
// segment; the upper level (last values, ends) is Elias-Fano.
import {
  PE_BITMAP_RANKS,
  PE_BITMAP_SELECT,
  PE_BITMAPS,
  PE_EFS,
  PE_ENDS,
  PE_KINDS,
  PE_LAST_F64,
  PE_LASTS,
  PE_LENGTH,
  PE_LOW_OFFSETS,
  PE_OFFSETS,
  PE_RANKS,
  RI_LENGTH,
  SCRATCH_VALUE_F64,
} from "./layout";
import { cvGet32, rank1, select } from "./select";
import { EF_CURSOR_BYTES, efCursorEnter, efCursorNextValue, efGet, efNextGEQValue, storeAccess, storeNextGEQ } from "./elias_fano";
import { nextOne } from "./words";
import { scratch } from "./scratch";

const CONSECUTIVE: u32 = 0;
const BITMAP: u32 = 1;

/** Element j of partition k, whose values lie above `base`. */
function valueIn(pe: usize, k: u32, base: u64, j: u32): u64 {
  const kind = <u32>load<u8>(load<usize>(pe, PE_KINDS) + k);
  const offset = cvGet32(load<usize>(pe, PE_OFFSETS), k);
  const rank = cvGet32(load<usize>(pe, PE_RANKS), k);
  if ((kind & 3) == BITMAP) return base + <u64>(select(load<usize>(pe, PE_BITMAP_SELECT), rank + j) - offset);
  return base + storeAccess(load<usize>(pe, PE_EFS), offset, rank, cvGet32(load<usize>(pe, PE_LOW_OFFSETS), k), kind >> 2, j);
}

export function peGet(pe: usize, i: u32): u64 {
  const ends = load<usize>(pe, PE_ENDS);
  const lasts = load<usize>(pe, PE_LASTS);
  const k = efNextGEQValue(ends, <u64>i + 1);
  if ((<u32>load<u8>(load<usize>(pe, PE_KINDS) + k) & 3) == CONSECUTIVE) {
    return efGet(lasts, k) - <u64>load<f64>(scratch, SCRATCH_VALUE_F64) + 1 + <u64>i;
  }
  if (k == 0) return valueIn(pe, 0, 0, i);
  return valueIn(pe, k, efGet(lasts, k - 1), i - <u32>efGet(ends, k - 1));
}

export function peAccess(pe: usize, i: u32): f64 {
  return i < load<u32>(pe, PE_LENGTH) ? <f64>peGet(pe, i) : 0;
}

/** Position of the first value ≥ x (the value to the scratch), or the length when every value is below x. */
export function peNextGEQValue(pe: usize, x: u64): u32 {
  const length = load<u32>(pe, PE_LENGTH);
  if (length == 0 || <f64>x > load<f64>(pe, PE_LAST_F64)) return length;
  const lasts = load<usize>(pe, PE_LASTS);
  const ends = load<usize>(pe, PE_ENDS);
  const k = efNextGEQValue(lasts, x);
  const last = <u64>load<f64>(scratch, SCRATCH_VALUE_F64);
  const start = k == 0 ? 0 : <u32>efGet(ends, k - 1);
  const base = k == 0 ? 0 : efGet(lasts, k - 1);
  const kind = <u32>load<u8>(load<usize>(pe, PE_KINDS) + k);
  let j: u32;
  let value: u64;
  if ((kind & 3) == CONSECUTIVE) {
    const first = last - efGet(ends, k) + <u64>start + 1;
    j = x > first ? <u32>(x - first) : 0;
    value = first + j;
  } else if ((kind & 3) == BITMAP) {
    const offset = cvGet32(load<usize>(pe, PE_OFFSETS), k);
    const r = cvGet32(load<usize>(pe, PE_RANKS), k);
    const y = x > base ? <u32>(x - base) : 0;
    j = rank1(load<usize>(pe, PE_BITMAP_RANKS), offset + y) - r;
    value = base + <u64>(select(load<usize>(pe, PE_BITMAP_SELECT), r + j) - offset);
  } else {
    const offset = cvGet32(load<usize>(pe, PE_OFFSETS), k);
    const r = cvGet32(load<usize>(pe, PE_RANKS), k);
    j = storeNextGEQ(load<usize>(pe, PE_EFS), offset, r, cvGet32(load<usize>(pe, PE_LOW_OFFSETS), k), kind >> 2, x > base ? x - base : 0);
    value = base + <u64>load<f64>(scratch, SCRATCH_VALUE_F64);
  }
  store<f64>(scratch, <f64>value, SCRATCH_VALUE_F64);
  return start + j;
}

export function peNextGEQ(pe: usize, x: f64): u32 {
  return peNextGEQValue(pe, x <= 0 ? 0 : <u64>Math.ceil(x));
}

/** Position of x within [begin, end), or −1. */
export function peFindInRange(pe: usize, begin: u32, end: u32, x: u64): i32 {
  if (begin >= end) return -1;
  const p = peNextGEQValue(pe, x);
  if (p >= end) return -1;
  if (p >= begin) return load<f64>(scratch, SCRATCH_VALUE_F64) == <f64>x ? <i32>p : -1;
  return peGet(pe, begin) == x ? <i32>begin : -1;
}

export function peFind(pe: usize, begin: u32, end: u32, x: f64): i32 {
  return peFindInRange(pe, begin, end, <u64>x);
}

// Cursors: a record of their own with an Elias-Fano cursor inside.
const C_SEQ = 0;
const C_INDEX = 4;
const C_PARTITION = 8;
const C_PARTITION_END = 12;
const C_ENCODING = 16;
const C_OFFSET = 20;
const C_AT = 24;
const C_BASE = 32;
const C_INNER = 40;
export const PE_CURSOR_BYTES: u32 = 40 + EF_CURSOR_BYTES;

function enter(c: usize, k: u32, start: u32, base: u64, i: u32): void {
  const pe = load<usize>(c, C_SEQ);
  const kind = <u32>load<u8>(load<usize>(pe, PE_KINDS) + k);
  const end = <u32>efGet(load<usize>(pe, PE_ENDS), k);
  store<u32>(c, k, C_PARTITION);
  store<u32>(c, end, C_PARTITION_END);
  store<u32>(c, kind & 3, C_ENCODING);
  store<u64>(c, base, C_BASE);
  if ((kind & 3) == CONSECUTIVE) {
    store<u64>(c, efGet(load<usize>(pe, PE_LASTS), k) - <u64>end + 1 + <u64>i, C_AT);
  } else if ((kind & 3) == BITMAP) {
    const offset = cvGet32(load<usize>(pe, PE_OFFSETS), k);
    store<u32>(c, offset, C_OFFSET);
    // The position before element i's: each step finds the next one after it.
    store<u64>(c, <u64>(select(load<usize>(pe, PE_BITMAP_SELECT), cvGet32(load<usize>(pe, PE_RANKS), k) + i - start) - 1), C_AT);
  } else {
    const offsets = load<usize>(pe, PE_OFFSETS);
    efCursorEnter(c + C_INNER, load<usize>(pe, PE_EFS), cvGet32(offsets, k), cvGet32(load<usize>(pe, PE_RANKS), k), cvGet32(load<usize>(pe, PE_LOW_OFFSETS), k), kind >> 2, end - start, i - start);
  }
}

/** Moves cursor c (of sequence pe) to element i. */
export function peCursorReset(c: usize, pe: usize, i: u32): void {
  store<usize>(c, pe, C_SEQ);
  store<u32>(c, i, C_INDEX);
  if (i >= load<u32>(pe, PE_LENGTH)) return;
  const ends = load<usize>(pe, PE_ENDS);
  const k = efNextGEQValue(ends, <u64>i + 1);
  enter(c, k, k == 0 ? 0 : <u32>efGet(ends, k - 1), k == 0 ? 0 : efGet(load<usize>(pe, PE_LASTS), k - 1), i);
}

/** The element at the cursor, then advances; −1 once the sequence is exhausted. */
export function peCursorNextValue(c: usize): i64 {
  const pe = load<usize>(c, C_SEQ);
  const i = load<u32>(c, C_INDEX);
  if (i >= load<u32>(pe, PE_LENGTH)) return -1;
  if (i == load<u32>(c, C_PARTITION_END)) {
    const k = load<u32>(c, C_PARTITION);
    enter(c, k + 1, i, efGet(load<usize>(pe, PE_LASTS), k), i);
  }
  store<u32>(c, i + 1, C_INDEX);
  const encoding = load<u32>(c, C_ENCODING);
  if (encoding == CONSECUTIVE) {
    const at = load<u64>(c, C_AT);
    store<u64>(c, at + 1, C_AT);
    return <i64>at;
  }
  if (encoding == BITMAP) {
    const bitmaps = load<usize>(pe, PE_BITMAPS);
    const bits = load<u32>(load<usize>(pe, PE_BITMAP_RANKS), RI_LENGTH);
    const at = nextOne(bitmaps, bits, <u32>load<u64>(c, C_AT) + 1);
    store<u64>(c, <u64>at, C_AT);
    return <i64>(load<u64>(c, C_BASE) + <u64>(at - load<u32>(c, C_OFFSET)));
  }
  const v = efCursorNextValue(c + C_INNER);
  return v < 0 ? v : <i64>load<u64>(c, C_BASE) + v;
}

export function peCursorNext(c: usize): f64 {
  return <f64>peCursorNextValue(c);
}

/** Index of the element the next step returns. */
export function peCursorIndex(c: usize): u32 {
  return load<u32>(c, C_INDEX);
}
