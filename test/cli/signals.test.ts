import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../bench/common.js";
import { Random } from "../helpers/random.js";
import { useTempDirs } from "../helpers/temp_dir.js";

/*
 * SIGINT and SIGTERM in the middle of `grampack count` and `estimate`: the built command line runs in a
 * child process (`npm test` builds dist/ first) on an input large enough to be still running when the
 * signal comes, which is sent once its temporary files exist. Afterwards nothing may be left: no sorted
 * runs in TMPDIR, no temporary file or folder beside the target.
 */
const CLI = join(ROOT, "dist", "src", "cli", "main.js");
const tempDir = useTempDirs("file");

/** ~1.5 M words, 15 to a line, drawn with Zipf's law from 200,000 (so that some are rare, as in text). */
function bigText(dir: string): string {
  const rnd = new Random(10);
  const parts: string[] = [];
  const logWords = Math.log(200_000);
  for (let i = 0; i < 1_500_000; i++) parts.push(`w${Math.floor(Math.exp(rnd.next() * logWords))}` + (i % 15 === 14 ? "\n" : " "));
  const path = join(dir, "big.txt");
  writeFileSync(path, parts.join(""));
  return path;
}

const input = bigText(tempDir());

/** Every file below `dir`, recursively, as paths relative to it. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}

/**
 * Runs the command with TMPDIR set to `tmp`; once `ready()` holds, sends `signal`; resolves with the
 * exit status and signal of the child.
 */
function interrupt(args: string[], tmp: string, ready: () => boolean, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; sent: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, TMPDIR: tmp }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let sent = false;
    const poll = setInterval(() => {
      let now = false;
      try {
        now = ready();
      } catch {
        // a temporary file or folder removed while it was looked at
      }
      if (!sent && now) {
        sent = true;
        child.kill(signal);
      }
    }, 5);
    child.on("error", reject);
    child.on("exit", (code, sig) => {
      clearInterval(poll);
      resolve({ code, signal: sig, sent, stderr });
    });
  });
}

function hiddenBeside(dir: string, name: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith(`.${name}.`));
}

describe("a signal during count or estimate leaves no temporary file", () => {
  for (const [signal, status] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`count, ${signal} once sorted runs are on disk`, async () => {
      const dir = tempDir();
      const tmp = join(dir, "tmp");
      mkdirSync(tmp);
      const out = join(dir, "counts");
      const r = await interrupt(["count", "--order", "5", "--memory", "16M", "--out", out, input], tmp, () => filesBelow(tmp).some((f) => f.endsWith(".u32")), signal);
      expect(r.sent, r.stderr).toBe(true);
      expect(r.code).toBe(status);
      expect(filesBelow(tmp)).toEqual([]);
      expect(readdirSync(tmp)).toEqual([]);
      expect(hiddenBeside(dir, "counts")).toEqual([]);
      expect(existsSync(out)).toBe(false);
    });
  }

  it("estimate, SIGINT while the ARPA file is being written", async () => {
    const dir = tempDir();
    const tmp = join(dir, "tmp");
    mkdirSync(tmp);
    const arpa = join(dir, "e.arpa");
    // The temporary ARPA file exists from the start; it grows once the model is being written.
    const writing = () => hiddenBeside(dir, "e.arpa").some((f) => readFileSync(join(dir, f)).length > 0) && filesBelow(tmp).length > 0;
    const r = await interrupt(["estimate", "--order", "3", "--memory", "16M", "--arpa", arpa, input], tmp, writing, "SIGINT");
    expect(r.sent, r.stderr).toBe(true);
    expect(r.code).toBe(130);
    expect(readdirSync(tmp)).toEqual([]);
    expect(hiddenBeside(dir, "e.arpa")).toEqual([]);
    expect(existsSync(arpa)).toBe(false);
  });
});
