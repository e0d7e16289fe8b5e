import { Worker } from "node:worker_threads";
import { multiplyRows, type CsrMatrix } from "./csr_matrix.js";

/** Slots of the shared control array. */
export const CONTROL = { generation: 0, done: 1, k: 2, stop: 3 } as const;

/** What a worker is given once: the matrix and the exchange buffers, all shared, and its rows. */
export interface CsrWorkerData {
  rowStarts: SharedArrayBuffer;
  columns: SharedArrayBuffer;
  values: SharedArrayBuffer;
  input: SharedArrayBuffer;
  output: SharedArrayBuffer;
  control: SharedArrayBuffer;
  rowBegin: number;
  rowEnd: number;
}

/**
 * out = A·x on several threads, synchronously: the matrix and the dense blocks live in shared memory, each
 * worker owns a band of rows (split so the bands hold about equal numbers of entries) and the calling
 * thread does the first band itself. A product is started by bumping a generation counter and waking the
 * workers, and ends when every worker has counted itself done; Atomics.wait blocks meanwhile, so the
 * caller stays synchronous. Each row is computed by the same code whatever the split, so results do not
 * depend on the number of threads. Workers are the compiled csr_worker.js beside this module.
 */
export class ParallelCsrProduct {
  private readonly workers: Worker[] = [];
  private readonly control: Int32Array;
  private readonly input: Float64Array;
  private readonly output: Float64Array;
  private readonly rowStarts: Uint32Array;
  private readonly columns: Uint32Array;
  private readonly values: Float64Array;
  private readonly ownRows: number;

  constructor(readonly matrix: CsrMatrix, threads: number, maxWidth: number) {
    // One thread needs no shared copies: the product then runs on the matrix's own arrays.
    const parallel = threads > 1;
    this.rowStarts = parallel ? shared(matrix.rowStarts, Uint32Array) : matrix.rowStarts;
    this.columns = parallel ? shared(matrix.columns.subarray(0, matrix.nonZeros), Uint32Array) : matrix.columns;
    this.values = parallel ? shared(matrix.values.subarray(0, matrix.nonZeros), Float64Array) : matrix.values;
    this.input = new Float64Array(new SharedArrayBuffer(parallel ? 8 * matrix.cols * maxWidth : 0));
    this.output = new Float64Array(new SharedArrayBuffer(parallel ? 8 * matrix.rows * maxWidth : 0));
    this.control = new Int32Array(new SharedArrayBuffer(16));
    const bands = balancedBands(matrix.rowStarts, matrix.rows, threads);
    this.ownRows = bands[1];
    const script = new URL("./csr_worker.js", import.meta.url);
    for (let t = 1; t < threads; t++) {
      const workerData: CsrWorkerData = {
        rowStarts: this.rowStarts.buffer as SharedArrayBuffer,
        columns: this.columns.buffer as SharedArrayBuffer,
        values: this.values.buffer as SharedArrayBuffer,
        input: this.input.buffer as SharedArrayBuffer,
        output: this.output.buffer as SharedArrayBuffer,
        control: this.control.buffer as SharedArrayBuffer,
        rowBegin: bands[t],
        rowEnd: bands[t + 1],
      };
      const worker = new Worker(script, { workerData });
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** out (rows×k) = A·x (cols×k). */
  multiply(x: Float64Array, k: number, out: Float64Array): void {
    const m = this.matrix;
    if (this.workers.length === 0) return m.multiply(x, k, out);
    this.input.set(x.subarray(0, m.cols * k));
    Atomics.store(this.control, CONTROL.k, k);
    Atomics.store(this.control, CONTROL.done, 0);
    Atomics.add(this.control, CONTROL.generation, 1);
    Atomics.notify(this.control, CONTROL.generation);
    multiplyRows(this.rowStarts, this.columns, this.values, this.input, k, this.output, 0, this.ownRows);
    for (let done = Atomics.load(this.control, CONTROL.done); done < this.workers.length; done = Atomics.load(this.control, CONTROL.done)) {
      Atomics.wait(this.control, CONTROL.done, done);
    }
    out.set(this.output.subarray(0, m.rows * k));
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

function shared<T extends Uint32Array | Float64Array>(a: T, ctor: { new (buffer: SharedArrayBuffer): T }): T {
  const out = new ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

/** threads + 1 row boundaries splitting the entries about evenly. */
function balancedBands(rowStarts: Uint32Array, rows: number, threads: number): number[] {
  const total = rowStarts[rows];
  const bands = [0];
  let r = 0;
  for (let t = 1; t < threads; t++) {
    const target = (total * t) / threads;
    while (r < rows && rowStarts[r] < target) r++;
    bands.push(r);
  }
  bands.push(rows);
  return bands;
}
