import type { NeighborSink } from "./neighbor_sink.js";
import { GrowableU32 } from "./growable.js";

/** The lists of a token range as a worker sends them: per list [token, n, windows] in `heads`. */
export interface PackedReply {
  range: number;
  heads: Uint32Array;
  ids: Uint32Array;
  /** Empty when not weighted. */
  counts: Uint32Array;
}

/** Collects neighbour lists back to back (a NeighborSink), and replays them into another sink. */
export class PackedLists implements NeighborSink {
  private readonly heads = new GrowableU32();
  private readonly ids = new GrowableU32();
  private readonly counts = new GrowableU32();

  constructor(readonly weighted: boolean) {}

  addList(token: number, ids: Uint32Array, counts: Uint32Array, n: number, windows: number): void {
    this.heads.push(token);
    this.heads.push(n);
    this.heads.push(windows);
    append(this.ids, ids, n);
    if (this.weighted) append(this.counts, counts, n);
  }

  reply(range: number): PackedReply {
    return { range, heads: this.heads.data.slice(0, this.heads.length), ids: this.ids.data.slice(0, this.ids.length), counts: this.counts.data.slice(0, this.counts.length) };
  }

  transferables(reply: PackedReply): ArrayBuffer[] {
    return [reply.heads.buffer as ArrayBuffer, reply.ids.buffer as ArrayBuffer, reply.counts.buffer as ArrayBuffer];
  }
}

/** Sends the lists of a reply to `sink`, in order. */
export function replay(reply: PackedReply, sink: NeighborSink): void {
  const { heads, ids, counts } = reply;
  for (let h = 0, at = 0; h < heads.length; h += 3) {
    const n = heads[h + 1];
    sink.addList(heads[h], ids.subarray(at, at + n), counts.length === 0 ? ids : counts.subarray(at, at + n), n, heads[h + 2]);
    at += n;
  }
}

function append(to: GrowableU32, from: Uint32Array, n: number): void {
  to.reserve(to.length + n);
  to.data.set(from.subarray(0, n), to.length);
  to.length += n;
}
