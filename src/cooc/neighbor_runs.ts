import { closeSync, openSync, readSync, writeSync } from "node:fs";
import type { NeighborSink } from "./neighbor_sink.js";
import { atLeast } from "./growable.js";
import { TokenSorter } from "./sort_tokens.js";

/*
 * Neighbour lists of one block of the corpus, spilled to disk when the corpus does not fit in memory: a
 * run file is, per token in increasing order, the words [token, n, windows, ids[n], counts[n]] (uint32,
 * the machine's byte order: run files never leave the process; counts only when weighted). Runs are
 * merged token by token.
 */

const BLOCK_WORDS = 1 << 16;

export class RunWriter implements NeighborSink {
  private readonly block = new Uint32Array(BLOCK_WORDS);
  private used = 0;
  private readonly fd: number;

  constructor(
    readonly path: string,
    readonly weighted: boolean,
  ) {
    this.fd = openSync(path, "w");
  }

  addList(token: number, ids: Uint32Array, counts: Uint32Array, n: number, windows: number): void {
    this.word(token);
    this.word(n);
    this.word(windows);
    this.words(ids, n);
    if (this.weighted) this.words(counts, n);
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private word(v: number): void {
    if (this.used === BLOCK_WORDS) this.flush();
    this.block[this.used++] = v;
  }

  private words(from: Uint32Array, n: number): void {
    for (let i = 0; i < n; ) {
      if (this.used === BLOCK_WORDS) this.flush();
      const k = Math.min(n - i, BLOCK_WORDS - this.used);
      this.block.set(from.subarray(i, i + k), this.used);
      this.used += k;
      i += k;
    }
  }

  private flush(): void {
    const bytes = new Uint8Array(this.block.buffer, 0, this.used * 4);
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
    this.used = 0;
  }
}

/** Reads a run file list by list; `token` is the token of the list `read` returns next (−1 at the end). */
class RunReader {
  token = -1;
  private readonly block = new Uint32Array(BLOCK_WORDS);
  private readonly bytes = new Uint8Array(this.block.buffer);
  private pos = 0;
  private end = 0;
  private readonly fd: number;

  constructor(
    readonly path: string,
    readonly weighted: boolean,
  ) {
    this.fd = openSync(path, "r");
    this.token = this.refill() ? this.word() : -1;
  }

  /**
   * Unites the current list with `merge` and advances. Its ids are read just past the merged ones, then
   * added one by one: add() writes at most at the position it reads from, so nothing unread is overwritten.
   */
  readInto(merge: RunMerge): void {
    const n = this.word();
    merge.windows += this.word();
    const first = merge.size;
    merge.reserve(first + n);
    for (let i = 0; i < n; i++) merge.ids[first + i] = this.word();
    for (let i = 0; i < n; i++) merge.add(merge.ids[first + i], this.weighted ? this.word() : 1);
    this.token = this.pos < this.end || this.refill() ? this.word() : -1;
  }

  close(): void {
    closeSync(this.fd);
  }

  private word(): number {
    if (this.pos === this.end && !this.refill()) throw new Error(`${this.path}: run file ends inside a list`);
    return this.block[this.pos++];
  }

  private refill(): boolean {
    let filled = 0;
    while (filled < this.bytes.length) {
      const n = readSync(this.fd, this.bytes, filled, this.bytes.length - filled, null);
      if (n === 0) break;
      filled += n;
    }
    this.pos = 0;
    this.end = filled >>> 2;
    return this.end > 0;
  }
}

/**
 * One token's lists from several runs, united: each id marked in a bit table the first time it comes (a
 * table that stays in cache), and for weighted lists its counts summed in a table indexed by id.
 */
class RunMerge {
  ids: Uint32Array = new Uint32Array(1024);
  counts: Uint32Array = new Uint32Array(1024);
  /** Distinct ids so far, at ids[0, size). */
  size = 0;
  windows = 0;
  private universe = 0;
  private bits = new Uint32Array(0);
  private sum = new Uint32Array(0);
  private readonly sorter = new TokenSorter();

  constructor(readonly weighted: boolean) {}

  begin(universe: number): void {
    if (this.universe < universe) {
      this.bits = new Uint32Array((universe + 31) >>> 5);
      if (this.weighted) this.sum = new Uint32Array(universe);
    }
    this.universe = Math.max(this.universe, universe);
    this.size = 0;
    this.windows = 0;
  }

  reserve(n: number): void {
    if (n <= this.ids.length) return;
    const grown = new Uint32Array(2 * n);
    grown.set(this.ids.subarray(0, this.size));
    this.ids = grown;
  }

  /** Counts `count` more windows for id; the id is kept (at position `size`) the first time it comes. */
  add(id: number, count: number): void {
    const word = this.bits[id >>> 5];
    const bit = 1 << (id & 31);
    if ((word & bit) !== 0) {
      if (this.weighted) this.sum[id] += count;
      return;
    }
    this.bits[id >>> 5] = word | bit;
    if (this.weighted) this.sum[id] = count;
    this.ids[this.size++] = id;
  }

  /** Puts the united ids in order, clearing their marks, and fills counts (when weighted); returns how many. */
  finish(): number {
    this.sorter.sortMarked(this.ids, this.size, this.bits, this.universe);
    if (this.weighted) {
      this.counts = atLeast(this.counts, this.size);
      for (let i = 0; i < this.size; i++) this.counts[i] = this.sum[this.ids[i]];
    }
    return this.size;
  }
}

/** Merges run files (written with the same `weighted`) token by token into `sink`; token ids are below `universe`. */
export function mergeRuns(paths: readonly string[], universe: number, weighted: boolean, sink: NeighborSink): void {
  const readers = paths.map((p) => new RunReader(p, weighted));
  const merge = new RunMerge(weighted);
  try {
    for (;;) {
      let token = -1;
      for (const r of readers) if (r.token >= 0 && (token < 0 || r.token < token)) token = r.token;
      if (token < 0) break;
      merge.begin(universe);
      for (const r of readers) if (r.token === token) r.readInto(merge);
      const n = merge.finish();
      sink.addList(token, merge.ids, merge.counts, n, merge.windows);
    }
  } finally {
    for (const r of readers) r.close();
  }
}
