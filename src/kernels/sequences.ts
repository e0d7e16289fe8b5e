// Indexed codewords, prefix sums, and access / search / cursors over any tagged sequence.
import {
  CV_LENGTH,
  EF_L,
  EF_LENGTH,
  PE_LENGTH,
  UP_LENGTH,
  EF_STORE,
  IC_CODEWORDS,
  IC_LENGTH,
  IC_MARKS,
  IC_MARKS_BITS,
  IC_STARTS,
  PS_LENGTH,
  PS_SUMS,
  TAG,
  TAG_CV,
  TAG_EF,
  TAG_IC,
  TAG_PEF,
  TAG_PSEF,
  TAG_PSPEF,
  TAG_UPEF,
} from "./layout";
import { cvGet, select } from "./select";
import { efCursorEnter, efCursorNextValue, efDiffGet, efFindInRange, efGet } from "./elias_fano";
import { UP_CURSOR_BYTES, upCursorNextValue, upCursorReset, upFindInRange, upGet } from "./uniform_partitioned";
import { PE_CURSOR_BYTES, peCursorNextValue, peCursorReset, peFindInRange, peGet } from "./partitioned";
import { getBits, nextOne } from "./words";

/** Value i of indexed codewords: the codeword between two marks, with its implicit leading one. */
export function icGet(ic: usize, i: u32): u64 {
  const start = select(load<usize>(ic, IC_STARTS), i);
  const width = min<u32>(nextOne(load<usize>(ic, IC_MARKS), load<u32>(ic, IC_MARKS_BITS), start + 1) - start, 32);
  return (<u64>1 << <u64>width) - 2 + getBits(load<usize>(ic, IC_CODEWORDS), start, width);
}

/** Value i of any sequence; 0 for an index past its end (which only a tampered file leads to). */
export function seqGet(d: usize, i: u32): u64 {
  if (i >= seqLength(d)) return 0;
  switch (load<u32>(d, TAG)) {
    case TAG_EF:
      return efGet(d, i);
    case TAG_UPEF:
      return upGet(d, i);
    case TAG_PEF:
      return peGet(d, i);
    case TAG_IC:
      return icGet(d, i);
    case TAG_PSEF:
      return efDiffGet(load<usize>(d, PS_SUMS), i);
    case TAG_PSPEF: {
      const sums = load<usize>(d, PS_SUMS);
      return upGet(sums, i + 1) - upGet(sums, i);
    }
    case TAG_CV:
      return cvGet(d, i);
  }
  return 0;
}

/** The length of any sequence. */
export function seqLength(d: usize): u32 {
  switch (load<u32>(d, TAG)) {
    case TAG_EF:
      return load<u32>(d, EF_LENGTH);
    case TAG_UPEF:
      return load<u32>(d, UP_LENGTH);
    case TAG_PEF:
      return load<u32>(d, PE_LENGTH);
    case TAG_IC:
      return load<u32>(d, IC_LENGTH);
    case TAG_PSEF:
    case TAG_PSPEF:
      return load<u32>(d, PS_LENGTH);
    case TAG_CV:
      return load<u32>(d, CV_LENGTH);
  }
  return 0;
}

export function seqAccess(d: usize, i: u32): f64 {
  return <f64>seqGet(d, i);
}

/** Room for a cursor of any monotone sequence. */
export const CURSOR_BYTES: u32 = max(UP_CURSOR_BYTES, PE_CURSOR_BYTES);

/** Moves cursor c over the monotone sequence d (Elias-Fano, uniform or optimal partitions) to element i. */
export function seqCursorReset(c: usize, d: usize, i: u32): void {
  store<usize>(c + CURSOR_BYTES, d);
  const tag = load<u32>(d, TAG);
  if (tag == TAG_EF) efCursorEnter(c, load<usize>(d, EF_STORE), 0, 0, 0, load<u32>(d, EF_L), load<u32>(d, EF_LENGTH), i);
  else if (tag == TAG_UPEF) upCursorReset(c, d, i);
  else peCursorReset(c, d, i);
}

/** The element at cursor c, then advances; −1 past the end. */
export function seqCursorNextValue(c: usize): i64 {
  const tag = load<u32>(load<usize>(c + CURSOR_BYTES), TAG);
  if (tag == TAG_EF) return efCursorNextValue(c);
  if (tag == TAG_UPEF) return upCursorNextValue(c);
  return peCursorNextValue(c);
}

export function seqCursorNext(c: usize): f64 {
  return <f64>seqCursorNextValue(c);
}

/** Position of x within [begin, end) of the monotone sequence d, or −1; c: a cursor some searches need. */
export function seqFindInRange(d: usize, c: usize, begin: u32, end: u32, x: u64): i32 {
  const tag = load<u32>(d, TAG);
  if (tag == TAG_EF) return efFindInRange(d, begin, end, x);
  if (tag == TAG_UPEF) return upFindInRange(d, c, begin, end, x);
  return peFindInRange(d, begin, end, x);
}

/** Bytes of a cursor record for seqCursorReset: room for any kind, and the sequence it walks. */
export function cursorBytes(): u32 {
  return CURSOR_BYTES + 8;
}
