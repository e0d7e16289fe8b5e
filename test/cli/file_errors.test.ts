import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run_cli.js";
import { useTempDirs } from "../helpers/temp_dir.js";
import { tinyModelAndText } from "../helpers/tiny_model.js";

const tempDir = useTempDirs();


/**
 * A failed command: status 1, one line naming `path` and saying `what`, and none of Node's raw messages
 * nor a temporary name.
 */
async function expectRefused(argv: string[], path: string, what: string): Promise<void> {
  const r = await runCli(argv);
  expect(r.status, r.err).toBe(1);
  expect(r.err.split("\n")).toHaveLength(1);
  expect(r.err).toContain(`${path}: ${what}`);
  expect(r.err).not.toMatch(/EISDIR|EEXIST|ENOENT|illegal operation|\.tmp\b/);
}

describe("file-system errors name the path given and what was expected", () => {
  it("a directory given as a model or as a text", async () => {
    const dir = tempDir();
    const { arpa } = tinyModelAndText(dir);
    await expectRefused(["lookup", dir], dir, "is a directory, expected a model file");
    await expectRefused(["score", dir, arpa], dir, "is a directory, expected a model file");
    // A directory of inputs gives its corpus files: one without any is refused.
    const empty = join(dir, "empty");
    mkdirSync(empty);
    await expectRefused(["score", arpa, empty], empty, "no .jsonl, .json or .txt file (plain or .gz) in this directory");
    await expectRefused(["count", "--order", "2", "--out", join(dir, "c"), empty], empty, "no .jsonl, .json or .txt file (plain or .gz) in this directory");
  });

  it("an output that is a directory, or in a folder that does not exist", async () => {
    const dir = tempDir();
    const { arpa, text } = tinyModelAndText(dir);
    const target = join(dir, "target");
    mkdirSync(target);
    await expectRefused(["build_trie", "ef_trie", "2", "prob_backoff", "--arpa", arpa, "--out", target], target, "is a directory");
    await expectRefused(["build_hash", "2", "4", "prob_backoff", "--arpa", arpa, "--out", target], target, "is a directory");
    const missing = join(dir, "nonexistent");
    await expectRefused(["build_trie", "ef_trie", "2", "prob_backoff", "--arpa", arpa, "--out", join(missing, "m.bin")], missing, "no such directory");
    await expectRefused(["estimate", "--order", "2", "--arpa", target, text], target, "is a directory");
    expect(readdirSync(dir).sort()).toEqual(["m.arpa", "t.txt", "target"]);
    expect(readdirSync(target)).toEqual([]);
  });
});
