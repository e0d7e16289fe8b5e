/** Windows as NeighborLists reads them (a WindowStore, or its arrays shared with a worker thread). */
export interface WindowBlock {
  /** Distinct tokens of window w, sorted, at tokens[ends[w − 1] … ends[w]) (ends[−1] = 0). */
  tokens: Uint32Array;
  ends: Uint32Array;
  windows: number;
  /** Token ids are below this. */
  universe: number;
}

/** For each token a: the numbers of the windows holding it, at windowsOf[starts[a] … starts[a + 1]). */
export interface InvertedIndex {
  starts: Uint32Array;
  windowsOf: Uint32Array;
}
import type { NeighborSink } from "./neighbor_sink.js";
import { atLeast } from "./growable.js";
import { TokenSorter } from "./sort_tokens.js";

/**
 * A list longer than universe / DENSE_RATIO is put in order by walking the bit table (a word read per 32
 * ids, a ctz per id) rather than sorted: the walk costs about universe / 32 steps, a sort some 10–30 ns
 * an entry.
 */
const DENSE_RATIO = 512;
/** A full 16-bit count. */
const FULL = 0xffff;

/**
 * The co-occurrence lists of a block of windows, token by token. An inverted index gives the windows of
 * each token; the neighbours of a token are the union of those windows' tokens, deduplicated through a
 * bit table indexed by token id (small enough to stay in the first-level cache) that is cleared after each
 * token for the ids listed only. The work is one table probe per directed pair occurrence, with no sort
 * of pairs: the windows are sets already, and each token's final list is read off the table in order or,
 * when short, sorted. Lists go to the sink as they are made, so nothing but the windows is held. With
 * weights a second table counts the windows each neighbour shares.
 */
export class NeighborLists {
  private bits = new Uint32Array(0);
  /** Windows shared with the current token, per id: 16 bits keep the table in the second-level cache. */
  private shared = new Uint16Array(0);
  /** What does not fit 16 bits: counted here once shared[t] is full. */
  private overflow = new Uint32Array(0);
  private list: Uint32Array = new Uint32Array(0);
  private counts: Uint32Array = new Uint32Array(0);
  private readonly sorter = new TokenSorter();

  constructor(readonly weighted: boolean) {}

  /** Sends the lists of every token of `store` to `sink`, in token order. */
  compute(store: WindowBlock, sink: NeighborSink): void {
    this.computeRange(store, invertedIndex(store), sink, 0, store.universe);
  }

  /** Sends the lists of the tokens in [first, end) to `sink`, in token order. */
  computeRange(store: WindowBlock, index: InvertedIndex, sink: NeighborSink, first: number, end: number): void {
    const universe = store.universe;
    if (this.bits.length * 32 < universe) this.bits = new Uint32Array((universe + 31) >>> 5);
    if (this.weighted && this.shared.length < universe) {
      this.shared = new Uint16Array(universe);
      this.overflow = new Uint32Array(universe);
    }
    this.list = atLeast(this.list, universe);
    this.counts = atLeast(this.counts, universe);
    const { starts, windowsOf } = index;
    for (let a = first; a < end; a++) {
      const from = starts[a];
      const to = starts[a + 1];
      if (from === to) continue;
      const n = this.weighted ? this.collectCounted(store, a, windowsOf, from, to) : this.collect(store, a, windowsOf, from, to);
      if (n > 0) sink.addList(a, this.list, this.counts, n, to - from);
    }
  }

  /** The neighbours of `a` (from its windows windowsOf[from, to)) into list, in order; counts all 1. */
  private collect(store: WindowBlock, a: number, windowsOf: Uint32Array, from: number, to: number): number {
    const tokens = store.tokens;
    const ends = store.ends;
    const bits = this.bits;
    const list = this.list;
    let n = 0;
    bits[a >>> 5] |= 1 << (a & 31); // a is in each of its windows but is not its own neighbour
    for (let k = from; k < to; k++) {
      const w = windowsOf[k];
      for (let i = w === 0 ? 0 : ends[w - 1], end = ends[w]; i < end; i++) {
        const t = tokens[i];
        const word = bits[t >>> 5];
        const mask = 1 << (t & 31);
        if ((word & mask) === 0) {
          bits[t >>> 5] = word | mask;
          list[n++] = t;
        }
      }
    }
    bits[a >>> 5] &= ~(1 << (a & 31));
    this.order(n, store.universe);
    this.counts.fill(1, 0, n);
    return n;
  }

  /** As collect, with the number of windows each neighbour shares with `a` in counts. */
  private collectCounted(store: WindowBlock, a: number, windowsOf: Uint32Array, from: number, to: number): number {
    const tokens = store.tokens;
    const ends = store.ends;
    const bits = this.bits;
    const shared = this.shared;
    const overflow = this.overflow;
    const list = this.list;
    let n = 0;
    shared[a] = 1; // a is in each of its windows but is not its own neighbour
    for (let k = from; k < to; k++) {
      const w = windowsOf[k];
      for (let i = w === 0 ? 0 : ends[w - 1], end = ends[w]; i < end; i++) {
        const t = tokens[i];
        const c = shared[t];
        if (c === 0) {
          bits[t >>> 5] |= 1 << (t & 31);
          list[n++] = t;
        }
        if (c !== FULL) shared[t] = c + 1;
        else overflow[t]++;
      }
    }
    shared[a] = 0;
    overflow[a] = 0;
    this.order(n, store.universe);
    const counts = this.counts;
    for (let i = 0; i < n; i++) {
      const t = list[i];
      counts[i] = shared[t] + overflow[t];
      shared[t] = 0;
      overflow[t] = 0;
    }
    return n;
  }

  /** Puts list[0, n) (the ids marked in the bit table) in increasing order and clears their marks. */
  private order(n: number, universe: number): void {
    const bits = this.bits;
    const list = this.list;
    if (n * DENSE_RATIO <= universe) {
      this.sorter.sort(list, 0, n);
      for (let i = 0; i < n; i++) bits[list[i] >>> 5] = 0;
      return;
    }
    for (let w = 0, k = 0; k < n; w++) {
      let word = bits[w];
      if (word === 0) continue;
      bits[w] = 0;
      while (word !== 0) {
        list[k++] = w * 32 + (31 - Math.clz32(word & -word));
        word &= word - 1;
      }
    }
  }
}

/**
 * The inverted index of a block, in arrays made by `alloc` (shared memory when worker threads read it).
 */
export function invertedIndex(store: WindowBlock, alloc: (n: number) => Uint32Array = (n) => new Uint32Array(n)): InvertedIndex {
  const tokens = store.tokens;
  const ends = store.ends;
  const total = store.windows === 0 ? 0 : ends[store.windows - 1];
  const starts = alloc(store.universe + 1);
  for (let i = 0; i < total; i++) starts[tokens[i] + 1]++;
  for (let a = 1; a < starts.length; a++) starts[a] += starts[a - 1];
  const windowsOf = alloc(total);
  const fill = starts.slice(0, starts.length - 1);
  for (let w = 0, i = 0; w < store.windows; w++) {
    for (const e = ends[w]; i < e; i++) windowsOf[fill[tokens[i]]++] = w;
  }
  return { starts, windowsOf };
}
