import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { Gunzip } from "fflate";
import { InputError } from "./errors.js";
import { hasGzipMagic, DIRECTORY_FOR_FILE } from "./files.js";

/** The path that means standard input. */
export const STDIN = "-";
/**
 * 32 KiB: a decoded chunk then stays below V8's large-object size (64 KiB of two-byte text), so it dies
 * young with its lines instead of lingering until a full collection; larger chunks read no faster.
 */
const DEFAULT_CHUNK_BYTES = 1 << 15;
const CARRIAGE_RETURN = 13;

export interface LineReadOptions {
  /** Bytes read per system call (default 32 KiB); tests use tiny values to split characters and lines. */
  chunkSize?: number;
  /** Force (true) or forbid (false) gzip decompression. Default: decided by the gzip magic bytes. */
  gzip?: boolean;
  /**
   * Called after every chunk with the bytes read so far from the file (compressed bytes for gzip) and the
   * file's size, NaN when it is unknown (standard input).
   */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /**
   * Refuse bytes that are not UTF-8, naming the line that holds them (InputError "invalid UTF-8"), instead
   * of reading them as U+FFFD. Default false.
   */
  strictUtf8?: boolean;
}

/** Receives each line without its '\n' or "\r\n"; returning false stops the reading. */
export type LineHandler = (line: string, lineNumber: number) => boolean | void;

export interface Line {
  line: string;
  lineNumber: number;
}

export interface LineBatch {
  lines: string[];
  /** Line number of lines[0]; the others follow. */
  firstLineNumber: number;
}

/**
 * Turns a stream of byte chunks (plain or gzip) into lines. Each chunk is decoded to one string and cut at
 * '\n' with indexOf, which is much faster than decoding line by line; the decoder runs in stream mode so a
 * character split between chunks is decoded whole. Invalid UTF-8 becomes U+FFFD; a leading BOM is dropped.
 * A line is a slice of its chunk's string and keeps that string alive: callers that keep many lines of a big
 * file (rather than parsing them) hold on to the chunks too.
 */
export class LineDecoder {
  lineNumber = 0;
  stopped = false;
  private carry = "";
  private readonly utf8 = new TextDecoder();
  private gunzip: Gunzip | undefined;
  /** Bytes held back until there are two, enough to tell gzip from plain text. */
  private head: Uint8Array | undefined = new Uint8Array(0);
  /** With strictUtf8: the last bytes decoded, which may begin a character the next bytes end. */
  private readonly tail: Uint8Array | undefined;
  private tailLength = 0;

  constructor(
    private readonly onLine: LineHandler,
    private readonly source: string,
    gzip?: boolean,
    strictUtf8 = false,
  ) {
    if (gzip !== undefined) this.startDecoding(gzip);
    if (strictUtf8) this.tail = new Uint8Array(MAX_UTF8_BYTES - 1);
  }

  push(bytes: Uint8Array): void {
    if (this.stopped || bytes.length === 0) return;
    if (this.head) {
      this.head = concat(this.head, bytes);
      if (this.head.length < 2) return;
      bytes = this.head;
      this.startDecoding(hasGzipMagic(bytes));
    }
    if (this.gunzip) {
      // fflate may keep a view of the pushed chunk until its next push; callers reuse their read buffer.
      this.inflate(bytes.slice(), false);
    } else {
      this.decode(bytes, true);
    }
  }

  /** Emits the last line, which may have no final '\n'. */
  end(): void {
    if (this.stopped) return;
    const empty = new Uint8Array(0);
    if (this.head) {
      // Fewer than two bytes in all: too short for gzip.
      const rest = this.head;
      this.startDecoding(false);
      this.decode(rest, true);
    }
    if (this.gunzip) this.inflate(empty, true);
    this.decode(empty, false);
    this.emitLast();
  }

  private startDecoding(gzip: boolean): void {
    if (gzip) this.gunzip = new Gunzip((data) => this.decode(data, true));
    this.head = undefined;
  }

  private inflate(bytes: Uint8Array, final: boolean): void {
    try {
      this.gunzip!.push(bytes, final);
    } catch (e) {
      // Lines are handled inside push, so errors of the line handler pass through here as well; only
      // fflate's own errors, which carry a numeric code, are about the data.
      if (!isFlateError(e)) throw e;
      throw new InputError(this.source, 0, `cannot decompress gzip data: ${e.message}`);
    }
  }

