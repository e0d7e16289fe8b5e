/*
 * A worker thread of NeighborPool: computes the neighbour lists of token ranges over windows and an
 * inverted index shared with the main thread, and sends each range's lists back Elias-Fano encoded
 * (moved, not copied).
 */
import { parentPort } from "node:worker_threads";
import { NeighborLists, type InvertedIndex, type WindowBlock } from "./neighbor_lists.js";
import { RangeEncoder } from "./encoded_range.js";

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

const port = parentPort!;
let lists: NeighborLists | undefined;
let data: NeighborWorkerData | undefined;

/** The first message is the shared data; each one after it, a range to compute. */
port.on("message", (message: NeighborWorkerData | RangeRequest) => {
  if (data === undefined) {
    data = message as NeighborWorkerData;
    lists = new NeighborLists(data.weighted);
    return;
  }
  const request = message as RangeRequest;
  const encoder = new RangeEncoder(data.weighted);
  lists!.computeRange(data.block, data.index, encoder, request.first, request.end);
  const reply = encoder.reply(request.range);
  port.postMessage(reply, encoder.transferables(reply));
});
