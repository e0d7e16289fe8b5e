import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Random } from "../helpers/random.js";
import { useTempDirs } from "../helpers/temp_dir.js";
import { BinaryIdsWriter, forEachBinaryDocument } from "../../src/cooc/binary_ids.js";

const tempDir = useTempDirs();
/** Ids in a read block of the reader (1 MiB). */
const BLOCK_WORDS = 1 << 18;

function readAll(path: string): number[][] {
  const docs: number[][] = [];
  forEachBinaryDocument(path, (ids) => docs.push(Array.from(ids)));
  return docs;
}

describe("binary id files", () => {
  it("read back documents within a block, across blocks, longer than a block and empty", () => {
    const rnd = new Random(3);
    const lengths = [0, 1, 5, BLOCK_WORDS - 8, 3, 0, 2 * BLOCK_WORDS + 17, 0, 1, BLOCK_WORDS, 40];
    for (let i = 0; i < 300; i++) lengths.push(rnd.int(3000));
    const docs = lengths.map((n) => Array.from({ length: n }, () => rnd.int(0xfffffffe)));
    const path = join(tempDir(), "docs.u32");
    const writer = new BinaryIdsWriter(path);
    for (const d of docs) writer.addDocument(Uint32Array.from(d));
    writer.commit();
    const read = readAll(path);
    expect(read.length).toBe(docs.length);
    for (let i = 0; i < docs.length; i++) expect(read[i]).toEqual(docs[i]);
  });

  it("refuses a file cut inside a document or inside an id", () => {
    const dir = tempDir();
    const cut = join(dir, "cut.u32");
    writeFileSync(cut, new Uint8Array(Uint32Array.from([1, 2, 0xffffffff, 3]).buffer));
    expect(() => readAll(cut)).toThrow(/truncated/);
    const ragged = join(dir, "ragged.u32");
    writeFileSync(ragged, new Uint8Array(Uint32Array.from([1, 0xffffffff]).buffer).subarray(0, 6));
    expect(() => readAll(ragged)).toThrow(/truncated/);
  });
});
