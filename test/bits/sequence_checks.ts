import { expect } from "vitest";
import { Random } from "../helpers/random.js";

/** What EliasFano and PartitionedEliasFano have in common, for one oracle to check both. */
export interface SortedSequence {
  readonly length: number;
  value: number;
  access(i: number): number;
  nextGEQ(x: number): number;
  nextGEQInRange(begin: number, end: number, x: number): number;
  findInRange(begin: number, end: number, x: number): number;
  cursor(i?: number): { index: number; reset(i: number): void; next(): number };
}

/** Position of the first value ≥ x in values[begin, end), or end. */
function lowerBound(values: ArrayLike<number>, begin: number, end: number, x: number): number {
  let lo = begin;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function checkNextGEQ(values: ArrayLike<number>, seq: SortedSequence, x: number): void {
  const want = lowerBound(values, 0, values.length, x);
  const got = seq.nextGEQ(x);
  if (got !== want || (want < values.length && seq.value !== values[want])) {
    expect({ x, pos: got, value: got < values.length ? seq.value : undefined }).toEqual({ x, pos: want, value: values[want] });
  }
}

function checkRange(values: ArrayLike<number>, seq: SortedSequence, begin: number, end: number, x: number): void {
  const want = lowerBound(values, begin, end, x);
  const got = seq.nextGEQInRange(begin, end, x);
  if (got !== want || (want < end && seq.value !== values[want])) {
    expect({ begin, end, x, pos: got, value: got < end ? seq.value : undefined }).toEqual({ begin, end, x, pos: want, value: values[want] });
  }
  const found = want < end && values[want] === x ? want : -1;
  const gotFound = seq.findInRange(begin, end, x);
  if (gotFound !== found) expect({ begin, end, x, found: gotFound }).toEqual({ begin, end, x, found });
}

/**
 * Checks access and the cursor on every element, nextGEQ around every value (or around `queries` random
 * ones when the sequence is long) and beyond the last, and ranged searches on empty, single and random
 * ranges.
 */
export function checkSequence(values: ArrayLike<number>, universe: number, seq: SortedSequence, rng: Random, queries = 2000): void {
  const n = values.length;
  expect(seq.length).toBe(n);
  for (let i = 0; i < n; i++) if (seq.access(i) !== values[i]) expect(seq.access(i), `access(${i})`).toBe(values[i]);

  const c = seq.cursor();
  for (let i = 0; i < n; i++) {
    const v = c.next();
    if (v !== values[i]) expect(v, `cursor at ${i}`).toBe(values[i]);
  }
  expect(c.next()).toBe(-1);
  for (let q = 0; q < Math.min(n, 50); q++) {
    const i = rng.int(n);
    c.reset(i);
    for (let j = i; j < Math.min(n, i + 300); j++) {
      const v = c.next();
      if (v !== values[j]) expect(v, `cursor from ${i} at ${j}`).toBe(values[j]);
    }
  }

  const exhaustive = n <= 5000;
  const probes = exhaustive ? n : queries;
  for (let q = 0; q < probes; q++) {
    const v = values[exhaustive ? q : rng.int(n)];
    checkNextGEQ(values, seq, v);
    checkNextGEQ(values, seq, v + 1);
    if (v > 0) checkNextGEQ(values, seq, v - 1);
  }
  for (let q = 0; q < queries; q++) checkNextGEQ(values, seq, rng.int(universe + 2));
  checkNextGEQ(values, seq, 0);
  checkNextGEQ(values, seq, universe);
  checkNextGEQ(values, seq, universe + 1000);
  if (n > 0) checkNextGEQ(values, seq, values[n - 1] + 1);

  for (let q = 0; q < queries; q++) {
    const begin = rng.int(n + 1);
    const kind = q % 4;
    // Empty, single and short ranges, then any range.
    const end = kind === 0 ? begin : kind === 1 ? Math.min(n, begin + 1) : kind === 2 ? Math.min(n, begin + rng.int(40)) : begin + rng.int(n - begin + 1);
    const inside = end > begin ? values[begin + rng.int(end - begin)] : rng.int(universe + 1);
    checkRange(values, seq, begin, end, inside);
    checkRange(values, seq, begin, end, inside + 1);
    checkRange(values, seq, begin, end, inside > 0 ? inside - 1 : 0);
    checkRange(values, seq, begin, end, rng.int(universe + 2));
  }
}

/** Sorted values drawn in clusters: dense runs of random length at random places, sparse in between. */
export function clusteredInts(rng: Random, n: number, universe: number): number[] {
  const values: number[] = [];
  while (values.length < n) {
    const start = rng.int(universe);
    const run = 1 + rng.int(2000);
    const gap = 1 + rng.int(4);
    for (let j = 0; j < run && values.length < n; j++) values.push(Math.min(universe - 1, start + j * gap));
  }
  return values.sort((a, b) => a - b);
}