  /**
   * Lines are sliced out of the decoded chunk itself: joining the chunk to the carried text would make a
   * cons string, on which every indexOf, slice and charCodeAt is much slower. Only the first line of a chunk
   * is joined to the carry.
   */
  private decode(bytes: Uint8Array, more: boolean): void {
    if (this.stopped) return;
    const chunk = this.utf8.decode(bytes, { stream: more });
    // U+FFFD is rare, and only then are the bytes checked: it may stand for an invalid byte.
    if (this.tail !== undefined && chunk.indexOf("\uFFFD") >= 0) this.checkUtf8(bytes, chunk, more);
    if (this.tail !== undefined) this.keepTail(bytes);
    let newline = chunk.indexOf("\n");
    if (newline === -1) {
      this.carry += chunk;
      return;
    }
    const first = this.carry + chunk.slice(0, newline);
    const onLine = this.onLine;
    let lineNumber = this.lineNumber + 1;
    if (onLine(first.slice(0, withoutCarriageReturn(first, 0, first.length)), lineNumber) === false) {
      this.stop(lineNumber);
      return;
    }
    let start = newline + 1;
    newline = chunk.indexOf("\n", start);
    while (newline !== -1) {
      if (onLine(chunk.slice(start, withoutCarriageReturn(chunk, start, newline)), ++lineNumber) === false) {
        this.stop(lineNumber);
        return;
      }
      start = newline + 1;
      newline = chunk.indexOf("\n", start);
    }
    this.lineNumber = lineNumber;
    this.carry = chunk.slice(start);
  }

  /**
   * Finds the first byte that is not UTF-8 among the bytes the decoder held from the previous chunk and
   * `bytes`; when there is one, hands out the lines before it and throws an InputError naming its line.
   * A U+FFFD that the file itself holds passes.
   */
  private checkUtf8(bytes: Uint8Array, chunk: string, more: boolean): void {
    const held = incompleteCharacter(this.tail!.subarray(0, this.tailLength));
    const all = new Uint8Array(held.length + bytes.length);
    all.set(held);
    all.set(bytes, held.length);
    const bad = firstInvalidUtf8(all, !more);
    if (bad < 0) return;
    let newlines = 0;
    for (let i = held.length; i < bad; i++) if (all[i] === NEWLINE) newlines++;
    this.emitLines(chunk, newlines);
    if (this.stopped) return;
    const what = bad < all.length ? `byte 0x${all[bad].toString(16).padStart(2, "0")}` : "a character cut short by the end of the file";
    throw new InputError(this.source, this.lineNumber + 1, `invalid UTF-8 (${what}), expected UTF-8 text`);
  }

  /** Hands out the first `count` lines of `chunk` (the first joined to the carried text). */
  private emitLines(chunk: string, count: number): void {
    let start = 0;
    for (let i = 0; i < count; i++) {
      const newline = chunk.indexOf("\n", start);
      const text = i === 0 ? this.carry + chunk.slice(0, newline) : chunk.slice(start, newline);
      const lineNumber = ++this.lineNumber;
      if (this.onLine(text.slice(0, withoutCarriageReturn(text, 0, text.length)), lineNumber) === false) {
        this.stop(lineNumber);
        return;
      }
      start = newline + 1;
    }
  }

  /** Keeps the last bytes decoded, for `checkUtf8` of the next chunk. */
  private keepTail(bytes: Uint8Array): void {
    const tail = this.tail!;
    const n = Math.min(bytes.length, tail.length);
    if (n === tail.length) {
      tail.set(bytes.subarray(bytes.length - n));
    } else {
      // Fewer bytes than the tail holds: the older ones move down.
      const keep = Math.min(this.tailLength, tail.length - n);
      tail.copyWithin(0, this.tailLength - keep, this.tailLength);
      tail.set(bytes, keep);
      this.tailLength = keep + n;
      return;
    }
    this.tailLength = n;
  }

  /** The carried text after the last '\n' is a line too, unless it is empty. */
  private emitLast(): void {
    const text = this.carry;
    this.carry = "";
    if (this.stopped || text.length === 0) return;
    const lineNumber = ++this.lineNumber;
    if (this.onLine(text.slice(0, withoutCarriageReturn(text, 0, text.length)), lineNumber) === false) this.stop(lineNumber);
  }

  private stop(lineNumber: number): void {
    this.lineNumber = lineNumber;
    this.stopped = true;
    this.carry = "";
  }
}

const NEWLINE = 10;
/** The longest UTF-8 encoding of a character. */
const MAX_UTF8_BYTES = 4;

/** The bytes at the end of `bytes` that begin a character without ending it (what a stream decoder holds). */
function incompleteCharacter(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(bytes.length, MAX_UTF8_BYTES - 1); back++) {
    const c = bytes[bytes.length - back];
    if (c < 0x80) return bytes.subarray(bytes.length);
    if (c >= 0xc0) return utf8Length(c) > back ? bytes.subarray(bytes.length - back) : bytes.subarray(bytes.length);
  }
  return bytes.subarray(bytes.length);
}

/** The bytes of a character that starts with `lead`; 0 for a byte that cannot start one. */
function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Position of the first byte of `bytes` that does not belong to a well-formed UTF-8 character (as the
 * Encoding Standard decodes: no overlong forms, no surrogates, nothing above U+10FFFF), or −1. A character
 * cut short by the end of `bytes` is well formed unless `final`; then it is reported at `bytes.length`.
 */
export function firstInvalidUtf8(bytes: Uint8Array, final: boolean): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const c = bytes[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const length = utf8Length(c);
    if (length === 0) return i;
    let lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    let hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let j = 1; j < length; j++) {
      if (i + j === n) return final ? n : -1;
      const d = bytes[i + j];
      if (d < lo || d > hi) return i;
      lo = 0x80;
      hi = 0xbf;
    }
    i += length;
  }
  return -1;
}

