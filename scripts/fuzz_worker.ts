/**
 * One kind of file fuzzed on a worker thread (started by fuzz_models.ts): builds the sample, then for each
 * seeded mutation reports "start" before loading it and what happened after, so that the main thread can
 * tell a hang (no report in time) from a slow file.
 */
import { allocationLimit } from "./fuzz_allocation_guard.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { FormatError } from "../src/container/container.js";
import { SeededRandom } from "../src/embed/seeded_random.js";
import { buildSample, type Sample, type SampleKind } from "./fuzz_samples.js";
import { edited, mutate, type Edit } from "./fuzz_mutations.js";

export interface FuzzJob {
  kind: SampleKind;
  seed: number;
  mutations: number;
  dataDir: string;
  /** How many refused files with section mutations to hand back (for a check of `grampack check`). */
  keepRefused: number;
  /** Given edits, each one file, instead of random mutations. */
  edits?: Edit[][];
}

/** What loading and querying one mutated file came to. */
export type Outcome = "refused" | "refused by verify" | "refused at query" | "same" | "different" | "failed";

export type FuzzMessage =
  | { type: "ready"; original: Uint8Array }
  | { type: "start"; index: number; what: string }
  | { type: "done"; index: number; outcome: Outcome; detail: string; namedSection: boolean; inSections: boolean; bytes?: Uint8Array };

const job = workerData as FuzzJob;
const port = parentPort!;
const work = mkdtempSync(join(tmpdir(), "grampack-fuzz-"));
try {
  const sample = await buildSample(job.kind, job.dataDir, work);
  const expected = sample.answers(sample.bytes, true);
  port.postMessage({ type: "ready", original: sample.bytes } satisfies FuzzMessage);
  const rnd = new SeededRandom(job.seed);
  let kept = 0;
  const count = job.edits?.length ?? job.mutations;
  for (let index = 0; index < count; index++) {
    const m = job.edits ? edited(sample.bytes, job.edits[index]) : mutate(sample.bytes, rnd);
    port.postMessage({ type: "start", index, what: m.what } satisfies FuzzMessage);
    allocationLimit.bytes = m.bytes.length;
    const result = run(sample, m.bytes, expected);
    allocationLimit.bytes = Infinity;
    const keep = result.outcome === "refused" && m.inSections && kept < job.keepRefused;
    if (keep) kept++;
    port.postMessage({ type: "done", index, ...result, inSections: m.inSections, bytes: keep ? m.bytes : undefined } satisfies FuzzMessage);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

function run(sample: Sample, bytes: Uint8Array, expected: string): { outcome: Outcome; detail: string; namedSection: boolean } {
  // Loaded with the checks of every load, then with the payload walk of `verify`: a file either is refused
  // with a FormatError or answers without any other error, in both cases.
  let answers: string;
  try {
    answers = sample.answers(bytes, false);
  } catch (e) {
    return classify(e, "refused");
  }
  try {
    sample.answers(bytes, true);
  } catch (e) {
    return classify(e, "refused by verify");
  }
  return { outcome: answers === expected ? "same" : "different", detail: "", namedSection: false };
}

function classify(e: unknown, refusal: Outcome): { outcome: Outcome; detail: string; namedSection: boolean } {
  if (e instanceof FormatError) return { outcome: refusal, detail: e.message, namedSection: e.section !== undefined };
  const err = e as Error;
  // A query may refuse what a model lacks (no <s> to wrap sentences with) with a plain Error of its own.
  if (err.constructor === Error) return { outcome: "refused at query", detail: err.message, namedSection: false };
  return { outcome: "failed", detail: `${err.name}: ${err.message}\n${err.stack ?? ""}`, namedSection: false };
}
