/*
 * A worker thread of ParallelCsrProduct: waits for the generation counter to move, claims chunks of rows
 * of the product until none is left, counts itself done and waits again, until told to stop.
 */
import { workerData } from "node:worker_threads";
import type { ColumnPanels } from "./column_panels.js";
import { CONTROL, multiplyClaimedChunks, type CsrWorkerData } from "./parallel_csr.js";

const data = workerData as CsrWorkerData;
const control = new Int32Array(data.control);
const panels: ColumnPanels = { count: data.panelCount, starts: new Uint32Array(data.panelStarts) };
const chunks = new Uint32Array(data.chunks);
const columns = new Uint32Array(data.columns);
const values = new Float64Array(data.values);
const input = new Float64Array(data.input);
const output = new Float64Array(data.output);

Atomics.add(control, CONTROL.ready, 1);
Atomics.notify(control, CONTROL.ready);

// From 0, not the current value: a product may have been started before this thread got here.
let seen = 0;
for (;;) {
  Atomics.wait(control, CONTROL.generation, seen);
  seen = Atomics.load(control, CONTROL.generation);
  if (Atomics.load(control, CONTROL.stop) === 1) break;
  multiplyClaimedChunks(control, chunks, panels, columns, values, input, Atomics.load(control, CONTROL.k), output);
  Atomics.add(control, CONTROL.done, 1);
  Atomics.notify(control, CONTROL.done);
}
