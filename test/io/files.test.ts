import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { AtomicWriter, hasGzipMagic, isGzipPath, readFileBytes, writeFileAtomic } from "../../src/io/files.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs();

describe("gzip detection", () => {
  it("by name and by magic bytes", () => {
    expect(isGzipPath("a/3-grams.sorted.gz")).toBe(true);
    expect(isGzipPath("a/3-grams.GZ")).toBe(true);
    expect(isGzipPath("a/3-grams.gzip")).toBe(false);
    expect(hasGzipMagic(Uint8Array.of(0x1f, 0x8b, 8))).toBe(true);
    expect(hasGzipMagic(Uint8Array.of(0x1f))).toBe(false);
    expect(hasGzipMagic(new TextEncoder().encode("plain"))).toBe(false);
  });
});

describe("readFileBytes", () => {
  it("returns the bytes at offset 0 of their buffer, for small and empty files", () => {
    const dir = tempDir();
    for (const size of [0, 1, 7, 100, 70_000]) {
      const path = join(dir, `f${size}`);
      const data = new Uint8Array(size);
      for (let i = 0; i < size; i++) data[i] = (i * 31) & 0xff;
      writeFileSync(path, data);
      const bytes = readFileBytes(path);
      expect(bytes.byteOffset).toBe(0);
      expect(bytes).toEqual(data);
    }
  });
});

describe("writeFileAtomic", () => {
  it("replaces the target and leaves no temporary file", () => {
    const dir = tempDir();
    const path = join(dir, "out.bin");
    writeFileSync(path, "old");
    writeFileAtomic(path, Uint8Array.of(1, 2, 3));
    expect(readFileSync(path)).toEqual(Buffer.from([1, 2, 3]));
    writeFileAtomic(path, "héllo");
    expect(readFileSync(path, "utf8")).toBe("héllo");
    expect(readdirSync(dir)).toEqual(["out.bin"]);
  });

  it("fails without leaving anything when the directory does not exist", () => {
    const dir = tempDir();
    expect(() => writeFileAtomic(join(dir, "missing", "x"), "data")).toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("AtomicWriter", () => {
  it("shows nothing at the target until commit", () => {
    const dir = tempDir();
    const path = join(dir, "big.txt");
    const writer = new AtomicWriter(path, { bufferBytes: 10 });
    let expected = "";
    for (let i = 0; i < 1000; i++) {
      const line = `line ${i} ü\n`;
      writer.write(i % 2 ? line : new TextEncoder().encode(line));
      expected += line;
    }
    expect(existsSync(path)).toBe(false);
    expect(existsSync(writer.tempPath)).toBe(true);
    writer.commit();
    expect(readFileSync(path, "utf8")).toBe(expected);
    expect(readdirSync(dir)).toEqual(["big.txt"]);
  });

  it("keeps the order of small text and byte writes", () => {
    const dir = tempDir();
    const path = join(dir, "mixed.txt");
    const writer = new AtomicWriter(path, { bufferBytes: 64 });
    let expected = "";
    for (let i = 0; i < 300; i++) {
      const piece = `${i}${i % 7 === 0 ? "€" : ""},`.repeat(1 + (i % 40));
      writer.write(i % 3 === 0 ? piece : new TextEncoder().encode(piece));
      expected += piece;
    }
    writer.commit();
    expect(readFileSync(path, "utf8")).toBe(expected);
  });

  it("removes the temporary file when the commit fails", () => {
    const dir = tempDir();
    const path = join(dir, "target");
    const writer = new AtomicWriter(path);
    writer.write("data");
    // A folder that appears at the target meanwhile makes the rename fail.
    mkdirSync(join(path, "inside"), { recursive: true });
    expect(() => writer.commit()).toThrow();
    expect(readdirSync(dir)).toEqual(["target"]);
    expect(() => writer.commit()).toThrow(/already committed or aborted/);
  });

  it("abort removes the temporary file and keeps the old target", () => {
    const dir = tempDir();
    const path = join(dir, "kept.txt");
    writeFileSync(path, "previous");
    const writer = new AtomicWriter(path);
    writer.write("partial output");
    writer.abort();
    writer.abort();
    expect(readFileSync(path, "utf8")).toBe("previous");
    expect(readdirSync(dir)).toEqual(["kept.txt"]);
    expect(() => writer.write("more")).toThrow(/already committed or aborted/);
  });

  it("gzips when the target ends in .gz", () => {
    const dir = tempDir();
    const path = join(dir, "out.jsonl.gz");
    const writer = new AtomicWriter(path, { bufferBytes: 64 });
    let expected = "";
    for (let i = 0; i < 500; i++) {
      const line = `{"text":"document ${i}"}\n`;
      writer.write(line);
      expected += line;
    }
    writer.commit();
    const bytes = readFileSync(path);
    expect(hasGzipMagic(bytes)).toBe(true);
    expect(new TextDecoder().decode(gunzipSync(bytes))).toBe(expected);
  });
});
