import type { WindowSink } from "./window_cutter.js";
import type { WindowBlock } from "./neighbor_lists.js";
import { GrowableU32 } from "./growable.js";
import { withRoom } from "../bits/bit_vector.js";
import { ctz32 } from "../bits/broadword.js";

/** Largest token id accepted: vocabularies are far smaller, and per-id tables stay below 100 MB. */
export const MAX_TOKEN_ID = 2 ** 24 - 1;

/**
 * The windows of a block of the corpus, each reduced to its distinct tokens (in order of first occurrence:
 * the neighbour computation needs no order): all that co-occurrence needs, since every pair of distinct
 * tokens of a window meets once in it. Windows with fewer than two distinct tokens hold no pair and are
 * dropped. About 4 bytes per token of the corpus.
 */
export class WindowStore implements WindowSink {
  /** Distinct tokens of window w at tokens[ends[w − 1] … ends[w]) (ends[−1] = 0). */
  readonly tokens = new GrowableU32(1 << 16);
  readonly ends = new GrowableU32(1 << 10);
  /** Largest token id seen + 1. */
  universe = 0;
  /** Bit t set when token t is in a stored window (so it has a neighbour), over all blocks. */
  private present: Uint32Array = new Uint32Array(1 << 11);
  /**
   * Bit t set while the current window is deduplicated and token t is in it; cleared for the window's
   * tokens after. A bit per id keeps the table in the first-level cache (a stamp per id would not be).
   */
  private seen: Uint32Array = new Uint32Array(1 << 11);

  get windows(): number {
    return this.ends.length;
  }

  addWindow(window: Uint32Array, start: number, end: number): void {
    const first = this.tokens.length;
    this.tokens.reserve(first + end - start);
    const out = this.tokens.data;
    let n = first;
    for (let i = start; i < end; i++) {
      const t = window[i];
      if (t >= this.universe) this.growUniverse(t);
      const word = this.seen[t >>> 5];
      const bit = 1 << (t & 31);
      if ((word & bit) !== 0) continue;
      this.seen[t >>> 5] = word | bit;
      out[n++] = t;
    }
    const seen = this.seen;
    for (let i = first; i < n; i++) seen[out[i] >>> 5] = 0;
    if (n - first < 2) return;
    const present = this.present;
    for (let i = first; i < n; i++) present[out[i] >>> 5] |= 1 << (out[i] & 31);
    this.tokens.length = n;
    this.ends.push(n);
  }

  /** The ids of the tokens that have a neighbour, in increasing order. */
  presentTokens(): Uint32Array {
    const ids = new GrowableU32();
    for (let w = 0; w < this.present.length; w++) {
      for (let word = this.present[w]; word !== 0; word &= word - 1) ids.push(w * 32 + ctz32(word));
    }
    return ids.view();
  }

  /**
   * The windows with each token id replaced by its row, its rank among `presentTokens()` (which must be
   * what is passed): the last use of the windows, which are renumbered in place. The tables the neighbour
   * computation indexes by token shrink to the tokens that occur.
   */
  rowBlock(present: Uint32Array): WindowBlock {
    const rowOf = new Uint32Array(this.universe);
    for (let r = 0; r < present.length; r++) rowOf[present[r]] = r;
    const tokens = this.tokens.view();
    for (let i = 0; i < tokens.length; i++) tokens[i] = rowOf[tokens[i]];
    return { tokens, ends: this.ends.view(), windows: this.windows, universe: present.length };
  }

  /** The windows as arrays (views, valid until the next window is added). */
  block(): WindowBlock {
    return { tokens: this.tokens.view(), ends: this.ends.view(), windows: this.windows, universe: this.universe };
  }

  /**
   * Bytes the block takes: its tokens, and as much again for the inverted index the neighbour computation
   * builds over them. Tables indexed by token id are the same for every block and not counted.
   */
  bytes(): number {
    return 8 * this.tokens.length + 4 * this.ends.length;
  }

  /** Forgets the windows (the next block starts); token ids keep their deduplication table. */
  clear(): void {
    this.tokens.clear();
    this.ends.clear();
  }

  /** Makes t + 1 the universe, growing the tables indexed by token id. */
  private growUniverse(t: number): void {
    // Tables indexed by token id (here and in the neighbour computation) take a few bytes per id.
    if (t > MAX_TOKEN_ID) throw new RangeError(`token id ${t} is above ${MAX_TOKEN_ID}, the largest co-occurrence supports`);
    this.universe = t + 1;
    const words = (t + 32) >>> 5;
    this.seen = withRoom(this.seen, words);
    this.present = withRoom(this.present, words);
  }
}
