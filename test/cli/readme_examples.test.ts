import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/*
 * Every ```sh block of the README runs as written, block after block, in one fresh folder where test_data/
 * and node_modules/ are the repository's (links), as they are at the repository's root. `npx <bin>` runs
 * the package's built bin (dist/, which `npm test` builds first) through an `npx` put first on the PATH;
 * any other npx command fails. Each command must exit with status 0, and some of them must show what the
 * README says of them.
 */

const ROOT = resolve(import.meta.dirname, "..", "..");

/**
 * Set-up commands of the README's first block, not run here: `npm install && npm start` would install
 * and build the repository itself, and `npm test` is the suite this test belongs to.
 */
const SET_UP = new Set(["npm install && npm start", "npm test"]);

interface Block {
  heading: string;
  commands: string[];
}

/** The README's ```sh blocks, each under the heading it follows, as commands (continued lines joined). */
function readmeBlocks(): Block[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const blocks: Block[] = [];
  let heading = "set-up";
  for (const m of readme.matchAll(/^(#+ .*)$|^```sh\n([\s\S]*?)^```$/gm)) {
    if (m[1] !== undefined) {
      heading = m[1].replace(/^#+ /, "");
      continue;
    }
    const commands = m[2].replace(/\\\n/g, " ").split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("#"));
    blocks.push({ heading, commands });
  }
  return blocks;
}

/** The command without a trailing comment (good enough to compare with SET_UP and to find checks). */
function withoutComment(command: string): string {
  return command.replace(/\s+#.*$/, "").trim();
}

interface Run {
  stdout: string;
  dir: string;
}

/**
 * Checks of what the README states of a command's result, for the commands matching `pattern`; every
 * pattern must match a command of the README, so that a check cannot silently fall away.
 */
const CHECKS: { pattern: RegExp; check(run: Run): void }[] = [
  { pattern: /^echo "of the" \| npx grampack lookup model\.bin$/, check: ({ stdout }) => expect(Number(stdout.trim())).toBeGreaterThan(0) },
  { pattern: /npx grampack print_stats model\.bin --json$/, check: ({ stdout }) => expect(JSON.parse(stdout).grams).toBeGreaterThan(0) },
  { pattern: /npx grampack score model\.arpa\.gz .* --json$/, check: ({ stdout }) => expect(JSON.parse(stdout).perplexity_including_oovs).toBeGreaterThan(1) },
  { pattern: /npx grampack cooc met .* --json$/, check: ({ stdout }) => expect(JSON.parse(stdout).met).toBe(true) },
  {
    pattern: /npx grampack simhash .*--out unique\.jsonl/,
    check: ({ dir }) => expect(lines(join(dir, "unique.jsonl"))).toBe(lines(join(ROOT, "test_data", "docs.jsonl")) - 6),
  },
  { pattern: /npx grampack dedup .*--json unique\.jsonl$/, check: ({ stdout }) => expect(JSON.parse(stdout).spans).toBeGreaterThan(0) },
  { pattern: /npx grampack sa count /, check: ({ stdout }) => expect(Number(stdout.trim().split("\n").pop())).toBeGreaterThan(0) },
  {
    pattern: /npx grampack embed neighbors --k 5 items\.emb jazz-00$/,
    check: ({ stdout }) => expect(stdout.match(/\b[a-z]+-\d\d\b/g)?.slice(1).every((label) => label.startsWith("jazz-"))).toBe(true),
  },
  {
    pattern: /npx grampack filter clean\.bin test_data\/web\.jsonl .*--buckets 30,60 --out-dir buckets\//,
    check: ({ stdout, dir }) => {
      expect(stdout).toContain("head.jsonl: perplexity < 652.5, 105 documents (29.8%), 117172 bytes");
      const kinds = (bucket: string) => new Set(readFileSync(join(dir, "buckets", `${bucket}.jsonl`), "utf8").trim().split("\n").map((l) => JSON.parse(l).id.split("-")[0]));
      expect(kinds("head")).toEqual(new Set(["clean", "edited"]));
      for (const noise of ["boilerplate", "spam", "foreign"]) expect(kinds("tail")).toContain(noise);
    },
  },
  { pattern: /npx grampack similar --k 5 test_data\/docs\.jsonl 25$/, check: ({ stdout }) => expect(stdout.split("\n")[0]).toBe("51\t1") },
];

function lines(path: string): number {
  return readFileSync(path, "utf8").split("\n").filter((l) => l !== "").length;
}

/** An `npx` that runs this package's bins from dist/ and refuses anything else. */
function npxShim(binDir: string): void {
  const bins = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).bin as Record<string, string>;
  const cases = Object.entries(bins).map(([name, file]) => `  ${name}) shift; exec "${process.execPath}" "${join(ROOT, file)}" "$@" ;;`);
  const script = ["#!/bin/sh", 'case "$1" in', ...cases, '  *) echo "npx $1: not a bin of this package" >&2; exit 127 ;;', "esac", ""].join("\n");
  mkdirSync(binDir);
  writeFileSync(join(binDir, "npx"), script);
  chmodSync(join(binDir, "npx"), 0o755);
}

describe("the README's shell examples", () => {
  const blocks = readmeBlocks();
  const used = new Set<RegExp>();
  let dir = "";
  let env: NodeJS.ProcessEnv = {};

  beforeAll(() => {
    expect(existsSync(join(ROOT, "dist", "src", "cli", "main.js")), "dist/ is built (npm test builds it)").toBe(true);
    dir = mkdtempSync(join(tmpdir(), "grampack-readme-"));
    symlinkSync(join(ROOT, "test_data"), join(dir, "test_data"));
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    npxShim(join(dir, ".bin"));
    env = { ...process.env, PATH: `${join(dir, ".bin")}:${process.env.PATH ?? ""}` };
  });

  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("has shell blocks, and its first block holds only the set-up commands", () => {
    expect(blocks.length).toBeGreaterThan(1);
    expect(blocks[0].commands.map(withoutComment)).toEqual([...SET_UP]);
  });

  for (const [i, block] of blocks.entries()) {
    if (i === 0) continue; // the set-up block, checked above
    it(`block ${i + 1} (${block.heading}) runs as written`, () => {
      for (const command of block.commands) {
        if (SET_UP.has(withoutComment(command))) continue;
        const run = spawnSync("bash", ["-o", "pipefail", "-c", command], { cwd: dir, env, encoding: "utf8", maxBuffer: 64 << 20 });
        expect(run.status, `${command}\n${run.stderr}`).toBe(0);
        for (const c of CHECKS) {
          if (!c.pattern.test(withoutComment(command))) continue;
          used.add(c.pattern);
          c.check({ stdout: run.stdout, dir });
        }
      }
    });
  }

  it("checks a result of every command it has a check for", () => {
    expect(CHECKS.filter((c) => !used.has(c.pattern)).map((c) => String(c.pattern))).toEqual([]);
  });
});
