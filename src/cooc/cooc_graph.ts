import { EliasFano, EliasFanoCursor, EliasFanoStore } from "../bits/elias_fano.js";
import { CompactVector } from "../bits/compact_vector.js";
import { IndexedCodewords } from "../bits/indexed_codewords.js";
import type { Container, ContainerWriter } from "../container/container.js";

/**
 * Who met whom: for each token id a, its neighbours (the distinct tokens it shared a window with) in
 * increasing order, and with weights the number of windows each pair shared. The rows of the graph are the
 * tokens that met another, numbered densely: `tokens` (Elias-Fano) holds their ids, so a row's id is one
 * access and a token's row one search, and lists hold row numbers, whose universe is the tokens met
 * rather than the whole vocabulary. Laid out like a CSR graph:
 * `starts` (Elias-Fano) gives where each row's entries begin among all directed entries, and the lists
 * are Elias-Fano segments of one shared store, each with its own universe (its last id + 1), so a rare
 * token's short list pays for its own sparsity and a frequent token's long list stays near 2 bits an
 * entry. Per token, where its segment starts in the store's high and low bits and its low width sit in
 * compact vectors. Weights (count − 1: most pairs meet once) are indexed codewords over entry positions.
 *
 * Query methods share scratch fields (the located segment, a cursor), so they are not reentrant.
 */
export class CoocGraph {
  /** Directed entries: twice the number of distinct pairs. */
  readonly entries: number;
  /** Segment of the token last located: its entry start, size, high and low offsets and low width. */
  private segStart = 0;
  private segSize = 0;
  private segHigh = 0;
  private segLow = 0;
  private segWidth = 0;
  private readonly cursor: EliasFanoCursor;

  constructor(
    /** Token ids are below this. */
    readonly universe: number,
    /** Token id of each row, increasing. */
    readonly tokens: EliasFano,
    readonly starts: EliasFano,
    readonly highStarts: CompactVector,
    readonly lowStarts: CompactVector,
    readonly lowWidths: CompactVector,
    readonly store: EliasFanoStore,
    /** count − 1 per directed entry, or null when the graph is not weighted. */
    readonly weights: IndexedCodewords | null,
    /** Number of windows holding each token, or null when not weighted. */
    readonly tokenWindows: CompactVector | null,
  ) {
    this.entries = tokens.length === 0 ? 0 : starts.access(tokens.length);
    this.cursor = new EliasFanoCursor(store);
  }

  get weighted(): boolean {
    return this.weights !== null;
  }

  /** Number of rows: the tokens that have a row (a list, possibly empty). */
  get rows(): number {
    return this.tokens.length;
  }

  /** Token id of a row (0 ≤ row < rows). */
  tokenOf(row: number): number {
    return this.tokens.access(row);
  }

  /** Number of distinct tokens the token of a row met. */
  rowDegree(row: number): number {
    return this.starts.diff(row);
  }

  /** Number of distinct tokens `a` met. */
  degree(a: number): number {
    const row = this.rowOf(a);
    return row < 0 ? 0 : this.starts.diff(row);
  }

  /** Position of a's first entry among all directed entries (0 when a met no token). */
  entryStart(a: number): number {
    const row = this.rowOf(a);
    return row < 0 ? 0 : this.starts.access(row);
  }

  /** The j-th neighbour of a (0 ≤ j < degree(a)). */
  neighbor(a: number, j: number): number {
    this.locate(a);
    return this.tokens.access(this.store.access(this.segHigh, this.segStart, this.segLow, this.segWidth, j));
  }

  /** Number of windows in which entry `position` (entryStart(a) + j) met; 1 when not weighted. */
  countAt(position: number): number {
    return this.weights === null ? 1 : this.weights.access(position) + 1;
  }

  /** Windows holding token a (weighted graphs; 0 otherwise). */
  windowsOf(a: number): number {
    const row = this.rowOf(a);
    return this.tokenWindows !== null && row >= 0 ? this.tokenWindows.get(row) : 0;
  }

