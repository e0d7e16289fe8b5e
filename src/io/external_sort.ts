import { closeSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeTempDir, removeTempPath } from "./temp_paths.js";

/*
 * External sort of fixed-size records of uint32 words, e.g. the word ids of an n-gram followed by its count.
 * Records are ordered lexicographically on their first `keyWords` words; records with equal keys are merged
 * into one whose last word (the count) is the sum, or, with `reduce: false`, all kept in the order they were
 * pushed (the sort is stable). Records pile up in one typed array; when it is full it is
 * radix sorted, reduced and written to a temporary file as a sorted run: the typed array's bytes as they are
 * in memory, little-endian on the machines Node runs on (run files never leave the process). `finish()`
 * merges the runs with a heap and streams the result in blocks. Nothing is allocated per record. The
 * folder of the runs is removed by `finish()` and `dispose()`, and when the process ends by a signal
 * (temp_paths.ts).
 */

export interface ExternalSortOptions {
  /** Words per record, at least 2: the key, optional payload words, and the count last. */
  recordWords: number;
  /** Words of the key, from 1 to recordWords - countWords. */
  keyWords: number;
  /**
   * Words of the count, last in the record: 1 (a uint32, default) or 2 (low and high halves of a count up
   * to 2^53 - 1). The sum of equal keys must stay within that range.
   */
  countWords?: 1 | 2;
  /**
   * false: records with equal keys are not merged but kept, in the order they were pushed; for records
   * already in order within each key, which then need only their key sorted. Default true.
   */
  reduce?: boolean;
  /** Budget for buffered records and merge blocks (a few KiB of tables and one output block come on top). */
  memoryBytes: number;
  /** Where the directory of run files is created. Default: the system's temporary directory. */
  tempDir?: string;
  /**
   * Most runs merged at once (each holds a file open and a read block); more runs are first merged in
   * groups into longer runs. Default 128.
   */
  maxMergeWidth?: number;
}

/** A sorted, reduced run file. */
interface Run {
  path: string;
  records: number;
  /** Which spill its oldest records come from: among equal keys, the lower rank is merged first. */
  rank: number;
}

/** Receives merged records, `count` of them back to back; the array is reused after the call returns. */
export type RecordBlockHandler = (records: Uint32Array, count: number) => void;

const RADIX_BITS = 8;
const RADIX = 1 << RADIX_BITS;
const DIGITS_PER_WORD = 32 / RADIX_BITS;
const MIN_BUFFER_RECORDS = 16;
const MAX_BLOCK_RECORDS = 1 << 14;
const MIN_MERGE_BLOCK_RECORDS = 64;
/** Bigger read blocks than this do not make the merge faster. */
const MAX_MERGE_BLOCK_RECORDS = 1 << 16;
const MAX_COUNT = 0xffffffff;
const TWO_TO_32 = 0x100000000;
/** The high half of 2^53 - 1, the largest count of two words. */
const MAX_HIGH_COUNT = 0x1fffff;
const DEFAULT_MAX_MERGE_WIDTH = 128;

/** Counts of equal keys that add up beyond what the record's count words hold. */
export class CountOverflowError extends RangeError {
  override name = "CountOverflowError";
}

function sameKey(a: Uint32Array, at: number, b: Uint32Array, bt: number, keyWords: number): boolean {
  for (let j = 0; j < keyWords; j++) if (a[at + j] !== b[bt + j]) return false;
  return true;
}

