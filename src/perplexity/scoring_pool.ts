import { Worker } from "node:worker_threads";
import type { Heap, HeapArea } from "../bits/heap.js";
import { InputError } from "../io/errors.js";
import type { ScoringHandle } from "../ngram/sentence_scorer.js";
import type { DocumentScoring } from "./document_scorer.js";
import type { Batch, BatchOutput, BatchResult } from "./score_batch.js";

/** What a worker thread is started with: everything to score as the calling thread does. */
export interface ScoringSetup {
  area: HeapArea;
  handle: ScoringHandle;
  /** "whitespace" or a tokenizer.json path: each thread loads its own. */
  tokenizer: string;
  idMap: Int32Array | undefined;
  scoring: DocumentScoring;
  output: BatchOutput;
}

export interface ScoringRequest {
  id: number;
  batch: Batch;
}

export type ScoringReply =
  | { id: number; result: BatchResult }
  | { id: number; error: { file: string; line: number; detail: string } | { message: string } };

/** Each worker's first area in the model's memory (its scratch, word cache, text); it grows by itself beyond. */
const AREA_BYTES = 4 << 20;

/**
 * Worker threads that score batches of documents with one model, shared: the model stays where it is, in
 * its heap's shared memory, and each worker instantiates the kernels over that memory with an area of its
 * own. A batch goes to the worker with the fewest waiting; each call's promise resolves with that batch's
 * result, so callers keep input order by awaiting in order.
 *
 * The worker is the compiled scoring_worker.js beside this module: the pool runs from the built package.
 */
export class ScoringPool {
  private readonly workers: Worker[];
  private readonly busy: number[];
  private readonly waiting = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: Error) => void; worker: number }>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(heap: Heap, setup: Omit<ScoringSetup, "area">, threads: number) {
    const script = new URL("./scoring_worker.js", import.meta.url);
    this.workers = Array.from({ length: threads }, () => {
      const workerData: ScoringSetup = { ...setup, area: heap.lend(AREA_BYTES, this) };
      return new Worker(script, { workerData });
    });
    this.busy = this.workers.map(() => 0);
    this.workers.forEach((w, i) => {
      w.on("message", (reply: ScoringReply) => this.settle(reply));
      w.on("error", (e) => this.failAll(new Error(`scoring thread ${i} failed: ${e.message}`)));
      w.on("exit", (code) => {
        if (code !== 0) this.failAll(new Error(`scoring thread ${i} exited with status ${code}`));
      });
    });
  }

  /** Whether every worker has at least n batches waiting. */
  allWaiting(n: number): boolean {
    return this.failure === undefined && this.busy.every((b) => b >= n);
  }

  score(batch: Batch): Promise<BatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    let worker = 0;
    for (let i = 1; i < this.busy.length; i++) if (this.busy[i] < this.busy[worker]) worker = i;
    this.busy[worker]++;
    const id = this.nextId++;
    const request: ScoringRequest = { id, batch };
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, worker });
      this.workers[worker].postMessage(request);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private settle(reply: ScoringReply): void {
    const w = this.waiting.get(reply.id);
    if (w === undefined) return;
    this.waiting.delete(reply.id);
    this.busy[w.worker]--;
    if ("result" in reply) w.resolve(reply.result);
    else if ("file" in reply.error) w.reject(new InputError(reply.error.file, reply.error.line, reply.error.detail));
    else w.reject(new Error(reply.error.message));
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const [id, w] of this.waiting) {
      this.waiting.delete(id);
      w.reject(this.failure);
    }
  }
}
