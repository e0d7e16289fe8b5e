/**
 * npm run bench:estimate — CPU time and peak memory of `estimate` (order 5) beside KenLM's lmplz (`-o 5 -S`
 * at the same memory, built by ../shared/tools/anchors.sh into ANCHORS_DIR), in the same run, rounds
 * alternating, on Tongrams' sample_text, the first 3 MB of the Brown corpus and the whole of it; with
 * BASELINE_DIR (a checkout whose dist/ is built) the estimate of that build too, whose ARPA files must be
 * byte for byte ours. One JSON line per input: medians of the rounds, and the ratios to lmplz.
 *
 * Every estimation runs in a child process of its own, so that its CPU time (process start included) and
 * its peak resident memory are its own. lmplz's figures are those it prints when it ends (getrusage: its
 * peak is at least this process's, which is far smaller).
 * Usage: node dist/bench/estimate.js [--rounds N] [--memory 1G]
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";
import { anchor, notBuilt } from "./anchors.js";
import { brownSentences } from "./brown.js";
import { REFERENCE, emit, median, peakRssMb, round } from "./common.js";
import { memoryArg } from "../src/cli/memory_arg.js";

const ORDER = 5;
/** The first this many bytes (whole lines) of Brown: the "3 MB of English prose". */
const BROWN_PART_BYTES = 3_000_000;

interface Figures {
  cpu_s: number;
  peak_rss_mb: number;
}

/** In the child: one estimation with the `estimate` of the module at `url`, then its figures. */
async function estimateOne(url: string, input: string, arpa: string, memoryBytes: number): Promise<void> {
  const { estimate } = (await import(url)) as typeof import("../src/ngram/estimate.js");
  const summary = await estimate([input], { order: ORDER, arpa, memoryBytes });
  const cpu = process.cpuUsage();
  emit({ ngrams: summary.counts.reduce((a, b) => a + b, 0), cpu_s: (cpu.user + cpu.system) / 1e6, peak_rss_mb: peakRssMb() });
}

function ours(url: string, input: string, arpa: string, memoryBytes: number): Figures & { ngrams: number } {
  const args = [fileURLToPath(import.meta.url), "--child", url, input, arpa, String(memoryBytes)];
  const child = spawnSync(process.execPath, args, { encoding: "utf8" });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout.trim().split("\n").pop()!);
}

/** lmplz -o 5 -S MEMORY on `input`, from its own report ("RSSMax:… kB user:… sys:…"). */
function lmplz(binary: string, input: string, arpa: string, memory: string, tempDir: string): Figures {
  const fd = openSync(input, "r");
  try {
    const run = spawnSync(binary, ["-o", String(ORDER), "-S", memory, "-T", tempDir, "--arpa", arpa], { stdio: [fd, "ignore", "pipe"], encoding: "utf8" });
    const report = /RSSMax:(\d+) kB\s+user:([\d.]+)\s+sys:([\d.]+)/.exec(run.stderr ?? "");
    if (run.status !== 0 || report === null) throw new Error(`lmplz failed: ${run.stderr}`);
    return { cpu_s: Number(report[2]) + Number(report[3]), peak_rss_mb: Number(report[1]) / 1024 };
  } finally {
    closeSync(fd);
  }
}

function medians(runs: Figures[]): Figures {
  return { cpu_s: round(median(runs.map((r) => r.cpu_s)), 3), peak_rss_mb: round(median(runs.map((r) => r.peak_rss_mb)), 1) };
}

/** The inputs: sample_text when the reference data is there, and Brown (a part, and all of it). */
function inputs(work: string): { name: string; path: string }[] {
  const list: { name: string; path: string }[] = [];
  const sample = join(REFERENCE, "tongrams-test-data", "sample_text");
  if (existsSync(sample)) list.push({ name: "sample_text", path: sample });
  else console.error(`bench:estimate: ${sample} not found (the reference data sits beside the checkout); skipped`);
  const brown = Buffer.from(brownSentences().map((s) => `${s.join(" ")}\n`).join(""));
  const part = brown.subarray(0, brown.indexOf(10, BROWN_PART_BYTES) + 1);
  for (const [name, bytes] of [
    [`brown, first ${round(part.length / 1e6, 3)} MB`, part],
    [`brown, all ${round(brown.length / 1e6, 3)} MB`, brown],
  ] as const) {
    const path = join(work, `${list.length}.txt`);
    writeFileSync(path, bytes);
    list.push({ name, path });
  }
  return list;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: "string" }, memory: { type: "string" } } });
  const rounds = Number(values.rounds ?? 3);
  const memory = values.memory ?? "1G";
  const memoryBytes = memoryArg(memory, "--memory", 0);
  const binary = anchor("kenlm", "src", "build", "bin", "lmplz");
  const baseline = process.env.BASELINE_DIR && pathToFileURL(join(process.env.BASELINE_DIR, "dist", "src", "ngram", "estimate.js")).href;
  const ourUrl = new URL("../src/ngram/estimate.js", import.meta.url).href;
  const work = mkdtempSync(join(tmpdir(), "grampack-bench-estimate-"));
  try {
    for (const input of inputs(work)) {
      const runs: Record<"ours" | "lmplz" | "baseline", Figures[]> = { ours: [], lmplz: [], baseline: [] };
      let ngrams = 0;
      let identical = true;
      for (let r = 0; r < rounds; r++) {
        const arpa = join(work, "ours.arpa");
        const o = ours(ourUrl, input.path, arpa, memoryBytes);
        ngrams = o.ngrams;
        runs.ours.push(o);
        if (binary) runs.lmplz.push(lmplz(binary, input.path, join(work, "lmplz.arpa"), memory, work));
        if (baseline) {
          const before = join(work, "baseline.arpa");
          runs.baseline.push(ours(baseline, input.path, before, memoryBytes));
          identical &&= readFileSync(before).equals(readFileSync(arpa));
        }
      }
      const figures = medians(runs.ours);
      const theirs = binary ? medians(runs.lmplz) : undefined;
      const before = baseline ? medians(runs.baseline) : undefined;
      emit({
        input: input.name,
        order: ORDER,
        memory,
        rounds,
        ngrams,
        ...figures,
        lmplz: theirs ?? notBuilt("kenlm"),
        cpu_vs_lmplz: theirs && round(figures.cpu_s / theirs.cpu_s, 3),
        rss_vs_lmplz: theirs && round(figures.peak_rss_mb / theirs.peak_rss_mb, 3),
        ...(before && { baseline: before, cpu_vs_baseline: round(figures.cpu_s / before.cpu_s, 3), arpa_identical_to_baseline: identical }),
      });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await estimateOne(process.argv[3], process.argv[4], process.argv[5], Number(process.argv[6]));
else await main();
