import { Worker } from "node:worker_threads";

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
 * Tokenizes batches of texts on worker threads, each holding its own copy of the tokenizer (a
 * tokenizer.json path: nothing is fetched). Batches go to the least busy worker; each call's promise
 * resolves with that batch's ids, so callers keep their order by awaiting in order.
 *
 * The worker is the compiled tokenize_worker.js beside this module: the pool runs from the built package.
 */
export class TokenizerPool {
  private readonly workers: Worker[];
  private readonly busy: number[];
  private readonly waiting = new Map<number, { resolve: (r: TokenizeReply) => void; reject: (e: Error) => void; worker: number }>();
  private nextBatch = 0;
  /** Set once a worker has failed: later batches are refused at once rather than sent to it. */
  private failure: Error | undefined;

  constructor(tokenizerPath: string, readonly threads: number) {
    const script = new URL("./tokenize_worker.js", import.meta.url);
    this.workers = Array.from({ length: threads }, () => new Worker(script, { workerData: { tokenizerPath } }));
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
