import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../io/errors.js";
import { ExternalSorter, shareSortMemory } from "../io/external_sort.js";
import { AtomicFolder } from "../io/files.js";
import { orderOfCountFile } from "../io/google_counts.js";
import { makeTempDir, removeTempPath, settleSignals } from "../io/temp_paths.js";
import { CountRowEncoder, writeCountFile } from "./count_row_encoder.js";
import type { DocumentFormat } from "../io/jsonl.js";
import type { Tokenizer } from "../text/tokenizer.js";
import { writeSortedGrams } from "./sorted_gram_file.js";
import { CorpusReader, prepareSources, type BytesHandler } from "./text_sources.js";

/*
 * Counts the 1..N-grams of a corpus in two passes over the text:
 *   1. count the words; their order (decreasing count, ties by code-unit order) fixes the word IDs;
 *   2. turn every document into word IDs and push each of its k-grams, k ≥ 2, as a record
 *      [id1 … idk, 1] into an external sorter per order, which merges equal n-grams and adds their counts.
 * The sorters' order is prefix order by word ID, the order the count files need. N-grams never cross a
 * document (a line of text, or a JSONL record). The count files are written into a temporary folder beside
 * the output folder and swapped in as a whole (AtomicFolder): readers never find files of two runs mixed.
 */

export const DEFAULT_COUNT_MEMORY = 1 << 30;
export const MAX_COUNT_ORDER = 16;

export interface CountNgramsOptions {
  /** Largest n-gram length N, 1..16. */
  order: number;
  /**
   * Receives 1-grams … N-grams (created if needed), replaced as a whole: count files of an earlier run
   * (any `<N>-grams…` name) are removed, other entries are kept.
   */
  outDir: string;
  /** Default: whitespace. */
  tokenizer?: Tokenizer;
  /** Budget of the external sorts' buffers, all orders together (default 1 GiB); the vocabulary comes on top. */
  memoryBytes?: number;
  /** Input format for every input; default by file name (.jsonl, .json, optionally .gz: JSONL). */
  format?: DocumentFormat;
  /** JSONL field holding the text (default "text", else "content", else "ids"). */
  field?: string;
  /** false: skip malformed JSONL lines rather than fail (default true). */
  strict?: boolean;
  /** Where sorted runs and spooled standard input go (default: the system's temporary directory). */
  tempDir?: string;
  onProgress?: (progress: CountProgress) => void;
}

export type CountProgress =
  | { stage: "vocabulary" | "n-grams"; bytesRead: number; totalBytes: number }
  | { stage: "writing"; order: number; rowsWritten: number; rows: number };

export interface CountSummary {
  /** files[k - 1]: the k-gram file. */
  files: string[];
  /** Distinct n-grams per order. */
  grams: number[];
  /** Words in the input, all documents together. */
  tokens: number;
  documents: number;
  /** Malformed lines skipped (strict: false). */
  skipped: number;
  /** Sorted runs spilled to disk per order k ≥ 2 (0: the order fit in memory). */
  spilledRuns: number[];
}

/** Counts the n-grams of `inputs` (paths, "-" for standard input) and writes the count files. */
export async function countNgrams(inputs: readonly string[], options: CountNgramsOptions): Promise<CountSummary> {
  const { order } = options;
  if (!(Number.isInteger(order) && order >= 1 && order <= MAX_COUNT_ORDER)) throw new RangeError(`order must be 1..${MAX_COUNT_ORDER}, got ${order}`);
  // Made first, so that an output that cannot be written is refused before the inputs are read.
  const out = new AtomicFolder(options.outDir);
  let workDir: string | undefined;
  try {
    workDir = makeTempDir(options.tempDir ?? tmpdir(), "grampack-count-");
    const sources = await prepareSources(inputs, workDir, options.format);
    const reading = new CorpusReader(sources, options);
    const vocabulary = new WordCounter(order);
    const stats = await reading.pass((words) => vocabulary.add(words), bytesProgress("vocabulary", options));
    if (vocabulary.tokens === 0) throw new InputError(sources.map((s) => s.name).join(", "), 0, "no words to count (no documents, or empty ones)");
    const words = vocabulary.assignIds();
    const sorters = makeSorters(vocabulary.occurrences, options.memoryBytes ?? DEFAULT_COUNT_MEMORY, workDir);
    try {
      if (sorters.length > 0) await emitGrams(reading, vocabulary.idOf, sorters, options);
      const spilledRuns = sorters.map((s) => s.runs);
      const files = await writeAllOrders(vocabulary, words, sorters, workDir, out, options);
      await settleSignals();
      out.commit((name) => orderOfCountFile(name) === undefined);
      return { ...files, tokens: vocabulary.tokens, documents: stats.documents, skipped: stats.skipped, spilledRuns };
    } finally {
      for (const sorter of sorters) sorter.dispose();
    }
  } finally {
    out.abort();
    if (workDir !== undefined) removeTempPath(workDir);
  }
}

/** Pass 2: every k-gram of every document, k ≥ 2, into the sorter of its order. */
async function emitGrams(
  reading: CorpusReader,
  idOf: ReadonlyMap<string, number>,
  sorters: readonly ExternalSorter[],
  options: CountNgramsOptions,
): Promise<void> {
  const emitter = new GramEmitter(idOf, sorters);
  await reading.pass((document, source, line) => {
    // Both passes tokenize the same bytes the same way, so only a file changed meanwhile gets here.
    if (!emitter.add(document)) throw new InputError(source.name, line, "a word not seen in the first pass: did the input change while it was counted?");
  }, bytesProgress("n-grams", options));
}

