/*
 * A worker thread of ScoringPool: a heap in the model's shared memory (the area the calling thread lent
 * it), the tokenizer loaded once, then batches of documents scored as the calling thread would score them.
 */
import { parentPort, workerData } from "node:worker_threads";
import { guestHeap } from "../bits/heap.js";
import { InputError } from "../io/errors.js";
import { loadTokenizer } from "../text/tokenizer.js";
import { DocumentScorer } from "./document_scorer.js";
import { scoreBatch } from "./score_batch.js";
import type { ScoringRequest, ScoringReply, ScoringSetup } from "./scoring_pool.js";

const setup = workerData as ScoringSetup;
const scorer = new DocumentScorer(guestHeap(setup.area), setup.handle, loadTokenizer(setup.tokenizer), setup.idMap, setup.scoring);
const port = parentPort!;

port.on("message", (request: ScoringRequest) => {
  let reply: ScoringReply;
  try {
    const result = scoreBatch(scorer, request.batch, setup.output);
    reply = { id: request.id, result };
    port.postMessage(reply, [result.figures.buffer]);
  } catch (e) {
    const error = e instanceof InputError ? { file: e.file, line: e.line, detail: e.detail } : { message: (e as Error).message };
    reply = { id: request.id, error };
    port.postMessage(reply);
  }
});
