import { Worker } from "node:worker_threads";
import type { HfTokenizer } from "./hf_tokenizer.js";

/** Batches waiting at every worker before the calling thread (when it tokenizes too) takes the next itself. */
const QUEUED_BEFORE_LOCAL = 2;

export interface TokenizeRequest {
  batch: number;
  texts: string[];
}

export interface TokenizeReply {
  batch: number;
  /** The ids of all texts of the batch, back to back; text i has lengths[i] of them. */
  ids: Uint32Array;
  lengths: Uint32Array;
}

/**
 * Tokenizes batches of texts on `threads` threads: worker threads, each holding its own copy of the
 * tokenizer (a tokenizer.json path: nothing is fetched), and, when the caller gives its own loaded
 * tokenizer, the calling thread as one of them. Batches go to the least busy worker; when every worker
 * has QUEUED_BEFORE_LOCAL waiting, the calling thread tokenizes the batch itself (while its workers are
 * still loading the tokenizer, too). Each call's promise resolves with that batch's ids, so callers keep
 * their order by awaiting in order.
 *
 * The worker is the compiled tokenize_worker.js beside this module: the pool runs from the built package.
 */
export class TokenizerPool {
  private readonly workers: Worker[];
  private readonly busy: number[];
  private readonly waiting = new Map<number, { resolve: (r: TokenizeReply) => void; reject: (e: Error) => void; worker: number }>();
  private nextBatch = 0;
  /** Batches the calling thread tokenized itself. */
  localBatches = 0;
  /** Set once a worker has failed: later batches are refused at once rather than sent to it. */
  private failure: Error | undefined;

  constructor(
    tokenizerPath: string,
    readonly threads: number,
    private readonly local?: HfTokenizer,
  ) {
    const script = new URL("./tokenize_worker.js", import.meta.url);
    const workers = local === undefined ? threads : Math.max(1, threads - 1);
    this.workers = Array.from({ length: workers }, () => new Worker(script, { workerData: { tokenizerPath } }));
    this.busy = this.workers.map(() => 0);
    this.workers.forEach((w, i) => {
      w.on("message", (reply: TokenizeReply) => this.settle(reply));
      w.on("error", (e) => this.failAll(e, i));
      w.on("exit", (code) => {
        if (code !== 0) this.failAll(new Error(`exited with status ${code}`), i);
      });
    });
  }

  /** The ids of each text, in order. */
  async tokenize(texts: string[]): Promise<Uint32Array[]> {
    if (this.local !== undefined && this.failure === undefined && this.busy.every((b) => b >= QUEUED_BEFORE_LOCAL)) {
      this.localBatches++;
      return texts.map((t) => this.local!.ids(t));
    }
    const reply = await this.send(texts);
    const out: Uint32Array[] = [];
    for (let i = 0, at = 0; i < texts.length; at += reply.lengths[i], i++) out.push(reply.ids.subarray(at, at + reply.lengths[i]));
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private send(texts: string[]): Promise<TokenizeReply> {
    const batch = this.nextBatch++;
    let worker = 0;
    for (let i = 1; i < this.busy.length; i++) if (this.busy[i] < this.busy[worker]) worker = i;
    this.busy[worker]++;
    const request: TokenizeRequest = { batch, texts };
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.set(batch, { resolve, reject, worker });
      this.workers[worker].postMessage(request);
    });
  }

  private settle(reply: TokenizeReply): void {
    const w = this.waiting.get(reply.batch);
    if (w === undefined) return;
    this.waiting.delete(reply.batch);
    this.busy[w.worker]--;
    w.resolve(reply);
  }

  private failAll(error: Error, worker: number): void {
    this.failure ??= new Error(`tokenizer worker ${worker} failed: ${error.message}`);
    for (const [batch, w] of this.waiting) {
      this.waiting.delete(batch);
      w.reject(this.failure);
    }
  }
}
