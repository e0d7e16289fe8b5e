import { open } from "node:fs/promises";
import { Gunzip } from "fflate";
import { InputError } from "../io/errors.js";
import { hasGzipMagic } from "../io/files.js";

/*
 * The lines of a file as bytes, for the passes of dedup and simhash that copy documents to their output:
 * a line read as text has its invalid UTF-8 replaced by U+FFFD, a line read as bytes comes out as it came
 * in. Lines are cut exactly where the text reader (io/lines.ts) cuts them, so both number them alike: at
 * '\n', without a '\r' before it, without a leading byte-order mark, the last line without '\n' kept
 * unless empty. Plain or gzip (told by the magic bytes).
 */

/** Receives each line (a view valid only during the call) and its 1-based number. */
export type RawLineHandler = (line: Uint8Array, lineNumber: number) => void;

const CHUNK_BYTES = 1 << 16;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];

/** Cuts a stream of byte chunks into lines. */
class RawLineSplitter {
  lineNumber = 0;
  private carry = new Uint8Array(256);
  private carried = 0;
  private atStart = true;

  constructor(private readonly onLine: RawLineHandler) {}

  push(bytes: Uint8Array): void {
    let start = 0;
    if (this.atStart) {
      start = this.skipBom(bytes);
      if (start < 0) return;
    }
    let newline = bytes.indexOf(NEWLINE, start);
    if (newline === -1) {
      this.keep(bytes.subarray(start));
      return;
    }
    if (this.carried > 0) {
      this.keep(bytes.subarray(start, newline));
      this.emit(this.carry.subarray(0, this.carried));
      this.carried = 0;
    } else {
      this.emit(bytes.subarray(start, newline));
    }
    start = newline + 1;
    newline = bytes.indexOf(NEWLINE, start);
    while (newline !== -1) {
      this.emit(bytes.subarray(start, newline));
      start = newline + 1;
      newline = bytes.indexOf(NEWLINE, start);
    }
    this.keep(bytes.subarray(start));
  }

  /** The last line, which may have no final '\n'; bytes held back for a byte-order mark count too. */
  end(): void {
    if (this.atStart) {
      this.atStart = false;
      const held = this.carry.slice(0, this.carried);
      this.carried = 0;
      this.push(held);
    }
    if (this.carried > 0) this.emit(this.carry.subarray(0, this.carried));
    this.carried = 0;
  }

  /**
   * Where the text starts once a leading byte-order mark is left out, or −1 while the bytes seen so far
   * could still be the start of one (they are held back).
   */
  private skipBom(bytes: Uint8Array): number {
    const seen = this.carried;
    let i = 0;
    while (seen + i < BOM.length && i < bytes.length && bytes[i] === BOM[seen + i]) i++;
    if (seen + i === BOM.length) {
      this.atStart = false;
      this.carried = 0;
      return i;
    }
    if (i === bytes.length) {
      this.keep(bytes);
      return -1;
    }
    // Not a byte-order mark: what was held back is text.
    this.atStart = false;
    return 0;
  }

  private emit(line: Uint8Array): void {
    const end = line.length > 0 && line[line.length - 1] === CARRIAGE_RETURN ? line.length - 1 : line.length;
    this.onLine(line.subarray(0, end), ++this.lineNumber);
  }

  private keep(bytes: Uint8Array): void {
    if (this.carried + bytes.length > this.carry.length) {
      const grown = new Uint8Array(Math.max(2 * this.carry.length, this.carried + bytes.length));
      grown.set(this.carry.subarray(0, this.carried));
      this.carry = grown;
    }
    this.carry.set(bytes, this.carried);
    this.carried += bytes.length;
  }
}

/**
 * Calls `onLine` with the bytes of every line of a plain or gzip file; returns the number of lines.
 * `onProgress` gets the bytes read so far from the file and its size.
 */
export async function forEachRawLine(path: string, onLine: RawLineHandler, onProgress?: (bytesRead: number, totalBytes: number) => void): Promise<number> {
  const splitter = new RawLineSplitter(onLine);
  let gunzip: Gunzip | undefined;
  let decided = false;
  const file = await open(path, "r");
  try {
    const total = (await file.stat()).size;
    const buffer = new Uint8Array(CHUNK_BYTES);
    let head: Uint8Array = new Uint8Array(0);
    let read = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      read += bytesRead;
      let chunk: Uint8Array = buffer.subarray(0, bytesRead);
      if (!decided) {
        // Two bytes tell gzip from plain text.
        head = concat(head, chunk);
        if (head.length < 2) continue;
        decided = true;
        if (hasGzipMagic(head)) gunzip = new Gunzip((data) => splitter.push(data));
        chunk = head;
      }
      if (gunzip) inflate(gunzip, chunk.slice(), false, path);
      else splitter.push(chunk);
      onProgress?.(read, total);
    }
    if (!decided) splitter.push(head);
    if (gunzip) inflate(gunzip, new Uint8Array(0), true, path);
  } finally {
    await file.close();
  }
  splitter.end();
  return splitter.lineNumber;
}

function inflate(gunzip: Gunzip, bytes: Uint8Array, final: boolean, path: string): void {
  try {
    gunzip.push(bytes, final);
  } catch (e) {
    // Lines are handled inside push: only fflate's own errors, which carry a numeric code, concern the data.
    if (!(e instanceof Error) || typeof (e as { code?: unknown }).code !== "number") throw e;
    throw new InputError(path, 0, `cannot decompress gzip data: ${e.message}`);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const both = new Uint8Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  return both;
}