/** Reports the bytes read in a pass as progress of `stage`. */
function bytesProgress(stage: "vocabulary" | "n-grams", options: CountNgramsOptions): BytesHandler | undefined {
  const { onProgress } = options;
  return onProgress && ((bytesRead, totalBytes) => onProgress({ stage, bytesRead, totalBytes }));
}

/**
 * Writes 1-grams … N-grams into the temporary folder of `out`; returns the files (named as they will be
 * in the output folder) and their numbers of rows. Signals are let through between the files.
 */
async function writeAllOrders(
  vocabulary: WordCounter,
  words: readonly string[],
  sorters: readonly ExternalSorter[],
  workDir: string,
  out: AtomicFolder,
  options: CountNgramsOptions,
): Promise<{ files: string[]; grams: number[] }> {
  const encoder = new CountRowEncoder(words);
  writeUnigrams(out.file("1-grams"), encoder, vocabulary);
  const files = [join(options.outDir, "1-grams")];
  const grams = [words.length];
  for (let i = 0; i < sorters.length; i++) {
    await settleSignals();
    const k = i + 2;
    const onRows = (rowsWritten: number, rows: number) => options.onProgress?.({ stage: "writing", order: k, rowsWritten, rows });
    grams.push(writeSortedGrams(sorters[i], k, encoder, out.file(`${k}-grams`), workDir, onRows));
    files.push(join(options.outDir, `${k}-grams`));
  }
  return { files, grams };
}

/** Pass 1: how often each word occurs, and how many k-grams (with repeats) the documents hold. */
class WordCounter {
  /** word → count, until `assignIds` turns it into word → ID. */
  readonly idOf = new Map<string, number>();
  /** occurrences[k - 1]: k-grams counted with repeats, which bounds the distinct ones. */
  readonly occurrences: number[];
  tokens = 0;
  private counts: number[] = [];

  constructor(order: number) {
    this.occurrences = new Array<number>(order).fill(0);
  }

  add(words: string[]): void {
    const counts = this.idOf;
    for (let i = 0; i < words.length; i++) counts.set(words[i], (counts.get(words[i]) ?? 0) + 1);
    const n = words.length;
    for (let k = 1; k <= this.occurrences.length && k <= n; k++) this.occurrences[k - 1] += n - k + 1;
    this.tokens += n;
  }

  /** Orders the words by decreasing count, ties by code-unit order, and maps each word to its position. */
  assignIds(): string[] {
    const entries = [...this.idOf];
    entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const words = entries.map((e) => e[0]);
    this.counts = entries.map((e) => e[1]);
    for (let id = 0; id < words.length; id++) this.idOf.set(words[id], id);
    return words;
  }

  /** The count of the word with this ID (after `assignIds`). */
  countOf(id: number): number {
    return this.counts[id];
  }
}

function writeUnigrams(path: string, encoder: CountRowEncoder, vocabulary: WordCounter): string {
  const words = vocabulary.idOf.size;
  writeCountFile(path, words, encoder, (out) => {
    const id = new Uint32Array(1);
    for (id[0] = 0; id[0] < words; id[0]++) encoder.add(out, id, 0, 1, vocabulary.countOf(id[0]));
  });
  return path;
}

/**
 * One sorter per order 2..N, records [id1 … idk, count], sharing the budget; each order holds at most as
 * many k-grams as it has occurrences.
 */
function makeSorters(occurrences: readonly number[], memoryBytes: number, tempDir: string): ExternalSorter[] {
  const demands = occurrences.slice(1).map((records, i) => ({ recordWords: i + 3, records }));
  return shareSortMemory(demands, memoryBytes).map(
    (budget, i) => new ExternalSorter({ recordWords: i + 3, keyWords: i + 2, memoryBytes: budget, tempDir }),
  );
}

/** Pass 2: pushes every k-gram of a document, k = 2..N, as [id1 … idk, 1] into the sorter of its order. */
class GramEmitter {
  private ids = new Uint32Array(1024);
  /** records[k - 2]: the reusable record of a k-gram, its last word the count 1. */
  private readonly records: Uint32Array[] = [];

  constructor(
    private readonly idOf: ReadonlyMap<string, number>,
    private readonly sorters: readonly ExternalSorter[],
  ) {
    for (let k = 2; k <= sorters.length + 1; k++) {
      const record = new Uint32Array(k + 1);
      record[k] = 1;
      this.records.push(record);
    }
  }

  /** false when a word has no ID (then nothing is pushed). */
  add(words: string[]): boolean {
    const n = words.length;
    if (n < 2) return true;
    const ids = this.idsOf(words);
    if (ids === undefined) return false;
    const maxOrder = Math.min(this.sorters.length + 1, n);
    for (let k = 2; k <= maxOrder; k++) {
      const sorter = this.sorters[k - 2];
      const record = this.records[k - 2];
      for (let i = 0; i + k <= n; i++) {
        for (let j = 0; j < k; j++) record[j] = ids[i + j];
        sorter.push(record);
      }
    }
    return true;
  }

  private idsOf(words: string[]): Uint32Array | undefined {
    if (this.ids.length < words.length) this.ids = new Uint32Array(2 * words.length);
    const ids = this.ids;
    for (let i = 0; i < words.length; i++) {
      const id = this.idOf.get(words[i]);
      if (id === undefined) return undefined;
      ids[i] = id;
    }
    return ids;
  }
}
