import { CoocBuilder } from "../cooc/cooc_builder.js";
import { WindowCutter } from "../cooc/window_cutter.js";
import { readDocuments, type DocumentReadOptions } from "../io/jsonl.js";
import type { Tokenizer } from "../text/tokenizer.js";
import { HfTokenizer } from "../text/hf_tokenizer.js";
import { unescapeWord } from "../text/escape.js";
import { coocCountMatrix } from "./cooc_matrix.js";
import type { CsrMatrix } from "./csr_matrix.js";

export interface CorpusCoocOptions extends DocumentReadOptions {
  tokenizer: Tokenizer;
  /** Words on each side that count as context (default 5). */
  window?: number;
  /** Memory budget of the co-occurrence builder (its default when absent). */
  memoryBytes?: number;
  /** Called after each document with the number read. */
  onDocument?: (documents: number) => void;
}

/** Word × word counts and the words, ids in order of first appearance. */
export interface WordCooccurrence {
  counts: CsrMatrix;
  labels: string[];
}

export const DEFAULT_WINDOW = 5;

/**
 * Co-occurrence counts straight from text files, through the co-occurrence module: sliding windows of
 * window + 1 words (stride 1), so two words d ≤ window apart share window + 1 − d windows (fewer near a
 * document's ends, which fewer windows cover), a weight that falls off linearly with distance.
 */
export async function corpusCooccurrence(files: readonly string[], options: CorpusCoocOptions): Promise<WordCooccurrence> {
  const window = options.window ?? DEFAULT_WINDOW;
  if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`window must be a positive integer, got ${window}`);
  const builder = new CoocBuilder({ weighted: true, memoryBytes: options.memoryBytes });
  try {
    const cutter = new WindowCutter(builder, { contextLength: window + 1, stride: 1 });
    const ids = new Map<string, number>();
    const labels: string[] = [];
    let documents = 0;
    let tokens = 0;
    for (const file of files) {
      for await (const doc of readDocuments(file, options)) {
        const words = doc.kind === "text" ? options.tokenizer.words(doc.text) : options.tokenizer.wordsOfIds(doc.ids);
        cutter.addDocument(words.map((w) => idOf(w, ids, labels)));
        tokens += words.length;
        documents++;
        options.onDocument?.(documents);
      }
    }
    cutter.finish();
    const inputs = files.join(", ");
    if (documents === 0) throw new Error(`no documents in ${inputs}`);
    if (tokens === 0) throw new Error(`no tokens in ${inputs} (${documents} document${documents === 1 ? "" : "s"} without a word of ${options.tokenizer.description})`);
    // Every word of the vocabulary met another unless a document was a single word: keep the rows met.
    const { counts, tokenIds } = coocCountMatrix(builder.finish(labels.length));
    if (counts.rows === 0) throw new Error(`no two words of ${inputs} met within ${window} words of each other (${documents} document${documents === 1 ? "" : "s"}, ${tokens} word${tokens === 1 ? "" : "s"})`);
    // Tokenizer.json words are escaped for count files; a label is the token itself.
    const escaped = options.tokenizer instanceof HfTokenizer;
    return { counts, labels: Array.from(tokenIds, (id) => (escaped ? unescapeWord(labels[id]) : labels[id])) };
  } finally {
    builder.dispose();
  }
}

function idOf(word: string, ids: Map<string, number>, labels: string[]): number {
  let id = ids.get(word);
  if (id === undefined) {
    id = labels.length;
    ids.set(word, id);
    labels.push(word);
  }
  return id;
}
