import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../helpers/run_cli.js";
import { useTempDirs } from "../helpers/temp_dir.js";
import { HfTokenizer } from "../../src/text/hf_tokenizer.js";
import { QWEN3 } from "./qwen3.js";

const tempDir = useTempDirs();

describe("grampack cooc", () => {
  it("builds from pre-tokenized JSONL and answers stats, neighbors, top, met and common", async () => {
    const dir = tempDir();
    const input = join(dir, "ids.jsonl");
    writeFileSync(input, ['{"ids": [1, 2, 3, 1]}', '{"ids": [3, 4]}', "{broken", '{"ids": [2, 5, 2, 3]}'].join("\n"));
    const out = join(dir, "c.cooc");
    const built = await runCli(["cooc", "build", "--weighted", "--context-length", "3", "--out", out, input]);
    expect(built.status).toBe(0);
    expect(built.err).toMatch(/ids\.jsonl:3: invalid JSON/);
    expect(built.out).toMatch(/1 malformed lines skipped/);
    // Windows: [1 2 3] [1] | [3 4] | [2 5 2] [3]
    const stats = JSON.parse((await runCli(["cooc", "stats", out, "--json"])).out);
    expect(stats).toMatchObject({ tokens: 5, distinct_pairs: 5, directed_entries: 10, max_degree: 3 });
    expect(stats.degree_histogram).toEqual([
      { min: 1, max: 1, tokens: 2 },
      { min: 2, max: 3, tokens: 3 },
    ]);
    const neighbors = JSON.parse((await runCli(["cooc", "neighbors", out, "2", "--json"])).out);
    expect(neighbors.token).toBe(2);
    expect(neighbors.neighbors.map((n: { id: number; count: number }) => [n.id, n.count])).toEqual([[1, 1], [3, 1], [5, 1]]);
    expect(JSON.parse((await runCli(["cooc", "met", out, "3", "4", "--json"])).out)).toEqual({ met: true, count: 1 });
    expect(JSON.parse((await runCli(["cooc", "met", out, "4", "5", "--json"])).out)).toEqual({ met: false, count: 0 });
    expect(JSON.parse((await runCli(["cooc", "common", out, "1", "3", "--json"])).out).common.map((c: { id: number }) => c.id)).toEqual([2]);
    expect(JSON.parse((await runCli(["cooc", "top", out, "1", "--json"])).out).top[0]).toMatchObject({ id: 2, degree: 3 });
    expect((await runCli(["cooc", "neighbors", out, "x"])).status).toBe(2);
    expect((await runCli(["cooc", "build", "--out", out, input, "--strict"])).err).toMatch(/ids\.jsonl:3/);
  });

  it("refuses a file with no JSON document in it instead of writing an empty model", async () => {
    const dir = tempDir();
    const input = join(dir, "plain.txt");
    writeFileSync(input, "the cat sat\n\non the mat\n");
    const out = join(dir, "p.cooc");
    const r = await runCli(["cooc", "build", "--tokenizer", QWEN3, "--out", out, input]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/plain\.txt: none of its 2 non-blank lines is a JSON document with text or ids: expected JSONL/);
    expect(existsSync(out)).toBe(false);
  });

  it("tokenizes text, takes tokens as text and exports a TSV", async () => {
    const dir = tempDir();
    const input = join(dir, "text.jsonl");
    writeFileSync(input, ['{"text": "the cat sat on the mat"}', '{"content": "the dog"}'].join("\n"));
    const out = join(dir, "t.cooc");
    expect((await runCli(["cooc", "build", "--tokenizer", QWEN3, "--out", out, input])).status).toBe(0);
    const met = await runCli(["cooc", "met", out, "the", " cat", "--text", "--json"]);
    expect(JSON.parse(met.out)).toEqual({ met: true, count: 1 });
    const tokenizer = HfTokenizer.load(QWEN3);
    const neighbors = JSON.parse((await runCli(["cooc", "neighbors", out, " dog", "--text", "--json"])).out);
    expect(neighbors.neighbors).toEqual([{ id: tokenizer.ids("the")[0], text: "the", count: 1 }]);
    const tsv = join(dir, "t.tsv");
    expect((await runCli(["cooc", "export", out, "--tsv", tsv])).status).toBe(0);
    const rows = readFileSync(tsv, "utf8").trim().split("\n");
    expect(rows[0]).toBe("token_id\ttoken_text\tcooccurring_count\texample_cooccurring_tokens");
    expect(rows).toHaveLength(1 + 7); // the, cat, sat, on, the (after a space), mat, dog
    expect(rows.find((r) => r.split("\t")[1] === " dog")).toBe(`${tokenizer.ids(" dog")[0]}\t dog\t1\tthe`);
  });
});
