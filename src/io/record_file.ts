import { closeSync, openSync, readSync, writeSync } from "node:fs";

/*
 * A temporary file of fixed-size records of uint32 words, written once front to back and read back once
 * in the same order: the typed array's bytes as they are in memory (the file never leaves the process).
 * For streams that are already in the order they are needed in, and so need no sort.
 */

const BLOCK_RECORDS = 1 << 14;

/** A finished record file. */
export interface RecordFile {
  path: string;
  records: number;
  recordWords: number;
}

export class RecordFileWriter {
  private readonly block: Uint32Array;
  private filled = 0;
  private readonly fd: number;
  records = 0;

  constructor(
    readonly path: string,
    private readonly recordWords: number,
  ) {
    this.block = new Uint32Array(BLOCK_RECORDS * recordWords);
    this.fd = openSync(path, "w");
  }

  /** Appends the record `words[offset … offset + recordWords)`. */
  push(words: ArrayLike<number>, offset = 0): void {
    if (this.filled === this.block.length) this.flush();
    for (let j = 0; j < this.recordWords; j++) this.block[this.filled + j] = words[offset + j];
    this.filled += this.recordWords;
    this.records++;
  }

  close(): RecordFile {
    this.flush();
    closeSync(this.fd);
    return { path: this.path, records: this.records, recordWords: this.recordWords };
  }

  private flush(): void {
    const bytes = new Uint8Array(this.block.buffer, 0, this.filled * 4);
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
    this.filled = 0;
  }
}

/** Reads the records back one at a time: the current one is `block[pos … pos + recordWords)`. */
export class RecordFileReader {
  readonly block: Uint32Array;
  private readonly bytes: Uint8Array;
  pos = 0;
  private end = 0;
  private remaining: number;
  private readonly fd: number;
  /** False once every record has been passed. */
  valid = true;

  private readonly recordWords: number;
  private readonly path: string;

  constructor(file: RecordFile) {
    this.recordWords = file.recordWords;
    this.path = file.path;
    this.block = new Uint32Array(BLOCK_RECORDS * file.recordWords);
    this.bytes = new Uint8Array(this.block.buffer);
    this.remaining = file.records;
    this.fd = openSync(file.path, "r");
    this.refill();
  }

  /** Moves to the next record; false at the end. */
  next(): boolean {
    this.pos += this.recordWords;
    if (this.pos === this.end) this.refill();
    return this.valid;
  }

  close(): void {
    closeSync(this.fd);
  }

  private refill(): void {
    const words = Math.min(this.remaining * this.recordWords, this.block.length);
    this.remaining -= words / this.recordWords;
    this.pos = 0;
    this.end = words;
    this.valid = words > 0;
    let filled = 0;
    while (filled < words * 4) {
      const n = readSync(this.fd, this.bytes, filled, words * 4 - filled, null);
      if (n === 0) throw new Error(`${this.path}: record file shorter than written`);
      filled += n;
    }
  }
}
