import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { CoocModel } from "../cooc/cooc_file.js";
import { readFileToHeap } from "../io/files.js";
import { loadTokenizer, type Tokenizer } from "../text/tokenizer.js";
import { HfTokenizer } from "../text/hf_tokenizer.js";
import { coocCountMatrix } from "./cooc_matrix.js";
import { corpusCooccurrence, type CorpusCoocOptions, type WordCooccurrence } from "./corpus_cooccurrence.js";

const CONTAINER_MAGIC = "GRAMPACK";

export interface TrainingInputOptions extends Omit<CorpusCoocOptions, "tokenizer"> {
  /** Splits corpus text into words; for a co-occurrence file, names its token ids (default: its own tokenizer). */
  tokenizer?: Tokenizer;
}

/**
 * Counts to train on: a co-occurrence file of `grampack cooc build --weighted` (told by its magic bytes)
 * read through the co-occurrence module, or else text/JSONL files counted with sliding windows.
 */
export async function readTrainingCounts(inputs: readonly string[], options: TrainingInputOptions, corpusTokenizer: () => Tokenizer): Promise<WordCooccurrence> {
  if (inputs.length === 1 && isContainer(inputs[0])) return coocFileCounts(inputs[0], options.tokenizer);
  return corpusCooccurrence(inputs, { ...options, tokenizer: options.tokenizer ?? corpusTokenizer() });
}

function isContainer(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(CONTAINER_MAGIC.length);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).toString("latin1") === CONTAINER_MAGIC;
  } finally {
    closeSync(fd);
  }
}

/**
 * Counts of a co-occurrence file over the tokens it met; labels are the tokenizer's token strings ("Ġthe",
 * shown as " the" by tokenSpelling) when a tokenizer.json is at hand, else the ids.
 */
export function coocFileCounts(path: string, tokenizer?: Tokenizer): WordCooccurrence {
  const model = CoocModel.fromBytes(readFileToHeap(path), { source: path });
  if (model.graph.entries === 0) throw new Error(`${path}: no co-occurring pairs (the co-occurrence graph is empty)`);
  // The tokenizer recorded at build time may live on another machine: ids then stand for themselves.
  const recorded = model.settings.tokenizer;
  const namer = tokenizer ?? (recorded !== "" && existsSync(recorded) ? loadTokenizer(recorded) : undefined);
  const { counts, tokenIds } = coocCountMatrix(model.graph);
  const one = new Uint32Array(1);
  const labels = Array.from(tokenIds, (id) => {
    if (namer === undefined) return String(id);
    if (namer instanceof HfTokenizer) {
      const token = namer.tokenString(id);
      if (token === undefined) throw new Error(`${path}: token id ${id} is not in the vocabulary of ${namer.description}`);
      return token;
    }
    one[0] = id;
    return namer.wordsOfIds(one).join("");
  });
  return { counts, labels };
}
