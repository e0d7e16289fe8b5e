/**
 * Range-restricted search shared by the sequences that have a global nextGEQ (Elias-Fano and
 * partitioned Elias-Fano): the first value ≥ x overall is also the first inside [begin, end) unless it
 * lies before begin (then begin holds it) or at or after end (then there is none).
 */
export interface NextGEQSequence {
  /** Second result of nextGEQ: the value at the returned position. */
  value: number;
  access(i: number): number;
  nextGEQ(x: number): number;
}

/** Position in [begin, end) of the first value ≥ x (left in seq.value), or end when there is none. */
export function nextGEQInRange(seq: NextGEQSequence, begin: number, end: number, x: number): number {
  if (begin >= end) return end;
  const p = seq.nextGEQ(x);
  if (p >= end) return end;
  if (p >= begin) return p;
  seq.value = seq.access(begin);
  return begin;
}

/** Position of the value x within [begin, end), or −1. */
export function findInRange(seq: NextGEQSequence, begin: number, end: number, x: number): number {
  const p = nextGEQInRange(seq, begin, end, x);
  return p < end && seq.value === x ? p : -1;
}

/** Position of the first value ≥ x in the increasing array a (a.length when none): a plain array's nextGEQ. */
export function lowerBound(a: Uint32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
