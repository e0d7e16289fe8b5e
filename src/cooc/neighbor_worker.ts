/*
 * A worker thread of NeighborPool: computes the neighbour lists of token ranges over windows and an
 * inverted index shared with the main thread, and sends each range's lists back packed in three arrays
 * (moved, not copied).
 */
import { parentPort, workerData } from "node:worker_threads";
import { NeighborLists, type InvertedIndex, type WindowBlock } from "./neighbor_lists.js";
import { PackedLists } from "./packed_lists.js";

export interface NeighborWorkerData {
  weighted: boolean;
  block: WindowBlock;
  index: InvertedIndex;
}

export interface RangeRequest {
  range: number;
  first: number;
  end: number;
}

const { weighted, block, index } = workerData as NeighborWorkerData;
const lists = new NeighborLists(weighted);
const port = parentPort!;

port.on("message", (request: RangeRequest) => {
  const packed = new PackedLists(weighted);
  lists.computeRange(block, index, packed, request.first, request.end);
  const reply = packed.reply(request.range);
  port.postMessage(reply, packed.transferables(reply));
});
