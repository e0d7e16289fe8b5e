import { closeSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { ExternalSorter } from "../io/external_sort.js";
import { writeCountFile, type CountRowEncoder } from "./count_row_encoder.js";

/** Records read back from the spool per system call. */
const SPOOL_BLOCK_RECORDS = 1 << 14;

/** Told how many rows of a file are written so far, out of how many. */
export type RowProgress = (written: number, rows: number) => void;

const TWO_TO_32 = 0x100000000;

/**
 * Writes the n-grams of `sorter` (records [id1 … idN, count], N = `order`; with `countWords` 2 the count
 * is two words, low half first) as the count file `path`, rows in the sorter's order, which is prefix
 * order by word ID. A count file starts with its number of rows, which is known only once the sorter has
 * merged everything, so the merged records are first spooled to a binary file in `spoolDir` and then
 * turned into text. Returns the number of rows.
 */
export function writeSortedGrams(
  sorter: ExternalSorter,
  order: number,
  encoder: CountRowEncoder,
  path: string,
  spoolDir: string,
  onProgress?: RowProgress,
  countWords: 1 | 2 = 1,
): number {
  const spool = join(spoolDir, `${order}-grams.u32`);
  const recordWords = order + countWords;
  try {
    const rows = spoolRecords(sorter, spool);
    writeCountFile(path, rows, encoder, (out) => {
      let written = 0;
      forEachSpooledBlock(spool, recordWords, rows, (block, count) => {
        for (let r = 0, at = 0; r < count; r++, at += recordWords) {
          const n = countWords === 1 ? block[at + order] : block[at + order] + block[at + order + 1] * TWO_TO_32;
          encoder.add(out, block, at, order, n);
        }
        written += count;
        onProgress?.(written, rows);
      });
    });
    return rows;
  } finally {
    rmSync(spool, { force: true });
  }
}

function spoolRecords(sorter: ExternalSorter, spool: string): number {
  const fd = openSync(spool, "w");
  try {
    return sorter.finish((records) => {
      const bytes = new Uint8Array(records.buffer, records.byteOffset, records.byteLength);
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
    });
  } finally {
    closeSync(fd);
  }
}

function forEachSpooledBlock(spool: string, recordWords: number, rows: number, onBlock: (block: Uint32Array, count: number) => void): void {
  const block = new Uint32Array(SPOOL_BLOCK_RECORDS * recordWords);
  const bytes = new Uint8Array(block.buffer);
  const fd = openSync(spool, "r");
  try {
    for (let left = rows; left > 0; ) {
      const count = Math.min(left, SPOOL_BLOCK_RECORDS);
      const wanted = count * recordWords * 4;
      for (let filled = 0; filled < wanted; ) {
        const n = readSync(fd, bytes, filled, wanted - filled, null);
        if (n === 0) throw new Error(`${spool}: spool file shorter than written`);
        filled += n;
      }
      onBlock(block, count);
      left -= count;
    }
  } finally {
    closeSync(fd);
  }
}
