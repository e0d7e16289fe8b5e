import { Worker } from "node:worker_threads";
import { invertedIndex, type InvertedIndex, type WindowBlock } from "./neighbor_lists.js";
import type { CoocGraphBuilder } from "./cooc_graph_builder.js";
import type { EncodedRange } from "./encoded_range.js";
import type { NeighborWorkerData, RangeRequest } from "./neighbor_worker.js";

/** Token ranges per thread: small enough that the busiest range does not hold back the others. */
const RANGES_PER_THREAD = 64;

/**
 * Computes the neighbour lists of a block (in rows) on worker threads and adds them to `graph`. The
 * windows and the inverted index go to shared memory once; the rows are cut into ranges of about equal
 * work (their probes, see cutRanges), handed out to whichever worker is idle, encoded there
 * (RangeEncoder) and appended to the graph in row order, so the graph is exactly what a single thread
 * would build.
 *
 * The worker is the compiled neighbor_worker.js beside this module: the pool runs from the built package.
 */
export async function computeInParallel(store: WindowBlock, weighted: boolean, threads: number, graph: CoocGraphBuilder): Promise<void> {
  // The workers start (a few tens of milliseconds each) while the index is built, and get it by message.
  const workers = Array.from({ length: threads }, () => new Worker(new URL("./neighbor_worker.js", import.meta.url)));
  try {
    const shared = (n: number) => new Uint32Array(new SharedArrayBuffer(4 * Math.max(1, n)));
    const block = { ...store, tokens: copyTo(store.tokens, shared), ends: copyTo(store.ends, shared) };
    const index = invertedIndex(block, shared, !weighted);
    const data: NeighborWorkerData = { weighted, block, index };
    for (const w of workers) w.postMessage(data);
    await runRanges(workers, cutRanges(index, threads * RANGES_PER_THREAD), graph);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function copyTo(a: Uint32Array, alloc: (n: number) => Uint32Array): Uint32Array {
  const b = alloc(a.length);
  b.set(a);
  return b;
}

/** Work of a window visit besides its probes (reading its bounds, a likely cache miss). */
const WINDOW_VISIT = 16;

/**
 * Row range boundaries [cuts[i], cuts[i + 1]) of about equal work: for a heavy token, a walk of its row of
 * bits; for another, a probe per token of its windows (their light part).
 */
function cutRanges(index: InvertedIndex, count: number): number[] {
  const { starts, windowsOf, windowStarts, heavy } = index;
  const rows = starts.length - 1;
  const work = new Float64Array(rows);
  let total = 0;
  for (let a = 0, j = 0; a < rows; a++) {
    if (a === heavy.ids[j]) {
      work[a] = heavy.words;
      j++;
    } else {
      for (let k = starts[a]; k < starts[a + 1]; k++) work[a] += windowStarts[windowsOf[k] + 1] - windowStarts[windowsOf[k]] + WINDOW_VISIT;
    }
    total += work[a];
  }
  const cuts = [0];
  let sum = 0;
  for (let a = 0; a < rows; a++) {
    sum += work[a];
    if (sum >= (total * cuts.length) / count && a + 1 < rows) cuts.push(a + 1);
  }
  cuts.push(rows);
  return cuts;
}

/** Hands ranges to idle workers and adds finished ranges to the graph in order. */
function runRanges(workers: Worker[], cuts: number[], graph: CoocGraphBuilder): Promise<void> {
  const ranges = cuts.length - 1;
  const done = new Map<number, EncodedRange>();
  let next = 0;
  let added = 0;
  let failed = false;
  return new Promise((resolve, reject) => {
    const fail = (e: Error) => {
      failed = true;
      reject(e);
    };
    const send = (w: Worker) => {
      if (next >= ranges || failed) return;
      const request: RangeRequest = { range: next, first: cuts[next], end: cuts[next + 1] };
      next++;
      w.postMessage(request);
    };
    workers.forEach((w, i) => {
      w.on("error", fail);
      // A worker only exits when terminated, after the last range; exiting before is a failure.
      w.on("exit", (code) => {
        if (added < ranges) fail(new Error(`co-occurrence worker ${i} exited (status ${code}) before its ranges were done`));
      });
      w.on("message", (reply: EncodedRange) => {
        if (failed) return;
        done.set(reply.range, reply);
        send(w);
        try {
          for (let r = done.get(added); r !== undefined; r = done.get(added)) {
            done.delete(added++);
            graph.addRange(r);
          }
        } catch (e) {
          fail(e as Error);
          return;
        }
        if (added === ranges) resolve();
      });
      send(w);
    });
    if (ranges === 0) resolve();
  });
}
