/**
 * npm run bench:estimate — time and peak memory of `estimate` (order 5, as lmplz -o 5) on Tongrams'
 * sample_text and on the whole Brown corpus, beside KenLM's lmplz on this machine class (reference
 * README). One JSON line per input.
 *
 * Each estimation runs in a child process of its own, so that its peak resident memory is its own.
 * Usage: node dist/bench/estimate.js
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { brownSentences } from "./brown.js";
import { estimate } from "../src/ngram/estimate.js";
import { REFERENCE, emit, peakRssMb, round } from "./common.js";

const ORDER = 5;
/** lmplz -o 5 -S 100M: on sample_text, and on 37.7 MB of English prose (reference README). */
const LMPLZ_SAMPLE = { lmplz_seconds: 0.45, lmplz_peak_rss_mb: 47 };
const LMPLZ_PROSE_SECONDS_PER_MB = 21 / 37.7;
const LMPLZ_PROSE_PEAK_RSS_MB = 0.9 * 1024;

/** In the child: one estimation, reported with its time and the process's peak memory. */
async function estimateOne(input: string, arpa: string): Promise<void> {
  const started = performance.now();
  const summary = await estimate([input], { order: ORDER, arpa });
  emit({
    tokens: summary.tokens,
    ngrams: summary.counts.reduce((a, b) => a + b, 0),
    seconds: (performance.now() - started) / 1000,
    peak_rss_mb: peakRssMb(),
  });
}

function runChild(input: string, arpa: string): { tokens: number; ngrams: number; seconds: number; peak_rss_mb: number } {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", input, arpa], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout.trim().split("\n").pop()!);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "grampack-bench-estimate-"));
  try {
    const sample = join(REFERENCE, "tongrams-test-data", "sample_text");
    if (existsSync(sample)) {
      const r = runChild(sample, join(work, "sample.arpa"));
      emit({ input: "sample_text", order: ORDER, ...r, seconds: round(r.seconds), peak_rss_mb: round(r.peak_rss_mb, 1), ...LMPLZ_SAMPLE });
    } else {
      console.error(`bench:estimate: ${sample} not found (the reference data sits beside the checkout); skipped`);
    }
    const brown = join(work, "brown.txt");
    writeFileSync(brown, brownSentences().map((s) => `${s.join(" ")}\n`).join(""));
    const megabytes = statSync(brown).size / 1e6;
    const r = runChild(brown, join(work, "brown.arpa"));
    emit({
      input: `brown (${round(megabytes, 3)} MB)`,
      order: ORDER,
      ...r,
      seconds: round(r.seconds),
      peak_rss_mb: round(r.peak_rss_mb, 1),
      lmplz_seconds: round(LMPLZ_PROSE_SECONDS_PER_MB * megabytes, 3),
      lmplz_peak_rss_mb: LMPLZ_PROSE_PEAK_RSS_MB,
      lmplz_note: "lmplz seconds scaled from 21 s for 37.7 MB of English prose; its memory there was 0.9 GiB",
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await estimateOne(process.argv[3], process.argv[4]);
else await main();
