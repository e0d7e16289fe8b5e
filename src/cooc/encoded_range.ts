import type { NeighborSink } from "./neighbor_sink.js";
import { GrowableU32 } from "./growable.js";
import { SegmentStoreBuilder, type SegmentStorePart } from "./segment_store_builder.js";

/** Words per list in EncodedRange.heads: row, n, windows, high offset, low offset, low width. */
export const HEAD_WORDS = 6;

/**
 * The lists of a range of rows as a worker thread sends them: already Elias-Fano encoded, as segments of a
 * store of their own, with per list [row, n, windows, high offset, low offset, low width] in `heads` (the
 * offsets within the part), and the counts, back to back, when weighted.
 */
export interface EncodedRange {
  range: number;
  heads: Uint32Array;
  store: SegmentStorePart;
  /** Empty when not weighted. */
  counts: Uint32Array;
}

/**
 * Encodes neighbour lists (given in row numbers) as they come, so that a worker hands back compressed
 * segments, about a tenth of the lists' size, and the thread that assembles the graph only appends them.
 */
export class RangeEncoder implements NeighborSink {
  private readonly store = new SegmentStoreBuilder();
  private readonly heads = new GrowableU32();
  private readonly counts = new GrowableU32();

  constructor(readonly weighted: boolean) {}

  addList(row: number, ids: Uint32Array, counts: Uint32Array, n: number, windows: number): void {
    const store = this.store;
    store.addSegment(ids, n);
    const heads = this.heads;
    heads.push(row);
    heads.push(n);
    heads.push(windows);
    heads.push(store.highOffset);
    heads.push(store.lowOffset);
    heads.push(store.width);
    if (this.weighted) this.counts.append(counts, n);
  }

  /** The range, in views of this encoder's arrays: transferred with their spare room, not copied. */
  reply(range: number): EncodedRange {
    return { range, heads: this.heads.view(), store: this.store.part(), counts: this.counts.view() };
  }

  transferables(reply: EncodedRange): ArrayBuffer[] {
    return [reply.heads.buffer, reply.store.high.buffer, reply.store.low.buffer, reply.counts.buffer] as ArrayBuffer[];
  }
}
