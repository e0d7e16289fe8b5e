import { EliasFano, EliasFanoCursor } from "../bits/elias_fano.js";
import type { Container, ContainerWriter } from "../container/container.js";

/**
 * Sorted, distinct member lists per key (item → users, user → items) in Elias-Fano: `starts` marks where
 * each list begins, and the members of list k are stored as k·memberUniverse + member, so all lists form
 * one increasing sequence (values stay below 2^53 for any realistic log). Decoding a list walks a cursor.
 */
export class PostingLists {
  private readonly cursor: EliasFanoCursor;

  constructor(
    readonly keys: number,
    readonly memberUniverse: number,
    readonly starts: EliasFano,
    readonly members: EliasFano,
  ) {
    this.cursor = new EliasFanoCursor(members.store);
  }

  /** From parallel (key, member) arrays of dense ids; repeated pairs count once. */
  static build(keyIds: Uint32Array, memberIds: Uint32Array, keys: number, memberUniverse: number): PostingLists {
    const order = groupByKey(keyIds, keys);
    const starts = new Float64Array(keys + 1);
    const values = new Float64Array(keyIds.length);
    const scratch = new Uint32Array(keyIds.length);
    let n = 0;
    for (let k = 0; k < keys; k++) {
      const from = order.starts[k];
      const size = order.starts[k + 1] - from;
      for (let p = 0; p < size; p++) scratch[p] = memberIds[order.positions[from + p]];
      const list = scratch.subarray(0, size).sort();
      for (let i = 0; i < size; i++) if (i === 0 || list[i] !== list[i - 1]) values[n++] = k * memberUniverse + list[i];
      starts[k + 1] = n;
    }
    const universe = keys * memberUniverse;
    return new PostingLists(keys, memberUniverse, EliasFano.build(starts), EliasFano.build(values.subarray(0, n), Math.max(universe, 1), { indexZeros: false }));
  }

  length(key: number): number {
    return this.starts.diff(key);
  }

  /** The members of `key` into `out` (room for length(key)); returns how many. */
  decode(key: number, out: Uint32Array): number {
    const begin = this.starts.access(key);
    const n = this.starts.access(key + 1) - begin;
    const base = key * this.memberUniverse;
    const c = this.cursor;
    c.enter(0, 0, 0, this.members.lowBits, this.members.length, begin);
    for (let i = 0; i < n; i++) out[i] = c.next() - base;
    return n;
  }

  /** The longest list's length. */
  maxLength(): number {
    let max = 0;
    for (let k = 0; k < this.keys; k++) max = Math.max(max, this.length(k));
    return max;
  }

  sizeInBits(): number {
    return this.starts.sizeInBits() + this.members.sizeInBits();
  }

  write(out: ContainerWriter, name: string): void {
    out.addScalars(`${name}.meta`, [this.keys, this.memberUniverse]);
    this.starts.write(out, `${name}.starts`);
    this.members.write(out, `${name}.members`);
  }

  static read(c: Container, name: string): PostingLists {
    const [keys, memberUniverse] = c.scalars(`${name}.meta`);
    return new PostingLists(keys, memberUniverse, EliasFano.read(c, `${name}.starts`), EliasFano.read(c, `${name}.members`));
  }
}

/** Positions of the entries grouped by key (a counting sort): key k's are positions[starts[k] … starts[k+1]). */
function groupByKey(keyIds: Uint32Array, keys: number): { starts: Uint32Array; positions: Uint32Array } {
  const starts = new Uint32Array(keys + 1);
  for (let i = 0; i < keyIds.length; i++) starts[keyIds[i] + 1]++;
  for (let k = 0; k < keys; k++) starts[k + 1] += starts[k];
  const fill = starts.slice(0, keys);
  const positions = new Uint32Array(keyIds.length);
  for (let i = 0; i < keyIds.length; i++) positions[fill[keyIds[i]]++] = i;
  return { starts, positions };
}
