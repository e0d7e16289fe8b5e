import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { useTempDirs } from "../helpers/temp_dir.js";
import { join } from "node:path";
import { runCli } from "../helpers/run_cli.js";
import { Random } from "../helpers/random.js";
import { naiveCounts, randomSentences, writeCountFiles } from "../helpers/ngram_corpus.js";

const tempDir = useTempDirs("file");
const corpus = naiveCounts(randomSentences(new Random(11), 400, 80), 3);
const dir = writeCountFiles(corpus, tempDir());
const work = tempDir();

describe("model commands", () => {
  it("build_trie, print_stats, lookup, test_count_model and lookup_perf_test work together", async () => {
    const model = join(work, "m.bin");
    const built = await runCli(["build_trie", "pef_trie", "3", "count", "--dir", dir, "--out", model, "--remapping", "1", "--ranks", "PSEF"]);
    expect(built.status).toBe(0);
    expect(built.out).toMatch(/pef_trie: \d+ n-grams of orders 1..3/);

    const stats = await runCli(["print_stats", model, "--json"]);
    const s = JSON.parse(stats.out);
    expect(s.grams).toBe(corpus.counts.reduce((a, m) => a + m.size, 0));
    expect(s.grams_per_order).toEqual(corpus.counts.map((m) => m.size));
    expect(s.bytes).toBe(readFileSync(model).length);
    expect(Object.keys(s.components)).toEqual(["vocabulary", "grams", "pointers", "ranks", "counts"]);

    const grams = [...corpus.counts[2].keys()].slice(0, 20);
    const queries = join(work, "q.txt");
    writeFileSync(queries, [...grams, "w0 nosuch", "nosuch"].join("\n") + "\n");
    const looked = await runCli(["lookup", model, queries]);
    expect(looked.out.split("\n").map(Number)).toEqual([...grams.map((g) => corpus.counts[2].get(g)), 0, 0]);

    expect((await runCli(["test_count_model", model, dir])).status).toBe(0);
    const perf = await runCli(["lookup_perf_test", model, queries, "3", "--json"]);
    expect(JSON.parse(perf.out)).toMatchObject({ queries: 22, runs: 3, found: 20 });
  });

  it("build_hash models answer the same counts", async () => {
    const model = join(work, "h.bin");
    expect((await runCli(["build_hash", "3", "8", "count", "--dir", dir, "--out", model])).status).toBe(0);
    expect((await runCli(["test_count_model", model, dir])).status).toBe(0);
    expect(JSON.parse((await runCli(["print_stats", model, "--json"])).out).structure).toBe("hash");
  });

  it("test_count_model exits 1 and names the first mismatch", async () => {
    const other = naiveCounts(randomSentences(new Random(12), 400, 80), 3);
    const model = join(work, "other.bin");
    await runCli(["build_trie", "ef_trie", "3", "count", "--dir", writeCountFiles(other, tempDir()), "--out", model]);
    const r = await runCli(["test_count_model", model, dir]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/mismatch: .*1-grams:\d+: ".*" has count \d+, the model returns \d+/);
  });

  it("bad arguments exit 2 with the usage; bad files exit 1 naming file and line; no partial output", async () => {
    for (const argv of [
      ["build_trie", "xx_trie", "3", "count", "--dir", dir, "--out", "x"],
      ["build_trie", "ef_trie", "three", "count", "--dir", dir, "--out", "x"],
      ["build_trie", "ef_trie", "3", "count", "--out", "x"],
      ["build_trie", "ef_trie", "3", "count", "--dir", dir, "--out", "x", "--ranks", "XX"],
      ["build_hash", "3", "5", "count", "--dir", dir, "--out", "x"],
      ["lookup_perf_test", "m", "q"],
    ]) {
      const r = await runCli(argv);
      expect(r.status, argv.join(" ")).toBe(2);
      expect(r.err).toMatch(/usage:/);
    }
    const bad = tempDir();
    writeFileSync(join(bad, "1-grams"), "2\na\t1\nb\tx\n");
    writeFileSync(join(bad, "2-grams"), "0\n");
    const out = join(bad, "model.bin");
    const r = await runCli(["build_trie", "ef_trie", "2", "count", "--dir", bad, "--out", out]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/1-grams:3: count "x" is not a positive integer/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(bad).sort()).toEqual(["1-grams", "2-grams"]);
    const notModel = await runCli(["print_stats", join(bad, "1-grams")]);
    expect(notModel.status).toBe(1);
    expect(notModel.err).toMatch(/not a grampack file/);
  });
});
