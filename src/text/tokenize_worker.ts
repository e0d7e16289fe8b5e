/*
 * A worker thread of TokenizerPool: loads the tokenizer once, then turns batches of texts into ids. The ids
 * of a batch come back as one array with the length of each text's ids, moved (not copied) to the caller.
 */
import { parentPort, workerData } from "node:worker_threads";
import { HfTokenizer } from "./hf_tokenizer.js";
import type { TokenizeReply, TokenizeRequest } from "./tokenizer_pool.js";

const tokenizer = HfTokenizer.load((workerData as { tokenizerPath: string }).tokenizerPath);
const port = parentPort!;

port.on("message", (request: TokenizeRequest) => {
  const parts = request.texts.map((t) => tokenizer.ids(t));
  const lengths = new Uint32Array(parts.length);
  let total = 0;
  for (let i = 0; i < parts.length; i++) total += lengths[i] = parts[i].length;
  const ids = new Uint32Array(total);
  for (let i = 0, at = 0; i < parts.length; at += parts[i].length, i++) ids.set(parts[i], at);
  const reply: TokenizeReply = { batch: request.batch, ids, lengths };
  port.postMessage(reply, [ids.buffer, lengths.buffer]);
});
