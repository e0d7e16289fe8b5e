import { closeSync, openSync, readSync } from "node:fs";
import { AtomicWriter } from "../io/files.js";
import { InputError } from "../io/errors.js";

/*
 * Pre-tokenized corpora as binary files (.u32): token ids as little-endian uint32, each document followed
 * by DOCUMENT_END. No parsing, no JSON: the fastest way to feed ids.
 */

export const DOCUMENT_END = 0xffffffff;
const BLOCK_WORDS = 1 << 18;

export function isBinaryIdsPath(path: string): boolean {
  return /\.u32$/i.test(path);
}

/**
 * Calls `onDocument` with each document's ids (a view, reused after the call); returns the number of
 * documents. Ends are found with the typed array's indexOf, and a document lying within one read block is
 * handed out as a view of the block; only those straddling two blocks are copied.
 */
export function forEachBinaryDocument(path: string, onDocument: (ids: Uint32Array) => void): number {
  const fd = openSync(path, "r");
  const block = new Uint8Array(BLOCK_WORDS * 4);
  const words = new Uint32Array(block.buffer);
  /** The start of a document that began in an earlier block. */
  let doc: Uint32Array = new Uint32Array(1 << 12);
  let length = 0;
  let documents = 0;
  let carry = 0;
  try {
    for (;;) {
      const n = readSync(fd, block, carry, block.length - carry, null);
      const bytes = carry + n;
      if (n === 0) {
        if (carry !== 0 || length !== 0) throw new InputError(path, 0, "truncated: expected the file to end with a complete document (id 4294967295 after its ids)");
        return documents;
      }
      const complete = bytes >>> 2;
      let i = 0;
      for (let end = words.indexOf(DOCUMENT_END, i); end >= 0 && end < complete; end = words.indexOf(DOCUMENT_END, i)) {
        if (length === 0) {
          onDocument(words.subarray(i, end));
        } else {
          doc = append(doc, length, words, i, end);
          onDocument(doc.subarray(0, length + end - i));
          length = 0;
        }
        documents++;
        i = end + 1;
      }
      doc = append(doc, length, words, i, complete);
      length += complete - i;
      carry = bytes & 3;
      block.copyWithin(0, complete * 4, bytes);
    }
  } finally {
    closeSync(fd);
  }
}

/** `doc` (of which `length` ids are valid) with words[from, to) written after them, grown when needed. */
function append(doc: Uint32Array, length: number, words: Uint32Array, from: number, to: number): Uint32Array {
  const need = length + to - from;
  if (need > doc.length) {
    const grown = new Uint32Array(Math.max(need, 2 * doc.length));
    grown.set(doc.subarray(0, length));
    doc = grown;
  }
  doc.set(words.subarray(from, to), length);
  return doc;
}

/** Writes documents of ids as a .u32 file, atomically. */
export class BinaryIdsWriter {
  private readonly out: AtomicWriter;
  private readonly end = new Uint32Array([DOCUMENT_END]);

  constructor(readonly path: string) {
    this.out = new AtomicWriter(path, { gzip: false });
  }

  addDocument(ids: Uint32Array): void {
    this.out.write(new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength));
    this.out.write(new Uint8Array(this.end.buffer));
  }

  commit(): void {
    this.out.commit();
  }
}
