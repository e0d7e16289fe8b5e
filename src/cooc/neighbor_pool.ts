import { Worker } from "node:worker_threads";
import { invertedIndex, type WindowBlock } from "./neighbor_lists.js";
import type { NeighborSink } from "./neighbor_sink.js";
import { replay, type PackedReply } from "./packed_lists.js";
import type { NeighborWorkerData, RangeRequest } from "./neighbor_worker.js";

/** Token ranges per thread: small enough that the busiest range does not hold back the others. */
const RANGES_PER_THREAD = 64;

/**
 * Computes the neighbour lists of a block on worker threads. The windows and the inverted index go to
 * shared memory once; the token ids are cut into ranges of about equal work (the summed length of each
 * token's windows), handed out to whichever worker is idle, and the results are replayed into the sink
 * in token order, so the sink sees exactly what a single thread would send.
 *
 * The worker is the compiled neighbor_worker.js beside this module: the pool runs from the built package.
 */
export async function computeInParallel(store: WindowBlock, weighted: boolean, threads: number, sink: NeighborSink): Promise<void> {
  const shared = (n: number) => new Uint32Array(new SharedArrayBuffer(4 * Math.max(1, n)));
  const block = { ...store, tokens: copyTo(store.tokens, shared), ends: copyTo(store.ends, shared) };
  const index = invertedIndex(block, shared, !weighted);
  const ranges = cutRanges(block, index.starts, threads * RANGES_PER_THREAD);
  const data: NeighborWorkerData = { weighted, block, index };
  const workers = Array.from({ length: threads }, () => new Worker(new URL("./neighbor_worker.js", import.meta.url), { workerData: data }));
  try {
    await runRanges(workers, ranges, sink);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function copyTo(a: Uint32Array, alloc: (n: number) => Uint32Array): Uint32Array {
  const b = alloc(a.length);
  b.set(a);
  return b;
}

/** Range boundaries [cuts[i], cuts[i + 1]) of about equal work. */
function cutRanges(block: WindowBlock, starts: Uint32Array, count: number): number[] {
  const work = (a: number) => starts[a + 1] - starts[a];
  let total = 0;
  for (let a = 0; a < block.universe; a++) total += work(a);
  const cuts = [0];
  let sum = 0;
  for (let a = 0; a < block.universe; a++) {
    sum += work(a);
    if (sum >= (total * cuts.length) / count && a + 1 < block.universe) cuts.push(a + 1);
  }
  cuts.push(block.universe);
  return cuts;
}

/** Hands ranges to idle workers and replays finished ranges in order. */
function runRanges(workers: Worker[], cuts: number[], sink: NeighborSink): Promise<void> {
  const ranges = cuts.length - 1;
  const done = new Map<number, PackedReply>();
  let next = 0;
  let replayed = 0;
  return new Promise((resolve, reject) => {
    const send = (w: Worker) => {
      if (next >= ranges) return;
      const request: RangeRequest = { range: next, first: cuts[next], end: cuts[next + 1] };
      next++;
      w.postMessage(request);
    };
    for (const w of workers) {
      w.on("error", reject);
      w.on("message", (reply: PackedReply) => {
        done.set(reply.range, reply);
        send(w);
        try {
          for (let r = done.get(replayed); r !== undefined; r = done.get(replayed)) {
            done.delete(replayed++);
            replay(r, sink);
          }
        } catch (e) {
          reject(e as Error);
        }
        if (replayed === ranges) resolve();
      });
      send(w);
    }
    if (ranges === 0) resolve();
  });
}
