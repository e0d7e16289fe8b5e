import { Worker } from "node:worker_threads";
import type { CsrMatrix } from "./csr_matrix.js";
import { columnPanels, multiplyPanels, panelCount, type ColumnPanels } from "./column_panels.js";

/** Slots of the shared control array; `next` is the next chunk of rows to claim. */
export const CONTROL = { generation: 0, done: 1, k: 2, stop: 3, next: 4, ready: 5 } as const;

/** How long the first product waits for every worker to have started, by default. */
const START_TIMEOUT_MS = 60_000;

/** What a worker is given once: the matrix, its column panels, its chunks and the exchange buffers, all shared. */
export interface CsrWorkerData {
  panelStarts: SharedArrayBuffer;
  panelCount: number;
  chunks: SharedArrayBuffer;
  columns: SharedArrayBuffer;
  values: SharedArrayBuffer;
  input: SharedArrayBuffer;
  output: SharedArrayBuffer;
  control: SharedArrayBuffer;
}

/**
 * Entries per chunk of rows: enough chunks (about 170 on the bench's 44.6 M entries) for the threads to
 * even out when one of them is slowed down by other work on the machine, and few enough rows per chunk
 * (≈ 190 of 1,360 entries there) that the chunk's output rows stay in cache while its panels go by.
 */
const ENTRIES_PER_CHUNK = 1 << 18;

/**
 * out = A·x on several threads, synchronously: the matrix and the dense blocks live in shared memory, the
 * rows are cut into chunks of about equal numbers of entries, and the workers and the calling thread claim
 * chunks one at a time from a shared counter until none is left, so a thread slowed down by other work
 * does fewer. Every chunk is computed panel by panel (column_panels.ts), with one thread as with several.
 * A product is started by bumping a generation counter and waking the workers, and ends when every worker
 * has counted itself done; Atomics.wait blocks meanwhile, so the caller stays synchronous. Each row is
 * computed by the same code whoever computes it, so results do not depend on the number of threads.
 * Workers are the compiled csr_worker.js beside this module.
 */
export class ParallelCsrProduct {
  private readonly workers: Worker[] = [];
  private readonly control: Int32Array;
  private readonly input: Float64Array;
  private readonly output: Float64Array;
  private readonly panels: ColumnPanels;
  private readonly chunks: Uint32Array;
  private readonly columns: Uint32Array;
  private readonly values: Float64Array;
  /** Whether every worker has been seen running (checked once, before the first product). */
  private started = false;
  private readonly startTimeoutMs: number;

