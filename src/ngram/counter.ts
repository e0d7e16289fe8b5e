import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../io/errors.js";
import { ExternalSorter, shareSortMemory } from "../io/external_sort.js";
import { AtomicFolder } from "../io/files.js";
import { orderOfCountFile } from "../io/google_counts.js";
import { makeTempDir, removeTempPath, settleSignals } from "../io/temp_paths.js";
import { CountRowEncoder, writeCountFile, type Utf8Words } from "./count_row_encoder.js";
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
  /**
   * Budget of the vocabulary and the external sorts' buffers together (default 1 GiB). The sorts get what
   * the vocabulary leaves, but at least an eighth: a vocabulary larger than the rest goes beyond the budget
   * (told through `onWarning`). Node's own memory, and the text being read, come on top.
   */
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
  /** Told when the memory needed goes beyond `memoryBytes`. */
  onWarning?: (message: string) => void;
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
    const encoder = new CountRowEncoder(vocabulary.assignIds());
    const memoryBytes = options.memoryBytes ?? DEFAULT_COUNT_MEMORY;
    const vocabularyBytes = vocabulary.byteLength + encoder.byteLength;
    const sortBytes = Math.max(memoryBytes - vocabularyBytes, Math.floor(memoryBytes * MIN_SORT_SHARE));
    if (vocabularyBytes + sortBytes > memoryBytes) options.onWarning?.(vocabularyWarning(vocabulary.size, vocabularyBytes, sortBytes, memoryBytes));
    const sorters = makeSorters(vocabulary.occurrences, sortBytes, workDir);
    try {
      if (sorters.length > 0) await emitGrams(reading, vocabulary, sorters, options);
      const spilledRuns = sorters.map((s) => s.runs);
      const files = await writeAllOrders(vocabulary, encoder, sorters, workDir, out, options);
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

/**
 * The share of --memory the sorts keep however large the vocabulary: below it, the runs would be so short
 * that merging them would take long.
 */
const MIN_SORT_SHARE = 1 / 8;

function vocabularyWarning(words: number, vocabularyBytes: number, sortBytes: number, memoryBytes: number): string {
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  return (
    `the vocabulary of ${words} words takes ${mb(vocabularyBytes)} of the ${mb(memoryBytes)} of --memory, ` +
    `and the sorts keep ${mb(sortBytes)}: about ${mb(vocabularyBytes + sortBytes)} in all, beyond --memory`
  );
}

/** Pass 2: every k-gram of every document, k ≥ 2, into the sorter of its order. */
async function emitGrams(
  reading: CorpusReader,
  vocabulary: WordCounter,
  sorters: readonly ExternalSorter[],
  options: CountNgramsOptions,
): Promise<void> {
  const emitter = new GramEmitter(vocabulary, sorters);
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
  encoder: CountRowEncoder,
  sorters: readonly ExternalSorter[],
  workDir: string,
  out: AtomicFolder,
  options: CountNgramsOptions,
): Promise<{ files: string[]; grams: number[] }> {
  writeUnigrams(out.file("1-grams"), encoder, vocabulary);
  const files = [join(options.outDir, "1-grams")];
  const grams = [vocabulary.size];
  for (let i = 0; i < sorters.length; i++) {
    await settleSignals();
    const k = i + 2;
    const onRows = (rowsWritten: number, rows: number) => options.onProgress?.({ stage: "writing", order: k, rowsWritten, rows });
    grams.push(writeSortedGrams(sorters[i], k, encoder, out.file(`${k}-grams`), workDir, onRows));
    files.push(join(options.outDir, `${k}-grams`));
  }
  return { files, grams };
}

const INITIAL_WORDS = 1 << 12;
const INITIAL_UNITS = 1 << 16;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** A 32-bit hash of the UTF-16 code units of `word`: FNV-1a, then MurmurHash3's finalizer for the low bits. */
function hashWord(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Pass 1: the distinct words and how often each occurs, and how many k-grams (with repeats) the documents
 * hold. The words are kept in typed arrays rather than in a Map of strings (an entry and its string cost
 * ~100 bytes a word, and more while the Map grows): the UTF-16 code units of all words back to back, a
 * hash and a count per word, and an open-addressing table of word indices, ~40 bytes a word with the
 * IDs. After `assignIds`, `idOf` gives a word's ID for pass 2.
 */
export class WordCounter {
  /** occurrences[k - 1]: k-grams counted with repeats, which bounds the distinct ones. */
  readonly occurrences: number[];
  tokens = 0;
  /** Distinct words so far. */
  size = 0;
  /** The code units of word i are units[starts[i] … starts[i + 1]). */
  private units = new Uint16Array(INITIAL_UNITS);
  private starts = new Uint32Array(INITIAL_WORDS + 1);
  private hashes = new Uint32Array(INITIAL_WORDS);
  private counts = new Float64Array(INITIAL_WORDS);
  /** Word index + 1 per slot, 0 for an empty slot; at most half full. */
  private slots = new Uint32Array(2 * INITIAL_WORDS);
  /** After `assignIds`: idOfIndex[i] is the ID of word i, and indexOfId its inverse. */
  private idOfIndex = new Uint32Array(0);
  private indexOfId = new Uint32Array(0);

  constructor(order: number) {
    this.occurrences = new Array<number>(order).fill(0);
  }

  add(words: string[]): void {
    for (let i = 0; i < words.length; i++) this.addWord(words[i]);
    const n = words.length;
    for (let k = 1; k <= this.occurrences.length && k <= n; k++) this.occurrences[k - 1] += n - k + 1;
    this.tokens += n;
  }

  /** The ID of `word` (after `assignIds`), or −1 when it was not counted. */
  idOf(word: string): number {
    const index = this.find(word, hashWord(word));
    return index < 0 ? -1 : this.idOfIndex[index];
  }

  /** The count of the word with this ID (after `assignIds`). */
  countOf(id: number): number {
    return this.counts[this.indexOfId[id]];
  }

  /** Bytes of the typed arrays held. */
  get byteLength(): number {
    return (
      this.units.byteLength +
      this.starts.byteLength +
      this.hashes.byteLength +
      this.counts.byteLength +
      this.slots.byteLength +
      this.idOfIndex.byteLength +
      this.indexOfId.byteLength
    );
  }

  /**
   * Orders the words by decreasing count, ties by code-unit order, which fixes their IDs; returns them in
   * that order as UTF-8 bytes for writing.
   */
  assignIds(): Utf8Words {
    const n = this.size;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const counts = this.counts;
    order.sort((a, b) => counts[b] - counts[a] || this.compareWords(a, b));
    this.indexOfId = order;
    this.idOfIndex = new Uint32Array(n);
    for (let id = 0; id < n; id++) this.idOfIndex[order[id]] = id;
    return this.utf8InIdOrder();
  }

  private addWord(word: string): void {
    const hash = hashWord(word);
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (let entry = slots[slot]; entry !== 0; entry = slots[slot]) {
      if (this.hashes[entry - 1] === hash && this.holds(entry - 1, word)) {
        this.counts[entry - 1]++;
        return;
      }
      slot = (slot + 1) & mask;
    }
    const index = this.size++;
    if (this.size > this.hashes.length) this.growWords();
    let at = this.starts[index];
    if (at + word.length > this.units.length) this.growUnits(at + word.length);
    const units = this.units;
    for (let i = 0; i < word.length; i++) units[at++] = word.charCodeAt(i);
    this.starts[index + 1] = at;
    this.hashes[index] = hash;
    this.counts[index] = 1;
    slots[slot] = index + 1;
    if (2 * this.size > slots.length) this.growSlots();
  }

  /** The index of `word`, or −1. */
  private find(word: string, hash: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (let entry = slots[slot]; entry !== 0; entry = slots[slot]) {
      if (this.hashes[entry - 1] === hash && this.holds(entry - 1, word)) return entry - 1;
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  /** Whether word `index` is `word`. */
  private holds(index: number, word: string): boolean {
    const from = this.starts[index];
    if (this.starts[index + 1] - from !== word.length) return false;
    const units = this.units;
    for (let i = 0; i < word.length; i++) if (units[from + i] !== word.charCodeAt(i)) return false;
    return true;
  }

  /** Code-unit order of words a and b (as JavaScript compares strings). */
  private compareWords(a: number, b: number): number {
    const units = this.units;
    const fromA = this.starts[a];
    const fromB = this.starts[b];
    const lengthA = this.starts[a + 1] - fromA;
    const lengthB = this.starts[b + 1] - fromB;
    const n = Math.min(lengthA, lengthB);
    for (let i = 0; i < n; i++) {
      const d = units[fromA + i] - units[fromB + i];
      if (d !== 0) return d;
    }
    return lengthA - lengthB;
  }

  private growWords(): void {
    const capacity = 2 * this.hashes.length;
    const starts = new Uint32Array(capacity + 1);
    starts.set(this.starts);
    this.starts = starts;
    const hashes = new Uint32Array(capacity);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const counts = new Float64Array(capacity);
    counts.set(this.counts);
    this.counts = counts;
  }

  private growUnits(needed: number): void {
    const units = new Uint16Array(Math.max(needed, 2 * this.units.length));
    units.set(this.units);
    this.units = units;
  }

  private growSlots(): void {
    const slots = new Uint32Array(2 * this.slots.length);
    const mask = slots.length - 1;
    for (let index = 0; index < this.size; index++) {
      let slot = this.hashes[index] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }

  /** The words in ID order as UTF-8 (lone surrogates as U+FFFD, as TextEncoder writes them). */
  private utf8InIdOrder(): Utf8Words {
    const n = this.size;
    const start = new Uint32Array(n + 1);
    for (let id = 0; id < n; id++) {
      const index = this.indexOfId[id];
      start[id + 1] = start[id] + utf8Length(this.units, this.starts[index], this.starts[index + 1]);
    }
    const pool = new Uint8Array(start[n]);
    for (let id = 0; id < n; id++) {
      const index = this.indexOfId[id];
      encodeUtf8(this.units, this.starts[index], this.starts[index + 1], pool, start[id]);
    }
    return { pool, start };
  }
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Bytes of the UTF-8 encoding of units[from … to). */
function utf8Length(units: Uint16Array, from: number, to: number): number {
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const u = units[i];
    if (u < 0x80) bytes += 1;
    else if (u < 0x800) bytes += 2;
    else if (isHighSurrogate(u) && i + 1 < to && isLowSurrogate(units[i + 1])) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Writes the UTF-8 encoding of units[from … to) at out[at …]. */
function encodeUtf8(units: Uint16Array, from: number, to: number, out: Uint8Array, at: number): void {
  for (let i = from; i < to; i++) {
    let c = units[i];
    if (c < 0x80) {
      out[at++] = c;
      continue;
    }
    if (c < 0x800) {
      out[at++] = 0xc0 | (c >> 6);
      out[at++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (isHighSurrogate(c) && i + 1 < to && isLowSurrogate(units[i + 1])) {
      c = 0x10000 + ((c - 0xd800) << 10) + (units[++i] - 0xdc00);
      out[at++] = 0xf0 | (c >> 18);
      out[at++] = 0x80 | ((c >> 12) & 0x3f);
      out[at++] = 0x80 | ((c >> 6) & 0x3f);
      out[at++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (isHighSurrogate(c) || isLowSurrogate(c)) c = 0xfffd;
    out[at++] = 0xe0 | (c >> 12);
    out[at++] = 0x80 | ((c >> 6) & 0x3f);
    out[at++] = 0x80 | (c & 0x3f);
  }
}

function writeUnigrams(path: string, encoder: CountRowEncoder, vocabulary: WordCounter): string {
  const words = vocabulary.size;
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
    private readonly vocabulary: WordCounter,
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
      const id = this.vocabulary.idOf(words[i]);
      if (id < 0) return undefined;
      ids[i] = id;
    }
    return ids;
  }
}
