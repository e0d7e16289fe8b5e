import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../bench/common.js";
import { Random } from "../helpers/random.js";
import { runCli } from "../helpers/run_cli.js";
import { useTempDirs } from "../helpers/temp_dir.js";

/*
 * `grampack count` killed (SIGKILL: nothing can clean up) while it rewrites an existing output folder:
 * the folder must hold the complete old set of count files or the complete new set, never new files of
 * some orders beside old files of others (which would build a wrong model without a word). The built
 * command line runs in a child process (`npm test` builds dist/ first).
 */
const CLI = join(ROOT, "dist", "src", "cli", "main.js");
const tempDir = useTempDirs("file");

function grampack(...args: string[]): void {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`grampack ${args.join(" ")} exited with ${r.status}: ${r.stderr}`);
}

/** ~1 M words drawn with Zipf's law, 15 to a line. */
function bigText(path: string): void {
  const rnd = new Random(11);
  const parts: string[] = [];
  const logWords = Math.log(100_000);
  for (let i = 0; i < 1_000_000; i++) parts.push(`w${Math.floor(Math.exp(rnd.next() * logWords))}` + (i % 15 === 14 ? "\n" : " "));
  writeFileSync(path, parts.join(""));
}

/**
 * The count files of a folder, name → SHA-256 of the content (digests rather than megabytes of text, so
 * that a failed comparison prints a short difference).
 */
function countFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    if (/^\d+-grams$/.test(name)) files.set(name, createHash("sha256").update(readFileSync(join(dir, name))).digest("hex"));
  }
  return files;
}

/** Every path below `dir` named `name`, hidden folders included. */
function findNamed(dir: string, name: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.name === name)
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}

describe("count replaces its output folder as a whole", () => {
  it("a SIGKILL while the new files are written leaves the old set whole", async () => {
    const dir = tempDir();
    const big = join(dir, "big.txt");
    bigText(big);
    const out = join(dir, "counts");
    grampack("count", "--order", "5", "--out", out, join(ROOT, "test_data", "sample_text"));
    const oldSet = countFiles(out);
    expect([...oldSet.keys()]).toEqual(["1-grams", "2-grams", "3-grams", "4-grams", "5-grams"]);
    const started = Date.now();

    // Its work folder goes below the test's folder: nothing removes it after a SIGKILL.
    const tmp = join(dir, "tmp");
    mkdirSync(tmp);
    const child = spawn(process.execPath, [CLI, "count", "--order", "5", "--out", out, big], { stdio: "ignore", env: { ...process.env, TMPDIR: tmp } });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    // The 4-grams of the new run written (wherever they are put): the 5-grams are being written.
    const fourGramsWritten = () => {
      try {
        return findNamed(dir, "4-grams").some((p) => statSync(p).mtimeMs >= started);
      } catch {
        return false; // a temporary file or folder renamed while it was looked at
      }
    };
    let killed = false;
    const poll = setInterval(() => {
      if (!killed && fourGramsWritten()) {
        killed = true;
        child.kill("SIGKILL");
      }
    }, 2);
    await exited;
    clearInterval(poll);
    expect(killed).toBe(true);
    expect(countFiles(out)).toEqual(oldSet);

    // Run to the end, it puts the complete new set in place, the same as a count into a fresh folder.
    grampack("count", "--order", "5", "--out", out, big);
    const fresh = join(dir, "fresh");
    grampack("count", "--order", "5", "--out", fresh, big);
    const newSet = countFiles(out);
    expect(newSet).toEqual(countFiles(fresh));
    expect(newSet.get("1-grams")).not.toEqual(oldSet.get("1-grams"));
  });

  it("an --out that is a file is refused before anything is read or written", async () => {
    const dir = tempDir();
    const file = join(dir, "afile");
    writeFileSync(file, "kept");
    const r = await runCli(["count", "--order", "2", "--out", file, join(ROOT, "test_data", "sample_text")]);
    expect(r.status).toBe(1);
    expect(r.err).toBe(`grampack count: ${file}: exists and is not a directory`);
    expect(readdirSync(dir)).toEqual(["afile"]);
    expect(readFileSync(file, "utf8")).toBe("kept");
  });
});