  /** The neighbours of a row as row numbers, into `out` (which must hold rowDegree(row)); returns how many. */
  rowNeighbors(row: number, out: Uint32Array): number {
    this.locateRow(row);
    const c = this.enterCursor();
    for (let j = 0; j < this.segSize; j++) out[j] = c.next();
    return this.segSize;
  }

  /** Position of the row's first entry among all directed entries. */
  rowEntryStart(row: number): number {
    return this.starts.access(row);
  }

  /** a's neighbours into `out` (which must hold degree(a) ids); returns how many. */
  neighbors(a: number, out: Uint32Array): number {
    if (!this.locate(a)) return 0;
    const c = this.enterCursor();
    for (let j = 0; j < this.segSize; j++) out[j] = this.tokens.access(c.next());
    return this.segSize;
  }

  /** Entry position of b in a's list, or −1 when a and b never met. */
  find(a: number, b: number): number {
    const rowB = this.rowOf(b);
    if (rowB < 0 || !this.locate(a)) return -1;
    const last = this.store.access(this.segHigh, this.segStart, this.segLow, this.segWidth, this.segSize - 1);
    if (rowB > last) return -1;
    const j = this.store.nextGEQ(this.segHigh, this.segStart, this.segLow, this.segWidth, rowB);
    return this.store.value === rowB ? this.segStart + j : -1;
  }

  met(a: number, b: number): boolean {
    return this.find(a, b) >= 0;
  }

  /** Number of windows in which a and b met (0 when never). */
  count(a: number, b: number): number {
    const p = this.find(a, b);
    return p < 0 ? 0 : this.countAt(p);
  }

  /**
   * The neighbours shared by a and b, into `out` (room for min of their degrees); returns how many. The
   * shorter list is walked with a cursor and each of its entries searched in the longer one with nextGEQ,
   * so neither list is decompressed.
   */
  common(a: number, b: number, out: Uint32Array): number {
    const aShorter = this.degree(a) <= this.degree(b);
    const short = aShorter ? a : b;
    const long = aShorter ? b : a;
    if (!this.locate(long)) return 0;
    const high = this.segHigh;
    const start = this.segStart;
    const low = this.segLow;
    const width = this.segWidth;
    const last = this.store.access(high, start, low, width, this.segSize - 1);
    if (!this.locate(short)) return 0;
    const c = this.enterCursor();
    let n = 0;
    for (let j = 0; j < this.segSize; j++) {
      const v = c.next();
      if (v > last) break;
      this.store.nextGEQ(high, start, low, width, v);
      if (this.store.value === v) out[n++] = this.tokens.access(v);
    }
    return n;
  }

  sizeInBits(): number {
    let bits = this.tokens.sizeInBits() + this.starts.sizeInBits() + this.highStarts.sizeInBits() + this.lowStarts.sizeInBits();
    bits += this.lowWidths.sizeInBits() + this.store.sizeInBits();
    if (this.weights !== null) bits += this.weights.sizeInBits();
    if (this.tokenWindows !== null) bits += this.tokenWindows.sizeInBits();
    return bits;
  }

  write(out: ContainerWriter, name: string): void {
    out.addScalars(`${name}.meta`, [this.universe, this.weighted ? 1 : 0]);
    this.tokens.write(out, `${name}.tokens`);
    this.starts.write(out, `${name}.starts`);
    this.highStarts.write(out, `${name}.highStarts`);
    this.lowStarts.write(out, `${name}.lowStarts`);
    this.lowWidths.write(out, `${name}.lowWidths`);
    this.store.write(out, `${name}.lists`);
    if (this.weights !== null) this.weights.write(out, `${name}.weights`);
    if (this.tokenWindows !== null) this.tokenWindows.write(out, `${name}.tokenWindows`);
  }

