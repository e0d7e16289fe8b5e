import { AtomicWriter } from "../io/files.js";

const SPACE = 32;
const TAB = 9;
const NEWLINE = 10;
const DIGIT_0 = 48;
/** Output bytes collected before a write; a row longer than this gets a buffer of its own size. */
const BLOCK_BYTES = 1 << 20;
/** Digits of the largest count (2^53 - 1). */
const MAX_COUNT_DIGITS = 16;

/**
 * Writes the rows of a count file, "w1 w2 … wk<TAB>count\n", straight into bytes: every word is encoded to
 * UTF-8 once, and a row is assembled by copying the bytes of its words, so no string is built per row.
 * The words must be valid words of the format (non-empty, without space, tab or line break): the counter
 * and sort_grams take them from a vocabulary that guarantees it.
 */
export class CountRowEncoder {
  /** UTF-8 bytes of all words back to back; word i is pool[start[i] … start[i + 1]). */
  private readonly pool: Uint8Array;
  private readonly start: Uint32Array;
  /** Bytes of the longest word, which bounds the bytes of a row without looking at its words. */
  private readonly longestWord: number;
  private block = new Uint8Array(BLOCK_BYTES);
  private used = 0;

  /** The words as strings, or already as UTF-8 bytes back to back. */
  constructor(words: readonly string[] | Utf8Words) {
    const { pool, start } = "pool" in words ? words : encodeWords(words);
    let longest = 0;
    for (let i = 0; i + 1 < start.length; i++) longest = Math.max(longest, start[i + 1] - start[i]);
    this.pool = pool;
    this.start = start;
    this.longestWord = longest;
  }

  /** Bytes the encoder holds. */
  get byteLength(): number {
    return this.pool.byteLength + this.start.byteLength + this.block.byteLength;
  }

  /**
   * Appends the row of the gram ids[at … at + order) with `count` to `out`'s pending bytes, handing them
   * to `out` whenever the block is full.
   */
  add(out: AtomicWriter, ids: ArrayLike<number>, at: number, order: number, count: number): void {
    this.reserve(out, order * (this.longestWord + 1) + MAX_COUNT_DIGITS + 1);
    // Locals, so that the stores into the block do not make V8 reload the fields.
    const block = this.block;
    const pool = this.pool;
    const start = this.start;
    let used = this.used;
    for (let j = 0; j < order; j++) {
      if (j > 0) block[used++] = SPACE;
      const id = ids[at + j];
      const to = start[id + 1];
      for (let b = start[id]; b < to; b++) block[used++] = pool[b];
    }
    block[used++] = TAB;
    this.used = writeDigits(block, used, count);
    block[this.used++] = NEWLINE;
  }

  /** Hands the pending bytes to `out`. */
  flush(out: AtomicWriter): void {
    if (this.used > 0) out.write(this.block.subarray(0, this.used));
    this.used = 0;
  }

  private reserve(out: AtomicWriter, bytes: number): void {
    if (this.used + bytes <= this.block.length) return;
    this.flush(out);
    if (bytes > this.block.length) this.block = new Uint8Array(bytes);
  }
}

/** Words as UTF-8 bytes back to back: word i is pool[start[i] … start[i + 1]). */
export interface Utf8Words {
  pool: Uint8Array;
  start: Uint32Array;
}

/** Encodes the words into one pool, sized first: an array per word would cost far more than its bytes. */
function encodeWords(words: readonly string[]): Utf8Words {
  const start = new Uint32Array(words.length + 1);
  for (let i = 0; i < words.length; i++) start[i + 1] = start[i] + Buffer.byteLength(words[i], "utf8");
  const pool = new Uint8Array(start[words.length]);
  const encoder = new TextEncoder();
  for (let i = 0; i < words.length; i++) encoder.encodeInto(words[i], pool.subarray(start[i], start[i + 1]));
  return { pool, start };
}

/** Writes the decimal digits of a non-negative integer at block[at…]; returns the position after them. */
function writeDigits(block: Uint8Array, at: number, value: number): number {
  if (value < 10) {
    // Most n-grams occur once: the common case skips the division loop.
    block[at] = DIGIT_0 + value;
    return at + 1;
  }
  let digits = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
  let v = value;
  for (let i = at + digits - 1; i >= at; i--) {
    block[i] = DIGIT_0 + (v % 10);
    v = Math.floor(v / 10);
  }
  return at + digits;
}

/**
 * Writes the count file `path` atomically (gzip when the name ends in .gz): the number of rows, then the
 * rows that `writeRows` adds through `encoder`.
 */
export function writeCountFile(path: string, rows: number, encoder: CountRowEncoder, writeRows: (out: AtomicWriter) => void): void {
  const out = new AtomicWriter(path);
  try {
    out.write(`${rows}\n`);
    writeRows(out);
    encoder.flush(out);
    out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
}
