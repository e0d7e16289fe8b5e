/*
 * Fuzzes the loaders of every kind of grampack file: seeded mutations of sections, table of contents, names
 * and header, the CRC-32 recomputed, each file loaded and queried on a worker thread. A file must be
 * refused with a FormatError or answer without any other error; a query that does not return in time is a
 * hang, an allocation larger than the file a failure.
 *
 *   npm run fuzz -- [--seed S] [--mutations N] [--kind "cooc"]…
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { SAMPLE_KINDS, type SampleKind } from "./fuzz_samples.js";
import type { FuzzJob, FuzzMessage, Outcome } from "./fuzz_worker.js";
import type { Edit } from "./fuzz_mutations.js";

/** A mutated file whose load or queries take longer than this has hung. */
const HANG_MS = 10_000;
/** Building a sample before the first mutation. */
const BUILD_MS = 180_000;

export interface FuzzOptions {
  seed: number;
  mutations: number;
  kinds?: readonly SampleKind[];
  /** test_data (default: the package's own). */
  dataDir?: string;
  /** Refused files with section mutations to hand back per kind. */
  keepRefused?: number;
  /** Given edits (one file each) instead of `mutations` random ones. */
  edits?: Edit[][];
}

export interface KindReport {
  kind: SampleKind;
  counts: Record<Outcome | "hang", number>;
  /** Refusals at load of files whose sections' values were changed (the layout left whole)… */
  sectionRefusals: number;
  /** …and how many of them named a section. */
  namedSection: number;
  failures: { what: string; detail: string }[];
  /** Files refused at load after section mutations (up to keepRefused). */
  refused: Uint8Array[];
  /** The file before mutations. */
  original?: Uint8Array;
  /** What each mutated file came to, in order. */
  outcomes: { what: string; outcome: Outcome; detail: string }[];
}

const PACKAGE_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return dir;
})();

export async function fuzzModels(options: FuzzOptions): Promise<KindReport[]> {
  const reports: KindReport[] = [];
  for (const kind of options.kinds ?? SAMPLE_KINDS) {
    const job: FuzzJob = {
      kind,
      seed: options.seed,
      mutations: options.mutations,
      dataDir: options.dataDir ?? join(PACKAGE_ROOT, "test_data"),
      keepRefused: options.keepRefused ?? 0,
      edits: options.edits,
    };
    reports.push(await fuzzKind(job));
  }
  return reports;
}

/** Runs one kind's worker, watching for hangs; a hang ends the kind (its worker is stopped). */
function fuzzKind(job: FuzzJob): Promise<KindReport> {
  const report: KindReport = {
    kind: job.kind,
    counts: { refused: 0, "refused by verify": 0, "refused at query": 0, same: 0, different: 0, failed: 0, hang: 0 },
    sectionRefusals: 0,
    namedSection: 0,
    failures: [],
    refused: [],
    outcomes: [],
  };
  const worker = new Worker(join(PACKAGE_ROOT, "dist", "scripts", "fuzz_worker.js"), {
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  return new Promise((done, fail) => {
    let what = "building the sample";
    let timer = setTimeout(hang, BUILD_MS);
    function hang(): void {
      report.counts.hang++;
      report.failures.push({ what, detail: `no answer in ${HANG_MS / 1000} s` });
      void worker.terminate();
    }
    worker.on("message", (m: FuzzMessage) => {
      clearTimeout(timer);
      timer = setTimeout(hang, HANG_MS);
      if (m.type === "start") what = m.what;
      if (m.type === "ready") report.original = m.original;
      if (m.type !== "done") return;
      report.counts[m.outcome]++;
      report.outcomes.push({ what, outcome: m.outcome, detail: m.detail });
      if (m.outcome === "refused" && m.inSections) {
        report.sectionRefusals++;
        if (m.namedSection) report.namedSection++;
      }
      if (m.outcome === "failed") report.failures.push({ what, detail: m.detail });
      if (m.bytes) report.refused.push(m.bytes);
    });
    worker.on("error", (e) => {
      report.failures.push({ what, detail: `the worker died: ${e.message}` });
      report.counts.failed++;
    });
    worker.on("exit", () => {
      clearTimeout(timer);
      done(report);
    });
    worker.on("messageerror", fail);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seed: { type: "string" }, mutations: { type: "string" }, kind: { type: "string", multiple: true } },
  });
  const seed = Number(values.seed ?? Date.now() % 1_000_000_007);
  const kinds = values.kind?.map((k) => {
    if (!(SAMPLE_KINDS as readonly string[]).includes(k)) throw new Error(`unknown kind "${k}"; one of: ${SAMPLE_KINDS.join(", ")}`);
    return k as SampleKind;
  });
  const reports = await fuzzModels({ seed, mutations: Number(values.mutations ?? 200), kinds });
  console.log(`seed ${seed}`);
  console.log("| kind | refused at load | refused by verify | refused at query | same answers | different answers | failed | hang |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of reports) {
    const c = r.counts;
    console.log(`| ${r.kind} | ${c.refused} | ${c["refused by verify"]} | ${c["refused at query"]} | ${c.same} | ${c.different} | ${c.failed} | ${c.hang} |`);
  }
  const failures = reports.flatMap((r) => r.failures.map((f) => `${r.kind}: ${f.what}\n  ${f.detail}`));
  if (failures.length > 0) {
    console.error(failures.join("\n"));
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
