import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { Gunzip } from "fflate";
import { InputError } from "./errors.js";
import { hasGzipMagic } from "./files.js";

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

  constructor(
    private readonly onLine: LineHandler,
    private readonly source: string,
    gzip?: boolean,
  ) {
    if (gzip !== undefined) this.startDecoding(gzip);
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
    const totalBytes = (await file.stat()).size;
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
  const decoder = new LineDecoder(onLine, path, options.gzip);
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
  const decoder = new LineDecoder((line) => void lines.push(line), path, options.gzip);
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
  const decoder = new LineDecoder(onLine, path, options.gzip);
  const fd = openSync(path, "r");
  try {
    const totalBytes = fstatSync(fd).size;
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
