import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ArpaWriter } from "../../src/io/arpa.js";
import { estimateFromSentences } from "../../src/ngram/estimate.js";
import { randomSentences } from "../helpers/ngram_corpus.js";
import { Random } from "../helpers/random.js";
import { runCli } from "../helpers/run_cli.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs("file");
const work = tempDir();
const rnd = new Random(3);
const training = [...randomSentences(rnd, 1200, 80, 10), ...randomSentences(rnd, 200, 3000, 6)];
const arpa = join(work, "m.arpa");
const text = join(work, "text.txt");
let arpaCounts: number[] = [];
{
  const { entries } = estimateFromSentences(training, { order: 3 });
  arpaCounts = entries.map((e) => e.length);
  const writer = new ArpaWriter(arpa);
  writer.header(entries.map((e) => e.length));
  entries.forEach((order, i) => {
    writer.beginOrder(i + 1);
    for (const e of order) writer.entry(e.words, e.logProb, e.backoff);
  });
  writer.commit();
  writeFileSync(text, [...randomSentences(rnd, 50, 200), ...training.slice(0, 50)].map((s) => s.join(" ")).join("\n") + "\n");
}

async function scoreJson(model: string, ...flags: string[]) {
  const r = await runCli(["score", model, text, "--json", ...flags]);
  expect(r.status).toBe(0);
  return JSON.parse(r.out);
}

describe("score and prob_backoff builds", () => {
  it("scores an ARPA file and every exact structure alike", async () => {
    for (const wrap of [[], ["--wrap"]]) {
      const reference = await scoreJson(arpa, ...wrap);
      expect(reference).toMatchObject({ corpus_sentences: 100 });
      expect(Object.keys(reference)).toEqual(["perplexity_including_oovs", "perplexity_excluding_oovs", "oovs", "corpus_tokens", "corpus_sentences", "documents", "total_log10_prob", "elapsed_s"]);
      for (const build of [
        ["build_trie", "ef_trie", "3", "prob_backoff"],
        ["build_trie", "pef_trie", "3", "prob_backoff", "--remapping", "2"],
        ["build_hash", "3", "8", "prob_backoff"],
      ]) {
        const model = join(work, `${build[1]}.bin`);
        const built = await runCli([...build, "--arpa", arpa, "--out", model, "--p", "0", "--b", "0"]);
        expect(built.status).toBe(0);
        expect(built.out).toMatch(/prob_backoff: \d+ n-grams of orders 1..3/);
        const r = await scoreJson(model, ...wrap);
        expect({ ...r, elapsed_s: 0 }).toEqual({ ...reference, elapsed_s: 0 });
        // print_stats reads probability models too: their n-grams are the ARPA file's.
        const stats = JSON.parse((await runCli(["print_stats", model, "--json"])).out);
        expect(stats).toMatchObject({ values: "prob_backoff", order: 3 });
        expect(stats.grams_per_order).toEqual(arpaCounts);
        expect(stats.bytes).toBe(statSync(model).size);
      }
    }
  });

  it("prints Tongrams' lines; quantized models come close; --u changes OOV scores", async () => {
    const model = join(work, "q.bin");
    expect((await runCli(["build_trie", "ef_trie", "3", "prob_backoff", "--arpa", arpa, "--out", model, "--u", "-20"])).status).toBe(0);
    const r = await runCli(["score", model, text]);
    expect(r.out).toMatch(/^perplexity including OOVs = [\d.]+\nperplexity excluding OOVs = [\d.]+\nOOVs = \d+\ncorpus tokens = \d+\ncorpus sentences = 100\nelapsed time: [\d.e-]+ seconds$/);
    const exact = await scoreJson(arpa);
    const quantized = await scoreJson(model);
    expect(quantized.oovs).toBeGreaterThan(0);
    expect(quantized.perplexity_including_oovs).toBeGreaterThan(exact.perplexity_including_oovs);
    expect(Math.abs(quantized.perplexity_excluding_oovs / exact.perplexity_excluding_oovs - 1)).toBeLessThan(0.01);
  });

  it("refuses bad arguments with the usage and leaves no output", async () => {
    const out = join(work, "bad.bin");
    for (const argv of [
      ["build_trie", "ef_trie", "3", "prob_backoff", "--out", out],
      ["build_trie", "ef_trie", "4", "prob_backoff", "--arpa", arpa, "--out", out],
      ["build_trie", "ef_trie", "3", "prob_backoff", "--arpa", arpa, "--out", out, "--p", "17"],
      ["build_hash", "3", "8", "prob_backoff", "--arpa", arpa, "--out", out, "--u", "x"],
      ["build_trie", "ef_trie", "3", "count", "--dir", work, "--out", out, "--p", "4"],
      ["score", arpa],
    ]) {
      const r = await runCli(argv);
      expect(r.status).toBe(2);
      expect(existsSync(out)).toBe(false);
    }
  });
});
