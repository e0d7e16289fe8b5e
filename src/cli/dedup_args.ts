import { intArg, UsageError } from "./command.js";
import type { Progress } from "./progress.js";
import type { DedupUnit } from "../dedup/dedup_corpus.js";
import type { DocumentFormat } from "../io/jsonl.js";

/** Options shared by sa build, dedup and simhash. */

export function unitArg(value: string | undefined): DedupUnit {
  if (value === undefined || value === "bytes" || value === "tokens") return value ?? "bytes";
  throw new UsageError(`--unit must be bytes or tokens, got "${value}"`);
}

export function formatArg(value: string | undefined): DocumentFormat | undefined {
  if (value === undefined || value === "text" || value === "jsonl") return value;
  throw new UsageError(`--format must be text or jsonl, got "${value}"`);
}

/**
 * Threads tokenizing (--threads), by default 1: each worker thread loads its own copy of the tokenizer
 * (memory and start-up time), which pays off only on large corpora and idle processors.
 */
export function threadsArg(value: string | undefined): number {
  const threads = intArg(value, "--threads", 1);
  if (threads < 1) throw new UsageError(`--threads must be at least 1, got ${threads}`);
  return threads;
}

/** A progress callback of the dedup library calls, shown on the terminal: "stage 42%". */
export function stageProgress(progress: Progress): (stage: string, done: number, total: number) => void {
  return (stage, done, total) => progress.update(total > 0 ? `${stage} ${Math.floor((100 * done) / total)}%` : stage);
}
