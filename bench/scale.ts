/**
 * npm run bench:scale — the whole Brown corpus, counted (orders 1–5) and stored in every structure: build
 * time, peak memory of the build, bytes per gram and µs per lookup. One JSON line per step.
 *
 * Each model is built in a child process of its own, so that its peak resident memory is its own.
 * Usage: node dist/bench/scale.js [WORKDIR]   (default: a temporary directory, removed at the end)
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { brownSentences } from "./brown.js";
import { countNgrams } from "../src/ngram/counter.js";
import { findCountFiles, forEachCountRow } from "../src/io/google_counts.js";
import { loadFile } from "../src/ngram/load_file.js";
import { main as cli } from "../src/cli/main.js";
import { emit, median, peakRssMb, round } from "./common.js";

const ORDER = 5;
const QUERIES_PER_ORDER = 2000;
const STRUCTURES = [
  ["build_trie", "ef_trie", "5", "count", "--remapping", "0", "--ranks", "IC"],
  ["build_trie", "ef_trie", "5", "count", "--remapping", "1", "--ranks", "IC"],
  ["build_trie", "ef_trie", "5", "count", "--remapping", "2", "--ranks", "PSPEF"],
  ["build_trie", "pef_trie", "5", "count", "--remapping", "0", "--ranks", "IC"],
  ["build_trie", "pef_trie", "5", "count", "--remapping", "2", "--ranks", "PSPEF"],
  ["build_hash", "5", "8", "count"],
  ["build_hash", "5", "4", "count"],
];

/** A deterministic sample of stored n-grams of every order, shuffled. */
async function sampleQueries(dir: string): Promise<string[]> {
  const queries: string[] = [];
  let state = 12345;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  for (const file of findCountFiles(dir, ORDER)) {
    const rows: string[] = [];
    await forEachCountRow(file, (gram) => void rows.push(gram));
    for (let i = 0; i < QUERIES_PER_ORDER; i++) queries.push(rows[Math.floor(next() * rows.length)]);
  }
  for (let i = queries.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [queries[i], queries[j]] = [queries[j], queries[i]];
  }
  return queries;
}

/** In the child: build one model with the CLI, report build time and peak memory. */
async function buildOne(args: string[]): Promise<void> {
  // Node with the library loaded, before any input is read: what every build pays regardless of its size.
  const baselineMb = peakRssMb();
  const started = performance.now();
  const log = console.log;
  console.log = () => {};
  const status = await cli(args);
  console.log = log;
  if (status !== 0) throw new Error(`${args.join(" ")} exited with ${status}`);
  emit({ build_s: (performance.now() - started) / 1000, peak_rss_mb: peakRssMb(), baseline_rss_mb: baselineMb });
}

function lookupMicros(path: string, queries: string[]): { us: number; found: number } {
  const model = loadFile(path);
  let found = 0;
  for (const q of queries) if (model.lookup(q) > 0) found++;
  const runs: number[] = [];
  for (let r = 0; r < 20; r++) {
    const t = performance.now();
    for (let i = 0; i < queries.length; i++) model.lookup(queries[i]);
    runs.push(((performance.now() - t) * 1000) / queries.length);
  }
  return { us: median(runs), found };
}

async function main(): Promise<void> {
  const work = process.argv[2] ?? mkdtempSync(join(tmpdir(), "grampack-scale-"));
  try {
    const text = join(work, "brown.txt");
    writeFileSync(text, brownSentences().map((s) => s.join(" ")).join("\n") + "\n");
    const counts = join(work, "counts");
    const t = performance.now();
    const summary = await countNgrams([text], { order: ORDER, outDir: counts });
    const grams = summary.grams.reduce((a, b) => a + b, 0);
    emit({ step: "count", input_mb: round(statSync(text).size / 2 ** 20, 2), tokens: summary.tokens, grams, grams_per_order: summary.grams, seconds: round((performance.now() - t) / 1000, 2) });
    const queries = await sampleQueries(counts);
    for (const args of STRUCTURES) {
      const out = join(work, "model.bin");
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--build", ...args, "--dir", counts, "--out", out], { encoding: "utf8" });
      if (child.status !== 0) throw new Error(child.stderr);
      const built = JSON.parse(child.stdout.trim().split("\n").pop()!);
      const bytes = statSync(out).size;
      const { us, found } = lookupMicros(out, queries);
      emit({
        structure: args[0] === "build_trie" ? `${args[1]} r${args[5]} ${args[7]}` : `hash ${args[2]}`,
        grams,
        build_s: round(built.build_s, 2),
        peak_rss_mb: round(built.peak_rss_mb, 1),
        baseline_rss_mb: round(built.baseline_rss_mb, 1),
        model_mb: round(bytes / 2 ** 20, 2),
        // What the build itself adds to the Node process, in multiples of the model it writes.
        build_memory_per_model_byte: round((built.peak_rss_mb - built.baseline_rss_mb) / (bytes / 2 ** 20), 2),
        bytes_per_gram: round(bytes / grams),
        us_per_lookup: round(us, 3),
        queries: queries.length,
        found,
      });
    }
  } finally {
    if (process.argv[2] === undefined) rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--build") await buildOne(process.argv.slice(3));
else await main();
