import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run_cli.js";
import { useTempDirs } from "../helpers/temp_dir.js";
import { ROOT } from "../../bench/common.js";

/*
 * dedup and sa build refuse a corpus whose suffix array would not fit --memory, sized from the corpus
 * itself: 9 bytes per byte of the joined text (each document's bytes and a separator) and 16 MiB.
 */

const tempDir = useTempDirs();
const MIB = 2 ** 20;
const FIXED = 16 * MIB;

/** A plain-text corpus of one document of `bytes` bytes (no two equal 8-byte runs, so nothing is removed). */
function oneDocument(dir: string, bytes: number): string {
  const path = join(dir, `doc${bytes}.txt`);
  let text = "";
  for (let i = 0; text.length < bytes; i++) text += `${i.toString(36)},`;
  writeFileSync(path, `${text.slice(0, bytes)}\n`);
  return path;
}

describe("dedup --memory", () => {
  it("lets a small corpus through a small budget (64M for the 67 kB sample text)", async () => {
    const dir = tempDir();
    const sample = join(ROOT, "test_data/sample_text");
    const out = join(dir, "out.txt");
    const r = await runCli(["dedup", "--memory", "64M", "--min-length", "1000", "--out", out, sample]);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(readFileSync(out)).toEqual(readFileSync(sample));
    expect((await runCli(["dedup", "--memory", "17M", "--min-length", "1000", "--out", out, sample])).status).toBe(0);
  });

  it("sizes the need from the corpus: 9 bytes per byte and separator, plus 16 MiB", async () => {
    const dir = tempDir();
    const budget = FIXED + 9 * 100_001;
    const fits = oneDocument(dir, 100_000);
    const over = oneDocument(dir, 100_001);
    expect((await runCli(["dedup", "--memory", String(budget), "--out", join(dir, "a.txt"), fits])).status).toBe(0);
    const r = await runCli(["dedup", "--memory", String(budget), "--out", join(dir, "b.txt"), over]);
    expect(r.status).toBe(1);
    const need = (9 * 100_002 + FIXED) / MIB;
    expect(r.err).toBe(
      `grampack dedup: the corpus joins to at least 100002 bytes; its suffix array and LCP need at least ${need.toFixed(2)} MiB of memory ` +
        `(9 bytes per byte and 16.00 MiB), more than the ${(budget / MIB).toFixed(2)} MiB allowed: raise --memory or split the corpus`,
    );
    expect((await runCli(["sa", "build", "--memory", String(budget), "--out", join(dir, "i.sa"), over])).status).toBe(1);
    expect((await runCli(["sa", "build", "--memory", String(budget), "--out", join(dir, "i.sa"), fits])).status).toBe(0);
  });

  it("still refuses a corpus far beyond the budget", async () => {
    const dir = tempDir();
    const big = oneDocument(dir, 3 * MIB);
    const r = await runCli(["dedup", "--memory", "20M", "--out", join(dir, "c.txt"), big]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/need at least \d+\.\d\d MiB of memory .* more than the 20\.00 MiB allowed: raise --memory or split the corpus$/);
  });
});
