import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { InputError } from "../io/errors.js";
import { readFileToHeap } from "../io/files.js";
import { readArpaTables } from "./read_arpa_tables.js";
import type { BackoffModel } from "./backoff_model.js";
import { loadBackoffModel } from "./load_backoff_model.js";
import { load } from "./model.js";
import type { CountModel } from "./model.js";
import { ProbTrie, type ProbModelOptions } from "./prob_trie.js";

/** Loads a saved model from a file (Node only; in a browser, fetch the bytes and call `load`). */
export function loadFile(path: string, options: { verify?: boolean } = {}): CountModel {
  return load(readFileToHeap(path, MODEL_FILE), { ...options, source: path });
}

const GRAMPACK_MAGIC = "GRAMPACK";
/** What a path given as a model must name, for the error about a directory. */
const MODEL_FILE = "a model file";

/**
 * A probability model from a saved prob_backoff file, or from an ARPA file (plain or gzip), which is read
 * into an exact ef_trie in memory unless `options` asks for quantization.
 */
export async function loadBackoffModelFile(path: string, options: ProbModelOptions & { verify?: boolean } = {}): Promise<BackoffModel> {
  if (!startsWithMagic(path)) return ProbTrie.build(await readArpaTables(path), { probBits: 0, backoffBits: 0, ...options });
  const model = loadBackoffModel(readFileToHeap(path, MODEL_FILE), { verify: options.verify, source: path });
  if (options.unkLog10Prob !== undefined) throw new RangeError(`${path}: --u applies when the model is built (build_trie/build_hash) or read from ARPA`);
  return model;
}

function startsWithMagic(path: string): boolean {
  const head = Buffer.alloc(GRAMPACK_MAGIC.length);
  const fd = openSync(path, "r");
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError(path, 0, `is a directory, expected ${MODEL_FILE}`);
    // A pipe (`<(zcat model.arpa.gz)`) cannot be read twice: only ARPA text is streamed from one.
    if (!stat.isFile()) return false;
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head.toString("latin1") === GRAMPACK_MAGIC;
}
