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

/** Calls `onDocument` with each document's ids (a view, reused after the call); returns the number of documents. */
export function forEachBinaryDocument(path: string, onDocument: (ids: Uint32Array) => void): number {
  const fd = openSync(path, "r");
  const block = new Uint8Array(BLOCK_WORDS * 4);
  const words = new Uint32Array(block.buffer);
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
      for (let i = 0; i < complete; i++) {
        const id = words[i];
        if (id === DOCUMENT_END) {
          onDocument(doc.subarray(0, length));
          documents++;
          length = 0;
          continue;
        }
        if (length === doc.length) doc = grow(doc);
        doc[length++] = id;
      }
      carry = bytes & 3;
      block.copyWithin(0, complete * 4, bytes);
    }
  } finally {
    closeSync(fd);
  }
}

function grow(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
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
