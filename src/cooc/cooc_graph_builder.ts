import { EliasFano } from "../bits/elias_fano.js";
import { IndexedCodewordsBuilder } from "../bits/indexed_codewords.js";
import { CompactVector } from "../bits/compact_vector.js";
import { CoocGraph } from "./cooc_graph.js";
import { GrowableU32 } from "./growable.js";
import { SegmentStoreBuilder } from "./segment_store_builder.js";
import type { NeighborSink } from "./neighbor_sink.js";
import { HEAD_WORDS, type EncodedRange } from "./encoded_range.js";

/**
 * Builds a CoocGraph from neighbour lists given in increasing token order. The graph's rows are the tokens
 * that have neighbours, numbered densely in id order; lists are stored in row numbers, which keeps them
 * sorted and shrinks their universe to the tokens actually met (a tokenizer's vocabulary is mostly unused
 * by any one corpus), so each entry takes fewer low bits. Each list goes straight into the Elias-Fano
 * store and its counts into the weights' codewords: only the compressed lists are held.
 *
 * Lists come in token ids (addList) or, from a computation over windows already renumbered, in row
 * numbers (addRowList, or the sink `rowSink` returns), or encoded already by worker threads (addRange).
 */
export class CoocGraphBuilder implements NeighborSink {
  private readonly store = new SegmentStoreBuilder();
  /** Per token id below `nextToken`: first entry, segment high and low offsets, low width, windows. */
  private readonly starts = new GrowableU32();
  private readonly highStarts = new GrowableU32();
  private readonly lowStarts = new GrowableU32();
  private readonly lowWidths = new GrowableU32();
  private readonly tokenWindows = new GrowableU32();
  private readonly columns = [this.starts, this.highStarts, this.lowStarts, this.lowWidths, this.tokenWindows];
  private readonly weights = new IndexedCodewordsBuilder();
  private entries = 0;
  /** Rows below this have been given their list (or an empty one). */
  private nextToken = 0;
  /** Row of each token id, −1 for tokens without a row. */
  private readonly rowOf: Int32Array;
  /** A list in row numbers. */
  private rows = new Uint32Array(1024);

  /** `tokens`: the ids of the tokens that will have a list, increasing. */
  constructor(
    readonly weighted: boolean,
    private readonly tokens: Uint32Array,
  ) {
    this.rowOf = new Int32Array(tokens.length === 0 ? 0 : tokens[tokens.length - 1] + 1).fill(-1);
    for (let i = 0; i < tokens.length; i++) this.rowOf[tokens[i]] = i;
  }

  addList(token: number, ids: Uint32Array, counts: Uint32Array, n: number, windows: number): void {
    const row = this.row(token);
    if (this.rows.length < n) this.rows = new Uint32Array(2 * n);
    for (let i = 0; i < n; i++) this.rows[i] = this.row(ids[i]);
    this.addRowList(row, this.rows, counts, n, windows);
  }

  /** As addList, with the token and its neighbours given as row numbers. */
  addRowList(row: number, rows: Uint32Array, counts: Uint32Array, n: number, windows: number): void {
    this.store.addSegment(rows, n);
    this.setRow(row, n, windows, this.store.highOffset, this.store.lowOffset, this.store.width);
    if (this.weighted) this.weights.append(counts, 0, n, 1);
  }

  /** A sink that passes lists in row numbers to addRowList. */
  rowSink(): NeighborSink {
    return { addList: (row, rows, counts, n, windows) => this.addRowList(row, rows, counts, n, windows) };
  }

  /** Appends the lists of a range encoded apart (by a RangeEncoder, on a worker thread), as addRowList would. */
  addRange(range: EncodedRange): void {
    this.store.appendPart(range.store);
    const { highOffset, lowOffset } = this.store;
    const { heads, counts } = range;
    for (let h = 0, at = 0; h < heads.length; h += HEAD_WORDS) {
      const n = heads[h + 1];
      this.setRow(heads[h], n, heads[h + 2], highOffset + heads[h + 3], lowOffset + heads[h + 4], heads[h + 5]);
      if (this.weighted) this.weights.append(counts, at, at + n, 1);
      at += n;
    }
  }

  /** Gives `row` its list of n entries, whose segment starts at those bits. */
  private setRow(row: number, n: number, windows: number, highStart: number, lowStart: number, width: number): void {
    if (row < this.nextToken) throw new RangeError(`cooc graph: token ${this.tokens[row]} comes after token ${this.tokens[this.nextToken - 1]} (lists must come in token order)`);
    this.padTo(row + 1);
    this.starts.data[row] = this.entries;
    this.highStarts.data[row] = highStart;
    this.lowStarts.data[row] = lowStart;
    this.lowWidths.data[row] = width;
    this.tokenWindows.data[row] = windows;
    this.entries += n;
  }

  /** The graph over token ids below `universe` (at least the largest token + 1). */
  build(universe = this.rowOf.length): CoocGraph {
    if (universe < this.rowOf.length) throw new RangeError(`cooc graph: universe ${universe} is below token ${this.rowOf.length - 1}`);
    this.padTo(this.tokens.length);
    this.starts.push(this.entries);
    return new CoocGraph(
      universe,
      EliasFano.build(this.tokens, universe),
      EliasFano.build(this.starts.view()),
      CompactVector.from(this.highStarts.view()),
      CompactVector.from(this.lowStarts.view()),
      CompactVector.from(this.lowWidths.view()),
      this.store.build(),
      this.weighted ? this.weights.build() : null,
      this.weighted ? CompactVector.from(this.tokenWindows.view()) : null,
    );
  }

  private row(token: number): number {
    const row = token < this.rowOf.length ? this.rowOf[token] : -1;
    if (row < 0) throw new RangeError(`cooc graph: token ${token} was not announced as having neighbours`);
    return row;
  }

  /** Gives every row below `end` an entry start (a row without a list gets an empty range). */
  private padTo(end: number): void {
    for (const column of this.columns) column.reserve(end);
    for (let t = this.nextToken; t < end; t++) {
      this.starts.data[t] = this.entries;
      this.highStarts.data[t] = 0;
      this.lowStarts.data[t] = 0;
      this.lowWidths.data[t] = 0;
      this.tokenWindows.data[t] = 0;
    }
    for (const column of this.columns) column.length = end;
    this.nextToken = end;
  }
}