/** End of the line text[start, end) once a trailing '\r' (of a "\r\n" ending) is left out. */
function withoutCarriageReturn(text: string, start: number, end: number): number {
  return end > start && text.charCodeAt(end - 1) === CARRIAGE_RETURN ? end - 1 : end;
}

function isFlateError(e: unknown): e is Error {
  return e instanceof Error && typeof (e as { code?: unknown }).code === "number";
}

/** Always a copy: the result may be kept while the caller reuses `b`'s buffer. */
function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const both = new Uint8Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  return both;
}

/**
 * Chunks of a file or of standard input. The same buffer is reused for every chunk of a file: a chunk is
 * valid only until the next one is requested.
 */
async function* readChunks(path: string, options: LineReadOptions): AsyncGenerator<Uint8Array> {
  const report = options.onProgress;
  let bytesRead = 0;
  if (path === STDIN) {
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      report?.(bytesRead, NaN);
      yield chunk;
    }
    return;
  }
  const file = await open(path, "r");
  try {
    const stat = await file.stat();
    if (stat.isDirectory()) throw new InputError(path, 0, DIRECTORY_FOR_FILE);
    const totalBytes = stat.size;
    const buffer = new Uint8Array(options.chunkSize ?? DEFAULT_CHUNK_BYTES);
    for (;;) {
      const { bytesRead: n } = await file.read(buffer, 0, buffer.length, null);
      if (n === 0) break;
      bytesRead += n;
      report?.(bytesRead, totalBytes);
      yield buffer.subarray(0, n);
    }
  } finally {
    await file.close();
  }
}

/** Calls `onLine` for every line of a plain or gzip file ("-" for standard input); returns the line count. */
export async function forEachLine(path: string, onLine: LineHandler, options: LineReadOptions = {}): Promise<number> {
  const decoder = new LineDecoder(onLine, path, options.gzip, options.strictUtf8);
  for await (const chunk of readChunks(path, options)) {
    decoder.push(chunk);
    if (decoder.stopped) break;
  }
  decoder.end();
  return decoder.lineNumber;
}

/** The lines of a file in batches (one per chunk read): one await per batch rather than per line. */
export async function* readLineBatches(path: string, options: LineReadOptions = {}): AsyncGenerator<LineBatch> {
  let lines: string[] = [];
  const decoder = new LineDecoder((line) => void lines.push(line), path, options.gzip, options.strictUtf8);
  const take = (): LineBatch => {
    const batch = { lines, firstLineNumber: decoder.lineNumber - lines.length + 1 };
    lines = [];
    return batch;
  };
  for await (const chunk of readChunks(path, options)) {
    decoder.push(chunk);
    if (lines.length > 0) yield take();
  }
  decoder.end();
  if (lines.length > 0) yield take();
}

/** The lines of a file one by one. Convenient; `forEachLine` and `readLineBatches` are faster. */
export async function* readLines(path: string, options: LineReadOptions = {}): AsyncGenerator<Line> {
  for await (const { lines, firstLineNumber } of readLineBatches(path, options)) {
    for (let i = 0; i < lines.length; i++) yield { line: lines[i], lineNumber: firstLineNumber + i };
  }
}

/** Synchronous `forEachLine` for files (not standard input), for small inputs such as vocabularies. */
export function forEachLineSync(path: string, onLine: LineHandler, options: LineReadOptions = {}): number {
  const decoder = new LineDecoder(onLine, path, options.gzip, options.strictUtf8);
  const fd = openSync(path, "r");
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError(path, 0, DIRECTORY_FOR_FILE);
    const totalBytes = stat.size;
    const buffer = new Uint8Array(options.chunkSize ?? DEFAULT_CHUNK_BYTES);
    let bytesRead = 0;
    while (!decoder.stopped) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      bytesRead += n;
      options.onProgress?.(bytesRead, totalBytes);
      decoder.push(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  decoder.end();
  return decoder.lineNumber;
}

/** The most bytes one byte of deflate data expands to. */
const MAX_DEFLATE_RATIO = 1032;

/** At most how many bytes of text a file holds: its size, or for gzip the most its data can expand to. */
export interface TextBound {
  bytes: number;
  /** How the bound is told in messages: "a file of 1234 bytes". */
  what: string;
}

/**
 * The bound of `path`'s text, for checking the sizes a header announces: none for standard input and
 * other streams (a pipe, /dev/fd/N), whose size is unknown and whose bytes must not be read ahead.
 */
export function textBytesBound(path: string): TextBound {
  const unknown = { bytes: Infinity, what: "a stream" };
  if (path === STDIN) return unknown;
  const fd = openSync(path, "r");
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError(path, 0, DIRECTORY_FOR_FILE);
    if (!stat.isFile()) return unknown;
    const head = new Uint8Array(2);
    if (readSync(fd, head, 0, 2, 0) === 2 && hasGzipMagic(head)) {
      return { bytes: stat.size * MAX_DEFLATE_RATIO, what: `${stat.size} bytes of gzip data` };
    }
    return { bytes: stat.size, what: `a file of ${stat.size} bytes` };
  } finally {
    closeSync(fd);
  }
}