  /**
   * Refused unless the rows, their entry starts and their segments agree: one token id below the universe
   * per row, entry starts from 0 to the entries the store holds, each row's low bits where the rows before
   * end them and its high bits after theirs, inside the store; a weight per entry and a window count per
   * row. With `c.verifying`, unless every list increases and stays among the rows.
   */
  static read(c: Container, name: string): CoocGraph {
    const meta = c.meta(`${name}.meta`, 2);
    const universe = c.whole(`${name}.meta`, "the universe of token ids", meta[0], 0, 2 ** 32);
    const weighted = c.whole(`${name}.meta`, "the weighted flag", meta[1], 0, 1) === 1;
    const tokens = EliasFano.read(c, `${name}.tokens`);
    const rows = tokens.length;
    if (tokens.universe > universe) c.fail(`${name}.tokens.meta`, `token ids go up to ${tokens.universe}, past the universe ${universe}`);
    const starts = EliasFano.read(c, `${name}.starts`);
    const entries = starts.last;
    if (starts.length !== rows + 1 || starts.access(0) !== 0) c.fail(`${name}.starts.meta`, `expected ${rows + 1} entry starts from 0`);
    const perRow = (what: string) => {
      const v = CompactVector.read(c, `${name}.${what}`);
      if (v.length !== rows) c.fail(`${name}.${what}.meta`, `holds ${v.length} numbers for ${rows} rows`);
      return v;
    };
    const graph = new CoocGraph(
      universe,
      tokens,
      starts,
      perRow("highStarts"),
      perRow("lowStarts"),
      perRow("lowWidths"),
      EliasFanoStore.read(c, `${name}.lists`, entries),
      weighted ? IndexedCodewords.read(c, `${name}.weights`) : null,
      weighted ? perRow("tokenWindows") : null,
    );
    if (graph.weights !== null && graph.weights.length !== entries) c.fail(`${name}.weights.marks`, `holds ${graph.weights.length} weights for ${entries} entries`);
    graph.checkSegments(c, name);
    return graph;
  }

  /** CoocGraph.read's walk over the rows (and, with `c.verifying`, over every list). */
  private checkSegments(c: Container, name: string): void {
    const starts = this.starts.cursor(0);
    const rows = this.tokens.length;
    let begin = starts.next();
    let high = 0;
    let low = 0;
    const lowWidths = this.lowWidths.values();
    const lowStarts = this.lowStarts.values();
    const highStarts = this.highStarts.values();
    for (let row = 0; row < rows; row++) {
      const end = starts.next();
      const size = end - begin;
      const width = lowWidths[row];
      begin = end;
      // A token that met none has an empty list; a list of `size` row numbers below `rows` takes at least
      // size + 1 high bits and has a low width below 32.
      if (size === 0) continue;
      if (width > 31 || lowStarts[row] !== low || highStarts[row] < high) {
        c.fail(`${name}.highStarts`, `row ${row}'s list does not follow the one before`);
      }
      low += size * width;
      high = highStarts[row] + size + 1;
      if (c.verifying) {
        this.cursor.enter(highStarts[row], end - size, lowStarts[row], width, size, 0);
        for (let j = 0, previous = -1; j < size; j++) {
          const v = this.cursor.next();
          if (!(v > previous && v < rows)) c.fail(`${name}.lists`, `row ${row}'s neighbour ${j} is ${v}, after ${previous} (${rows} rows)`);
          previous = v;
        }
      }
    }
    if (low !== this.store.low.length || high > this.store.high.length) c.fail(`${name}.lists.low.meta`, "the lists do not end where the store does");
  }

  /** The row of token a, or −1 when a met no token. */
  private rowOf(a: number): number {
    if (!(a >= 0 && a < this.universe)) return -1;
    return this.tokens.findInRange(0, this.tokens.length, a);
  }

  /** Loads a's segment into the seg* fields; false when a has no neighbour. */
  private locate(a: number): boolean {
    const row = this.rowOf(a);
    return row >= 0 && this.locateRow(row);
  }

  /** Loads a row's segment into the seg* fields; false when it is empty. */
  private locateRow(row: number): boolean {
    this.segSize = this.starts.diff(row);
    if (this.segSize === 0) return false;
    this.segStart = this.starts.access(row);
    this.segHigh = this.highStarts.get(row);
    this.segLow = this.lowStarts.get(row);
    this.segWidth = this.lowWidths.get(row);
    return true;
  }

  private enterCursor(): EliasFanoCursor {
    this.cursor.enter(this.segHigh, this.segStart, this.segLow, this.segWidth, this.segSize, 0);
    return this.cursor;
  }
}
