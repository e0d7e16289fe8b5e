import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/io/errors.js";
import { forEachCountRow, readCountHeader } from "../../src/io/google_counts.js";
import { runCli } from "../helpers/run_cli.js";
import { useTempDirs } from "../helpers/temp_dir.js";

/*
 * The number of rows on line 1 of a count file sizes the readers' arrays: a number the file cannot hold
 * is refused at line 1 rather than reaching an allocation (and a JavaScript RangeError).
 */
const tempDir = useTempDirs();

async function headerError(path: string, read: (p: string) => Promise<unknown>): Promise<InputError> {
  const error = await read(path).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe("the row count of a count file", () => {
  const readers: [string, (p: string) => Promise<unknown>][] = [
    ["readCountHeader", (p) => readCountHeader(p)],
    ["forEachCountRow", (p) => forEachCountRow(p, () => {})],
  ];

  it("is refused when the file cannot hold that many rows of 3 bytes", async () => {
    for (const [name, read] of readers) {
      const dir = tempDir();
      const plain = join(dir, "2-grams");
      writeFileSync(plain, "99999999999999\na b\t1\n");
      const e = await headerError(plain, read);
      expect(e.message, name).toBe(`${plain}:1: 99999999999999 rows announced, more than a file of 21 bytes can hold (a row takes at least 3 bytes)`);
      const gz = join(dir, "2-grams.gz");
      writeFileSync(gz, gzipSync(new TextEncoder().encode("99999999999999\na b\t1\n")));
      expect((await headerError(gz, read)).message, name).toMatch(/2-grams\.gz:1: 99999999999999 rows announced, more than \d+ bytes of gzip data can hold/);
      const huge = join(dir, "3-grams");
      writeFileSync(huge, "123456789012345678901234567890\n");
      expect((await headerError(huge, read)).message, name).toBe(`${huge}:1: the number of rows "123456789012345678901234567890" is beyond 2^53`);
    }
  });

  it("is taken up to the bound", async () => {
    const path = join(tempDir(), "1-grams");
    // Six bytes, two rows of at least three: the header alone would leave room for fewer, but the
    // bound is a sanity check; the rows are then counted.
    writeFileSync(path, "2\na\t1\n");
    expect(await readCountHeader(path)).toBe(2);
    await expect(forEachCountRow(path, () => {})).rejects.toThrow(`${path}:2: 1 rows, but line 1 announces 2`);
  });

  it("build_trie and build_hash report it with the file and line", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "1-grams"), "2\na\t3\nb\t2\n");
    writeFileSync(join(dir, "2-grams"), "4000000000\na b\t1\n");
    for (const build of [
      ["build_trie", "ef_trie", "2", "count"],
      ["build_hash", "2", "4", "count"],
    ]) {
      const r = await runCli([...build, "--dir", dir, "--out", join(dir, "m.bin")]);
      expect(r.status).toBe(1);
      expect(r.err).toContain(`${join(dir, "2-grams")}:1: 4000000000 rows announced, more than a file of`);
      expect(r.err).not.toMatch(/typed array|allocation failed/i);
    }
  });
});