  /** `panels` overrides the number of column panels (tests use it to cross panel boundaries on small matrices). */
  constructor(
    readonly matrix: CsrMatrix,
    threads: number,
    maxWidth: number,
    panels = panelCount(matrix, maxWidth),
    options: { startTimeoutMs?: number } = {},
  ) {
    this.startTimeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
    // One thread needs no shared copies: the product then runs on the matrix's own arrays.
    const parallel = threads > 1;
    const memory = (bytes: number) => (parallel ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    this.panels = columnPanels(matrix, panels, new Uint32Array(memory(4 * matrix.rows * (panels + 1))));
    this.chunks = rowChunks(matrix, memory);
    this.columns = parallel ? shared(matrix.columns.subarray(0, matrix.nonZeros), Uint32Array) : matrix.columns;
    this.values = parallel ? shared(matrix.values.subarray(0, matrix.nonZeros), Float64Array) : matrix.values;
    this.input = new Float64Array(new SharedArrayBuffer(parallel ? 8 * matrix.cols * maxWidth : 0));
    this.output = new Float64Array(new SharedArrayBuffer(parallel ? 8 * matrix.rows * maxWidth : 0));
    this.control = new Int32Array(new SharedArrayBuffer(4 * Object.keys(CONTROL).length));
    const script = new URL("./csr_worker.js", import.meta.url);
    for (let t = 1; t < threads; t++) {
      const workerData: CsrWorkerData = {
        panelStarts: this.panels.starts.buffer as SharedArrayBuffer,
        panelCount: panels,
        chunks: this.chunks.buffer as SharedArrayBuffer,
        columns: this.columns.buffer as SharedArrayBuffer,
        values: this.values.buffer as SharedArrayBuffer,
        input: this.input.buffer as SharedArrayBuffer,
        output: this.output.buffer as SharedArrayBuffer,
        control: this.control.buffer as SharedArrayBuffer,
      };
      const worker = new Worker(script, { workerData });
      // A worker that cannot start is found by awaitWorkers (the calling thread blocks, so this event may
      // never be delivered); the listener keeps the event from ending the process meanwhile.
      worker.on("error", () => {});
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** out (rows×k) = A·x (cols×k). */
  multiply(x: Float64Array, k: number, out: Float64Array): void {
    const m = this.matrix;
    if (this.workers.length === 0) {
      for (let c = 0; c + 1 < this.chunks.length; c++) multiplyPanels(this.panels, this.columns, this.values, x, k, out, this.chunks[c], this.chunks[c + 1]);
      return;
    }
    if (!this.started) this.awaitWorkers();
    this.input.set(x.subarray(0, m.cols * k));
    Atomics.store(this.control, CONTROL.k, k);
    Atomics.store(this.control, CONTROL.done, 0);
    Atomics.store(this.control, CONTROL.next, 0);
    Atomics.add(this.control, CONTROL.generation, 1);
    Atomics.notify(this.control, CONTROL.generation);
    multiplyClaimedChunks(this.control, this.chunks, this.panels, this.columns, this.values, this.input, k, this.output);
    for (let done = Atomics.load(this.control, CONTROL.done); done < this.workers.length; done = Atomics.load(this.control, CONTROL.done)) {
      Atomics.wait(this.control, CONTROL.done, done);
    }
    out.set(this.output.subarray(0, m.rows * k));
  }

  /**
   * Waits until every worker counts itself ready. A product waits for every worker to finish, so one
   * that never started (its script missing or broken) would leave it waiting forever: refused instead.
   */
  private awaitWorkers(): void {
    const deadline = performance.now() + this.startTimeoutMs;
    for (let ready = Atomics.load(this.control, CONTROL.ready); ready < this.workers.length; ready = Atomics.load(this.control, CONTROL.ready)) {
      const left = deadline - performance.now();
      if (left <= 0) {
        const message = `sparse products: ${this.workers.length - ready} of ${this.workers.length} worker threads did not start within ${this.startTimeoutMs} ms (they run csr_worker.js of the built package)`;
        this.close();
        throw new Error(message);
      }
      Atomics.wait(this.control, CONTROL.ready, ready, Math.min(left, 100));
    }
    this.started = true;
  }

  /** Stops the workers. */
  close(): void {
    Atomics.store(this.control, CONTROL.stop, 1);
    Atomics.add(this.control, CONTROL.generation, 1);
    Atomics.notify(this.control, CONTROL.generation);
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
  }
}

/** Claims chunks from the shared counter and computes their rows of out = A·x until none is left. */
export function multiplyClaimedChunks(control: Int32Array, chunks: Uint32Array, panels: ColumnPanels, columns: Uint32Array, values: Float64Array, x: Float64Array, k: number, out: Float64Array): void {
  const count = chunks.length - 1;
  for (let c = Atomics.add(control, CONTROL.next, 1); c < count; c = Atomics.add(control, CONTROL.next, 1)) {
    multiplyPanels(panels, columns, values, x, k, out, chunks[c], chunks[c + 1]);
  }
}

/** `a` in shared memory: itself when it is there already (from its first byte, as workers view it), else a copy. */
function shared<T extends Uint32Array | Float64Array>(a: T, ctor: { new (buffer: SharedArrayBuffer): T }): T {
  if (a.buffer instanceof SharedArrayBuffer && a.byteOffset === 0) return a;
  const out = new ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

/** Row boundaries of chunks holding about ENTRIES_PER_CHUNK entries each (a chunk is never empty of rows unless the matrix is). */
function rowChunks(matrix: CsrMatrix, memory: (bytes: number) => ArrayBufferLike): Uint32Array {
  const { rowStarts, rows, nonZeros } = matrix;
  const wanted = Math.max(1, Math.min(rows, Math.ceil(nonZeros / ENTRIES_PER_CHUNK)));
  const bounds = [0];
  let r = 0;
  for (let c = 1; c < wanted; c++) {
    const target = (nonZeros * c) / wanted;
    while (r < rows && rowStarts[r] < target) r++;
    if (r > bounds[bounds.length - 1]) bounds.push(r);
  }
  if (rows > bounds[bounds.length - 1]) bounds.push(rows);
  const chunks = new Uint32Array(memory(4 * bounds.length));
  chunks.set(bounds);
  return chunks;
}