/** Lexicographic comparison of the keys a[at …] and b[bt …] of `keyWords` words. */
export function compareKeys(a: Uint32Array, at: number, b: Uint32Array, bt: number, keyWords: number): number {
  for (let j = 0; j < keyWords; j++) {
    const x = a[at + j];
    const y = b[bt + j];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Collects sorted records into blocks, adding the count of a record to the previous one when their keys are
 * equal. The last record stays in the block until a different key arrives, so equal keys are merged across
 * block boundaries too.
 */
class ReducingBlock {
  readonly data: Uint32Array;
  count = 0;
  emitted = 0;

  constructor(
    private readonly recordWords: number,
    private readonly keyWords: number,
    private readonly capacity: number,
    private readonly sink: RecordBlockHandler,
    private readonly reduce: boolean,
    private readonly wideCounts: boolean,
  ) {
    this.data = new Uint32Array(capacity * recordWords);
  }

  add(source: Uint32Array, at: number): void {
    const k = this.recordWords;
    if (this.count > 0) {
      const last = (this.count - 1) * k;
      if (this.reduce && sameKey(this.data, last, source, at, this.keyWords)) {
        if (this.wideCounts) {
          this.addWide(last + k - 2, source, at + k - 2);
          return;
        }
        const sum = this.data[last + k - 1] + source[at + k - 1];
        if (sum > MAX_COUNT) throw new CountOverflowError(`count overflow: a reduced count exceeds ${MAX_COUNT}`);
        this.data[last + k - 1] = sum;
        return;
      }
      if (this.count === this.capacity) this.flush();
    }
    const to = this.count * k;
    for (let j = 0; j < k; j++) this.data[to + j] = source[at + j];
    this.count++;
  }

  /** Adds the two-word count at source[from …] to the one at data[to …]: low halves, carry, high halves. */
  private addWide(to: number, source: Uint32Array, from: number): void {
    let low = this.data[to] + source[from];
    let carry = 0;
    if (low > MAX_COUNT) {
      low -= TWO_TO_32;
      carry = 1;
    }
    const high = this.data[to + 1] + source[from + 1] + carry;
    if (high > MAX_HIGH_COUNT) throw new CountOverflowError(`count overflow: a reduced count exceeds ${Number.MAX_SAFE_INTEGER}`);
    this.data[to] = low;
    this.data[to + 1] = high;
  }

  flush(): void {
    if (this.count === 0) return;
    this.sink(this.data.subarray(0, this.count * this.recordWords), this.count);
    this.emitted += this.count;
    this.count = 0;
  }
}

/** Reads a run file back block by block. */
class RunReader {
  readonly block: Uint32Array;
  private readonly bytes: Uint8Array;
  /** Word position of the current record in `block`, and the end of the valid words. */
  pos = 0;
  end = 0;
  private remaining: number;
  private readonly fd: number;

  constructor(
    path: string,
    records: number,
    blockRecords: number,
    private readonly recordWords: number,
    readonly rank: number,
  ) {
    this.block = new Uint32Array(blockRecords * recordWords);
    this.bytes = new Uint8Array(this.block.buffer);
    this.remaining = records;
    this.fd = openSync(path, "r");
  }

  /** Loads the next block; false when the run is exhausted. */
  refill(): boolean {
    const records = Math.min(this.remaining, this.block.length / this.recordWords);
    if (records === 0) return false;
    readFully(this.fd, this.bytes.subarray(0, records * this.recordWords * 4));
    this.remaining -= records;
    this.pos = 0;
    this.end = records * this.recordWords;
    return true;
  }

  close(): void {
    closeSync(this.fd);
  }
}

function readFully(fd: number, into: Uint8Array): void {
  let filled = 0;
  while (filled < into.length) {
    const n = readSync(fd, into, filled, into.length - filled, null);
    if (n === 0) throw new Error("external sort: a run file is shorter than written");
    filled += n;
  }
}

function writeFully(fd: number, words: Uint32Array): void {
  const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
}

/**
 * Memory a buffered record takes: its words twice, as the radix sort moves records from one array to the
 * other. `memoryBytes / bufferedRecordBytes(k)` records are sorted in memory before a run is written.
 */
export function bufferedRecordBytes(recordWords: number): number {
  return 8 * recordWords;
}

/** What one of several sorts that run side by side will hold: its record size and at most how many records. */
export interface SortDemand {
  recordWords: number;
  records: number;
}

/**
 * Splits a memory budget over sorts that fill at the same time, in proportion to their record sizes so that
 * each buffers as many records (suited to n-gram orders, which hold about as many records each). No sort gets
 * more than its records need, so input that fits is never spilled and small input does not allocate the
 * whole budget. Returns the budget of each sort.
 */
export function shareSortMemory(demands: readonly SortDemand[], memoryBytes: number): number[] {
  let perRecord = 0;
  for (const d of demands) perRecord += bufferedRecordBytes(d.recordWords);
  return demands.map((d) => {
    const bytes = bufferedRecordBytes(d.recordWords);
    return Math.min(Math.floor((memoryBytes * bytes) / perRecord), d.records * bytes);
  });
}

/** Whether a's current record comes before b's: by key, then, for equal keys, the older run first. */
function precedes(a: RunReader, b: RunReader, keyWords: number): boolean {
  const order = compareKeys(a.block, a.pos, b.block, b.pos, keyWords);
  return order < 0 || (order === 0 && a.rank < b.rank);
}

export class ExternalSorter {
  private readonly recordWords: number;
  private readonly keyWords: number;
  private readonly memoryBytes: number;
  private readonly tempParent: string;
  private buffer: Uint32Array;
  /** Where the radix sort moves records to; then the two are swapped. */
  private scratch: Uint32Array;
  /** One histogram of RADIX counters per key digit, all filled in a single pass over the records. */
  private readonly histograms: Uint32Array;
  private readonly capacity: number;
  private buffered = 0;
  private readonly maxMergeWidth: number;
  private tempDir: string | undefined;
  private runFiles: Run[] = [];
  private runsWritten = 0;
  private spills = 0;
  private readonly reduce: boolean;
  private readonly wideCounts: boolean;
  private finished = false;

  constructor(options: ExternalSortOptions) {
    const { recordWords, keyWords } = options;
    const countWords = options.countWords ?? 1;
    if (countWords !== 1 && countWords !== 2) throw new RangeError(`countWords must be 1 or 2, got ${countWords}`);
    if (!(Number.isInteger(recordWords) && recordWords >= 1 + countWords)) throw new RangeError(`recordWords must be an integer ≥ ${1 + countWords}, got ${recordWords}`);
    if (!(Number.isInteger(keyWords) && keyWords >= 1 && keyWords <= recordWords - countWords)) {
      throw new RangeError(`keyWords must be from 1 to recordWords - countWords = ${recordWords - countWords}, got ${keyWords}`);
    }
    this.recordWords = recordWords;
    this.keyWords = keyWords;
    this.reduce = options.reduce ?? true;
    this.wideCounts = countWords === 2;
    this.memoryBytes = options.memoryBytes;
    this.tempParent = options.tempDir ?? tmpdir();
    this.maxMergeWidth = Math.max(2, options.maxMergeWidth ?? DEFAULT_MAX_MERGE_WIDTH);
    this.capacity = Math.max(MIN_BUFFER_RECORDS, Math.floor(options.memoryBytes / bufferedRecordBytes(recordWords)));
    this.buffer = new Uint32Array(this.capacity * recordWords);
    this.scratch = new Uint32Array(this.capacity * recordWords);
    this.histograms = new Uint32Array(keyWords * DIGITS_PER_WORD * RADIX);
  }

  /** Number of sorted runs on disk. */
  get runs(): number {
    return this.runFiles.length;
  }

  /** Adds the record `words[offset … offset + recordWords)`. */
  push(words: ArrayLike<number>, offset = 0): void {
    if (this.finished) throw new Error("external sort: push after finish");
    // Spilled only when one more record comes, so that exactly a full buffer is still sorted in memory.
    if (this.buffered === this.capacity) this.spill();
    const k = this.recordWords;
    const at = this.buffered * k;
    for (let j = 0; j < k; j++) this.buffer[at + j] = words[offset + j];
    this.buffered++;
  }

  /**
   * Streams all records in key order, equal keys reduced, to `onBlock`; returns the number of records
   * streamed. Temporary files are removed, also when this throws.
   */
  finish(onBlock: RecordBlockHandler): number {
    if (this.finished) throw new Error("external sort: finish called twice");
    this.finished = true;
    try {
      if (this.runs === 0 && !this.reduce) return this.emitInPlace(onBlock);
      const out = new ReducingBlock(this.recordWords, this.keyWords, this.blockRecords(), onBlock, this.reduce, this.wideCounts);
      if (this.runs === 0) {
        this.emitSorted(out);
      } else {
        if (this.buffered > 0) this.spill();
        this.releaseBuffer();
        this.narrowRuns();
        this.merge(this.runFiles, out);
      }
      out.flush();
      return out.emitted;
    } finally {
      this.dispose();
    }
  }

  /** Removes the temporary files; for callers that give up before `finish()`. */
  dispose(): void {
    this.finished = true;
    this.releaseBuffer();
    if (this.tempDir !== undefined) removeTempPath(this.tempDir);
    this.tempDir = undefined;
    this.runFiles = [];
  }

  private blockRecords(): number {
    return Math.min(this.capacity, MAX_BLOCK_RECORDS);
  }

  private releaseBuffer(): void {
    this.buffer = this.scratch = new Uint32Array(0);
  }

  /** Sorts and reduces the buffer into a new run file. */
  private spill(): void {
    try {
      this.writeRun((out) => this.emitSorted(out), this.spills++);
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  /** A new run file holding the records that `fill` sends to its output, which must be in key order. */
  private writeRun(fill: (out: ReducingBlock) => void, rank: number): void {
    this.tempDir ??= makeTempDir(this.tempParent, "grampack-sort-");
    const path = join(this.tempDir, `run-${this.runsWritten++}.u32`);
    const fd = openSync(path, "w");
    try {
      const out = new ReducingBlock(this.recordWords, this.keyWords, this.blockRecords(), (block) => writeFully(fd, block), this.reduce, this.wideCounts);
      fill(out);
      out.flush();
      this.runFiles.push({ path, records: out.emitted, rank });
    } finally {
      closeSync(fd);
    }
  }

  /** Merges runs in groups, oldest first, until few enough are left to be merged at once. */
  private narrowRuns(): void {
    while (this.runFiles.length > this.maxMergeWidth) {
      const group = this.runFiles.slice(0, this.maxMergeWidth);
      this.runFiles = this.runFiles.slice(this.maxMergeWidth);
      this.writeRun((out) => this.merge(group, out), group[0].rank);
      // Kept in spill order, so that every group, and every merged run, covers consecutive spills.
      this.runFiles.sort((a, b) => a.rank - b.rank);
      for (const run of group) rmSync(run.path);
    }
  }

  /** Without reduction nothing changes the sorted records: they are handed out in blocks of the buffer. */
  private emitInPlace(onBlock: RecordBlockHandler): number {
    this.sortBuffered();
    const n = this.buffered;
    const k = this.recordWords;
    const block = this.blockRecords();
    for (let start = 0; start < n; start += block) {
      const count = Math.min(block, n - start);
      onBlock(this.buffer.subarray(start * k, (start + count) * k), count);
    }
    this.buffered = 0;
    return n;
  }

  /** Sends the buffered records to `out` in key order and empties the buffer. */
  private emitSorted(out: ReducingBlock): void {
    this.sortBuffered();
    const k = this.recordWords;
    for (let i = 0, at = 0; i < this.buffered; i++, at += k) out.add(this.buffer, at);
    this.buffered = 0;
  }

  /**
   * LSD radix sort of the buffered records, one byte of the key at a time from the least significant.
   * Whole records are moved rather than indices: reading them in order is far kinder to the cache than
   * gathering keys through a permutation. Digits equal in every record (the high bytes of small word
   * ids) are skipped.
   */
  private sortBuffered(): void {
    const n = this.buffered;
    this.countDigits(n);
    for (let digit = this.keyWords * DIGITS_PER_WORD - 1; digit >= 0; digit--) {
      if (this.scatter(n, digit)) {
        const t = this.buffer;
        this.buffer = this.scratch;
        this.scratch = t;
      }
    }
  }

  /** Histogram of every key digit, in one sequential pass over the buffer. */
  private countDigits(n: number): void {
    const h = this.histograms;
    h.fill(0);
    const k = this.recordWords;
    for (let w = 0; w < this.keyWords; w++) {
      const base = w * DIGITS_PER_WORD * RADIX;
      for (let i = 0, at = w; i < n; i++, at += k) {
        const word = this.buffer[at];
        h[base + (word >>> 24)]++;
        h[base + RADIX + ((word >>> 16) & 0xff)]++;
        h[base + 2 * RADIX + ((word >>> 8) & 0xff)]++;
        h[base + 3 * RADIX + (word & 0xff)]++;
      }
    }
  }

  /**
   * One counting-sort pass from `buffer` to `scratch` on digit `digit` (0 = most significant byte of key
   * word 0); false when skipped.
   */
  private scatter(n: number, digit: number): boolean {
    const h = this.histograms;
    const base = digit * RADIX;
    const word = Math.floor(digit / DIGITS_PER_WORD);
    const shift = (DIGITS_PER_WORD - 1 - (digit % DIGITS_PER_WORD)) * RADIX_BITS;
    const k = this.recordWords;
    const from = this.buffer;
    const to = this.scratch;
    if (n === 0 || h[base + ((from[word] >>> shift) & 0xff)] === n) return false;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = h[base + d];
      h[base + d] = sum;
      sum += c;
    }
    for (let i = 0, at = 0; i < n; i++, at += k) {
      const d = (from[at + word] >>> shift) & 0xff;
      const dest = h[base + d]++ * k;
      for (let j = 0; j < k; j++) to[dest + j] = from[at + j];
    }
    return true;
  }

  /** k-way merge of run files through a binary heap of run numbers ordered by current record. */
  private merge(files: Run[], out: ReducingBlock): void {
    const runs = files.length;
    const k = this.recordWords;
    const budget = Math.floor(this.memoryBytes / (runs * 4 * k));
    const blockRecords = Math.max(MIN_MERGE_BLOCK_RECORDS, Math.min(budget, MAX_MERGE_BLOCK_RECORDS));
    const readers: RunReader[] = [];
    try {
      for (const run of files) readers.push(new RunReader(run.path, run.records, blockRecords, k, run.rank));
      const heap = new Int32Array(runs);
      let size = 0;
      for (let r = 0; r < runs; r++) if (readers[r].refill()) heap[size++] = r;
      for (let i = (size >> 1) - 1; i >= 0; i--) this.siftDown(heap, size, i, readers);
      while (size > 0) {
        const reader = readers[heap[0]];
        out.add(reader.block, reader.pos);
        reader.pos += k;
        if (reader.pos === reader.end && !reader.refill()) heap[0] = heap[--size];
        this.siftDown(heap, size, 0, readers);
      }
    } finally {
      for (const reader of readers) reader.close();
    }
  }

  private siftDown(heap: Int32Array, size: number, i: number, readers: RunReader[]): void {
    const key = this.keyWords;
    const moving = heap[i];
    const r = readers[moving];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      let c = readers[heap[child]];
      if (child + 1 < size) {
        const right = readers[heap[child + 1]];
        if (precedes(right, c, key)) {
          child++;
          c = right;
        }
      }
      if (!precedes(c, r, key)) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = moving;
  }
}
