/**
 * The C/C++ reference systems, built by ../shared/tools/anchors.sh into ANCHORS_DIR (default: anchors/ beside
 * the checkout), run in the same process run as our figures; and another build of grampack (BASELINE_DIR,
 * a checkout whose dist/ is built) for before/after comparisons. A missing binary or model is reported as
 * "not built", never replaced by a figure from elsewhere.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./common.js";

export const ANCHORS_DIR = process.env.ANCHORS_DIR ?? join(ROOT, "..", "anchors");

/** Path of an anchors output, or undefined when that stage was not built. */
export function anchor(...parts: string[]): string | undefined {
  const path = join(ANCHORS_DIR, ...parts);
  return existsSync(path) ? path : undefined;
}

/** What to print for a figure whose binary or model is missing. */
export function notBuilt(stage: string): string {
  return `not built (anchors.sh ${stage})`;
}

/** Tongrams' lookup_perf_test: mean microseconds per query, after loading, over `runs` passes. */
export function tongramsLookupMicros(model: string, queries: string, runs: number): number | undefined {
  const binary = anchor("tongrams", "src", "build", "lookup_perf_test");
  if (binary === undefined) return undefined;
  const out = execFileSync(binary, [model, queries, String(runs)], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const match = /Mean per query: ([\d.e+-]+)/.exec(out);
  return match ? Number(match[1]) : undefined;
}

/** Tongrams' score: seconds spent scoring `text` after loading (its "elapsed time"), and the tokens. */
export function tongramsScoreSeconds(model: string, text: string): { seconds: number; tokens: number } | undefined {
  const binary = anchor("tongrams", "src", "build", "score");
  if (binary === undefined) return undefined;
  const out = execFileSync(binary, [model, text], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const seconds = /elapsed time: ([\d.e+-]+)/.exec(out);
  const tokens = /corpus tokens = (\d+)/.exec(out);
  return seconds && tokens ? { seconds: Number(seconds[1]), tokens: Number(tokens[1]) } : undefined;
}

/** KenLM's query -v summary: the user + system CPU seconds it reports for the whole run (loading included). */
export function kenlmQueryCpuSeconds(binaryModel: string, text: string, wrap: boolean): number | undefined {
  const binary = anchor("kenlm", "src", "build", "bin", "query");
  if (binary === undefined) return undefined;
  const args = wrap ? ["-v", "summary", binaryModel] : ["-n", "-v", "summary", binaryModel];
  const run = spawnSync(binary, args, { input: readFileSync(text), encoding: "utf8" });
  const match = /CPU:([\d.e+-]+)/.exec(`${run.stdout}${run.stderr}`);
  return match ? Number(match[1]) : undefined;
}

/** KenLM's build_binary into `out` (probing or trie), or undefined when KenLM is not built. */
export function kenlmBinary(kind: "probing" | "trie", arpa: string, out: string): string | undefined {
  const binary = anchor("kenlm", "src", "build", "bin", "build_binary");
  if (binary === undefined) return undefined;
  execFileSync(binary, [kind, arpa, out], { stdio: "ignore" });
  return out;
}

/** The modules of the build at BASELINE_DIR (its dist/src and dist/bench), or undefined. */
export async function baselineModule<T>(path: string): Promise<T | undefined> {
  const dir = process.env.BASELINE_DIR;
  if (dir === undefined) return undefined;
  return (await import(pathToFileURL(join(dir, "dist", path)).href)) as T;
}
