import type { PostingLists } from "./posting_lists.js";
import { TopKHeap } from "./top_k_heap.js";

/** What ranks a key's partners in top-k mode. */
export type PairMeasure = "overlap" | "jaccard" | "cosine";

export interface PairMiningOptions {
  /** Keep the k best partners per key (by `measure`); 0 keeps every pair passing the thresholds. Default 10. */
  k?: number;
  measure?: PairMeasure;
  /** Least |U_i ∩ U_j| kept (default 1). */
  minOverlap?: number;
  /** Least value of `measure` kept (default 0). */
  minScore?: number;
  /** Called after each key with (keys done, keys). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Receives the kept partners of one key: `partners[0 … n)` with their overlaps, best first in top-k mode,
 * by increasing id otherwise. The arrays are reused after the call.
 */
export type PairSink = (key: number, partners: Uint32Array, overlaps: Uint32Array, n: number) => void;

export const DEFAULT_PAIRS_K = 10;

/**
 * Pairs of keys (items) sharing members (users), as the sparse self-product A·Aᵀ of the key × member
 * incidence matrix computed row by row (Gustavson): for key i, every member u of U_i adds one to each other
 * key of u's list, in a dense counter over keys. Only pairs that share a member are ever touched, memory
 * is the two posting lists plus O(keys) scratch, and time is Σ_u |I_u|².
 */
export function minePairs(byKey: PostingLists, byMember: PostingLists, sink: PairSink, options: PairMiningOptions = {}): void {
  const k = options.k ?? DEFAULT_PAIRS_K;
  const measure = options.measure ?? "overlap";
  const minOverlap = Math.max(options.minOverlap ?? 1, 1);
  const minScore = options.minScore ?? 0;
  const keys = byKey.keys;
  const counts = new Uint32Array(keys);
  const touched = new Uint32Array(keys);
  const members = new Uint32Array(byKey.maxLength());
  const others = new Uint32Array(byMember.maxLength());
  const partners = new Uint32Array(k > 0 ? k : keys);
  const overlaps = new Uint32Array(k > 0 ? k : keys);
  const heap = new TopKHeap(k);
  for (let i = 0; i < keys; i++) {
    const size = byKey.decode(i, members);
    let t = 0;
    for (let m = 0; m < size; m++) {
      const n = byMember.decode(members[m], others);
      for (let x = 0; x < n; x++) {
        const j = others[x];
        if (j === i) continue;
        if (counts[j]++ === 0) touched[t++] = j;
      }
    }
    const kept = k > 0 ? keepBest(byKey, size, counts, touched, t, measure, minOverlap, minScore, heap, partners, overlaps) : keepAll(byKey, size, counts, touched, t, measure, minOverlap, minScore, partners, overlaps);
    sink(i, partners, overlaps, kept);
    options.onProgress?.(i + 1, keys);
  }
}

/** Score of a pair of lists of sizes a and b sharing o members. */
export function pairScore(measure: PairMeasure, o: number, a: number, b: number): number {
  if (measure === "overlap") return o;
  if (measure === "jaccard") return o / (a + b - o);
  return o / Math.sqrt(a * b);
}

/** The pair weight of the original pipeline: 1 / (|U_i ∩ U_j| + α). */
export function pairWeight(overlap: number, alpha: number): number {
  return 1 / (overlap + alpha);
}

function keepBest(lists: PostingLists, size: number, counts: Uint32Array, touched: Uint32Array, t: number, measure: PairMeasure, minOverlap: number, minScore: number, heap: TopKHeap, partners: Uint32Array, overlaps: Uint32Array): number {
  heap.clear();
  for (let x = 0; x < t; x++) {
    const j = touched[x];
    const o = counts[j];
    if (o < minOverlap) continue;
    const score = pairScore(measure, o, size, lists.length(j));
    if (score >= minScore) heap.offer(j, score);
  }
  const { ids } = heap.drain();
  for (let x = 0; x < ids.length; x++) {
    partners[x] = ids[x];
    overlaps[x] = counts[ids[x]];
  }
  // The counter is left all zero for the next key.
  for (let x = 0; x < t; x++) counts[touched[x]] = 0;
  return ids.length;
}

function keepAll(lists: PostingLists, size: number, counts: Uint32Array, touched: Uint32Array, t: number, measure: PairMeasure, minOverlap: number, minScore: number, partners: Uint32Array, overlaps: Uint32Array): number {
  touched.subarray(0, t).sort();
  let kept = 0;
  for (let x = 0; x < t; x++) {
    const j = touched[x];
    const o = counts[j];
    counts[j] = 0;
    if (o < minOverlap || pairScore(measure, o, size, lists.length(j)) < minScore) continue;
    partners[kept] = j;
    overlaps[kept++] = o;
  }
  return kept;
}
