import { statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ArpaWriter, formatFloat32, type ArpaEntry } from "../io/arpa.js";
import { InputError } from "../io/errors.js";
import { float32Bits, float32OfBits } from "../io/float_bits.js";
import { bufferedRecordBytes, compareKeys, ExternalSorter, shareSortMemory } from "../io/external_sort.js";
import { isGzipPath } from "../io/files.js";
import { findCountFiles, forEachCountRow } from "../io/google_counts.js";
import type { DocumentFormat } from "../io/jsonl.js";
import { RecordFileReader, RecordFileWriter, type RecordFile } from "../io/record_file.js";
import { makeTempDir, removeTempPath, settleSignals } from "../io/temp_paths.js";
import { WhitespaceTokenizer, type Tokenizer } from "../text/tokenizer.js";
import { MAX_COUNT_ORDER } from "./counter.js";
import {
  contextGamma,
  DEFAULT_DISCOUNT_FALLBACK,
  DiscountError,
  discountsOf,
  fallbackDiscounts,
  interpolated,
  log10Backoff,
  log10Probability,
  uniformProbability,
  uninterpolated,
  COUNT_OF_COUNTS,
  type DiscountFallback,
} from "./kneser_ney.js";
import { CorpusReader, prepareSources, type TextSource } from "./text_sources.js";

/*
 * Estimates an interpolated modified Kneser-Ney model as KenLM's lmplz does, streaming, with the sorts on
 * disk when they outgrow the memory budget:
 *
 *   A. Every sentence is wrapped in <s> … </s>; at every position the N words ending there (padded on the
 *      left with <s>, as lmplz does) are pushed, reversed, into an external sorter, which adds up equal
 *      N-grams. Word IDs: <unk> 0, <s> 1, </s> 2, then by first appearance.
 *   B. The N-grams come out in suffix order (last word first), where every k-gram's left extensions are
 *      consecutive: one pass gives every order's raw and adjusted counts and the count of counts. Each
 *      k-gram goes to a sorter per order keyed by its context (its first k − 1 words reversed).
 *   C. Per order, context by context, contexts in suffix order: each context's denominator and backoff
 *      γ; each kept n-gram's uninterpolated probability and its context's γ go to a sorter back in suffix
 *      order, which only has to sort stably by the last word; each context's γ goes to a file.
 *   D. Per order, in suffix order: p(w|h) = u(w|h) + γ(h)·p(w|h′), p(w|h′) being found by a merge with the
 *      lower order's probabilities (a file in the same order), the backoff by a merge with the contexts'
 *      γ. The ARPA sections come out in suffix order of the word IDs, unigrams in ID order, as lmplz writes
 *      them, and as backward tries need them.
 */

export const DEFAULT_ESTIMATE_MEMORY = 1 << 30;
export const MAX_ESTIMATE_ORDER = MAX_COUNT_ORDER;
/** The words of IDs 0, 1, 2. */
export const SPECIAL_WORDS: readonly string[] = ["<unk>", "<s>", "</s>"];
const UNK = 0;
const BOS = 1;
const EOS = 2;

export interface ModelOptions {
  /** Largest n-gram length N, 1..16. */
  order: number;
  /**
   * Pruning thresholds per order: an n-gram of order k whose raw count is at most prune[k − 1] is left
   * out. Missing orders repeat the last threshold; non-decreasing, and 0 for unigrams (as lmplz requires).
   */
  prune?: readonly number[];
  /** Budget of the sort buffers of each stage (default 1 GiB); the vocabulary comes on top. */
  memoryBytes?: number;
  /** Where sorted runs and intermediate files go (default: the system's temporary directory). */
  tempDir?: string;
  /**
   * D1, D2, D3+ for an order whose counts of counts give no discounts (some n_j is 0, or a discount falls
   * outside [0, j]), as lmplz's --discount_fallback (lmplz's defaults: `DEFAULT_DISCOUNT_FALLBACK`). Without
   * it such an order is a DiscountError. Each use is told through `onWarning`.
   */
  discountFallback?: DiscountFallback;
  /**
   * The words n-grams may hold (<s>, </s> and <unk> always): n-grams holding any other word are pruned, their
   * mass kept in the backoffs, as lmplz's --limit_vocab_file. Words of the list absent from the text are
   * ignored.
   */
  limitVocabulary?: Iterable<string>;
  /**
   * true: the words <s>, </s> and <unk> in the text are read as whitespace (told once through `onWarning`),
   * as lmplz's --skip_symbols; false (default): they are refused.
   */
  skipSymbols?: boolean;
  /** Told when discounts fall back and when reserved words are skipped. */
  onWarning?: (message: string) => void;
}

export interface EstimateOptions extends ModelOptions {
  /** The ARPA file written (atomically; gzip when the name ends in .gz). */
  arpa: string;
  /** Default: whitespace. */
  tokenizer?: Tokenizer;
  /** Input format for every input; default by file name (.jsonl, .json, optionally .gz: JSONL). */
  format?: DocumentFormat;
  /** JSONL field holding the text (default "text", else "content", else "ids"). */
  field?: string;
  /** false: skip malformed JSONL lines rather than fail (default true). */
  strict?: boolean;
  onProgress?: (progress: EstimateProgress) => void;
}

/** Estimation from count files: the options of the text reader do not apply. */
export type CountsEstimateOptions = Omit<EstimateOptions, "tokenizer" | "format" | "field" | "strict" | "skipSymbols">;

export type EstimateProgress =
  | { stage: "reading"; bytesRead: number; totalBytes: number }
  | { stage: "counting" }
  | { stage: "discounting"; order: number }
  | { stage: "writing"; order: number; written: number; total: number };

export interface EstimateSummary {
  /** N-grams written per order. */
  counts: number[];
  /** Discounts per order: [0, D1, D2, D3+]. */
  discounts: Float32Array[];
  /** Words of the input, without <s> and </s>. */
  tokens: number;
  sentences: number;
  /** Malformed lines skipped (strict: false). */
  skipped: number;
}

export interface EstimatedModel extends Omit<EstimateSummary, "skipped"> {
  /** entries[k − 1]: the k-grams in the order an ARPA file lists them. */
  entries: ArpaEntry[][];
}

/** Where the ARPA model goes: an `ArpaWriter`, or a collector in memory. */
export type ArpaSink = Pick<ArpaWriter, "useVocabulary" | "header" | "beginOrder" | "entryOfReversedIds">;

/** Estimates a model of the text or JSONL `inputs` (paths, "-" for standard input) and writes it as ARPA. */
export async function estimate(inputs: readonly string[], options: EstimateOptions): Promise<EstimateSummary> {
  return withEstimator(options, async (workDir) => {
    const sources = await prepareSources(inputs, workDir, options.format);
    const estimator = new Estimator(options, workDir, inputBound(sources, options));
    const stats = await readCorpus(estimator, sources, options);
    if (estimator.tokenCount === 0) throw new InputError(sources.map((s) => s.name).join(", "), 0, "no words to estimate a model of (no sentences, or empty ones)");
    return { estimator, skipped: stats.skipped };
  });
}

/**
 * The same from the count files DIR/1-grams … DIR/N-grams (Google format, plain or gzip, as `grampack
 * count` writes them) of text whose sentences were wrapped in <s> … </s>: the N-grams, and the shorter
 * n-grams that start with <s> (sentence starts), are all lmplz needs. Word IDs follow the 1-grams file.
 */
export async function estimateFromCounts(dir: string, options: CountsEstimateOptions): Promise<EstimateSummary> {
  const files = findCountFiles(dir, options.order);
  return withEstimator(options, async (workDir) => {
    const estimator = new Estimator(options, workDir, Infinity);
    const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
    let before = 0;
    for (let k = 1; k <= options.order; k++) {
      const file = files[k - 1];
      const report = options.onProgress;
      const onProgress = report && ((bytesRead: number) => report({ stage: "reading", bytesRead: before + bytesRead, totalBytes: bytes }));
      await forEachCountRow(
        file,
        (gram, count, line) => {
          const problem = estimator.addCountRow(gram, count, k === options.order);
          if (problem !== undefined) throw new InputError(file, line, problem);
        },
        { onProgress },
      );
      before += statSync(file).size;
    }
    if (estimator.sentenceCount === 0) throw new InputError(files[0], 0, "no <s>: the counts must be of sentences wrapped in <s> … </s>");
    return { estimator, skipped: 0 };
  });
}

/** The same estimation over sentences already split into words, with the model returned in memory. */
export function estimateFromSentences(sentences: Iterable<readonly string[]>, options: ModelOptions): EstimatedModel {
  const workDir = makeTempDir(options.tempDir ?? tmpdir(), "grampack-estimate-");
  let estimator: Estimator | undefined;
  try {
    estimator = new Estimator(options, workDir, Infinity);
    let index = 0;
    for (const words of sentences) {
      const reserved = estimator.addSentence(words);
      if (reserved !== undefined) throw new RangeError(`sentence ${index}: ${reservedMessage(reserved)}`);
      index++;
    }
    const collector = new ArpaCollector();
    const summary = estimator.finish(collector);
    return { ...summary, entries: collector.entries };
  } finally {
    estimator?.dispose();
    removeTempPath(workDir);
  }
}

/**
 * Runs `fill` in a fresh work folder, then estimates the model into the ARPA file; the work folder and
 * the estimator's sorted runs are removed in every case, and the ARPA file is left untouched on failure.
 * The writer is opened first, so that an output that cannot be written is refused before any work.
 */
async function withEstimator(
  options: CountsEstimateOptions,
  fill: (workDir: string) => Promise<{ estimator: Estimator; skipped: number }>,
): Promise<EstimateSummary> {
  const writer = new ArpaWriter(options.arpa);
  let workDir: string | undefined;
  let estimator: Estimator | undefined;
  try {
    workDir = makeTempDir(options.tempDir ?? tmpdir(), "grampack-estimate-");
    const filled = await fill(workDir);
    estimator = filled.estimator;
    const summary = estimator.finish(writer, options.onProgress);
    await settleSignals();
    writer.commit();
    return { ...summary, skipped: filled.skipped };
  } finally {
    writer.abort();
    estimator?.dispose();
    if (workDir !== undefined) removeTempPath(workDir);
  }
}

async function readCorpus(estimator: Estimator, sources: TextSource[], options: EstimateOptions): Promise<{ skipped: number }> {
  const { onProgress } = options;
  const reading = new CorpusReader(sources, options);
  return reading.pass(
    (words, source, line) => {
      const reserved = estimator.addSentence(words);
      if (reserved !== undefined) throw new InputError(source.name, line, reservedMessage(reserved));
    },
    onProgress && ((bytesRead, totalBytes) => onProgress({ stage: "reading", bytesRead, totalBytes })),
  );
}

function reservedMessage(word: string): string {
  return `the word "${word}" is reserved (sentences are wrapped in <s> … </s>, unknown words are <unk>)`;
}

/**
 * At most how many N-gram occurrences the inputs hold: one per word and one per line (its </s>), and a
 * word takes at least one byte of plain text split at whitespace. Unknown for other inputs.
 */
function inputBound(sources: readonly TextSource[], options: EstimateOptions): number {
  const plain = sources.every((s) => s.format === "text" && !isGzipPath(s.path));
  if (!plain || (options.tokenizer !== undefined && !(options.tokenizer instanceof WhitespaceTokenizer))) return Infinity;
  return sources.reduce((sum, s) => sum + s.bytes + 1, 0);
}

/** The pruning thresholds of every order, checked (RangeError when lmplz would refuse them). */
export function pruneThresholds(order: number, prune: readonly number[] = []): number[] {
  if (prune.length > order) throw new RangeError(`${prune.length} pruning thresholds for an order-${order} model`);
  const thresholds: number[] = [];
  for (let k = 0; k < order; k++) {
    const t = prune[Math.min(k, prune.length - 1)] ?? 0;
    if (!(Number.isInteger(t) && t >= 0)) throw new RangeError(`pruning threshold ${t} is not a non-negative integer`);
    if (k > 0 && t < thresholds[k - 1]) throw new RangeError(`pruning thresholds must not decrease, got ${prune.join(" ")}`);
    thresholds.push(t);
  }
  if (thresholds[0] !== 0) throw new RangeError("unigrams cannot be pruned: the first threshold must be 0");
  return thresholds;
}

/** Stage A, then B to D on `finish`. */
class Estimator {
  private readonly order: number;
  private readonly thresholds: number[];
  private readonly memoryBytes: number;
  /** [0, D1, D2, D3+] for the orders whose counts give no discounts, or undefined: they are an error. */
  private readonly fallback: Float32Array | undefined;
  private readonly allowedWords: ReadonlySet<string> | undefined;
  private readonly skipSymbols: boolean;
  private skippedSymbol = false;
  private readonly onWarning: ((message: string) => void) | undefined;
  private readonly idOf = new Map<string, number>(SPECIAL_WORDS.map((w, id) => [w, id]));
  private readonly words: string[] = [...SPECIAL_WORDS];
  /** Stage A: padded N-grams, reversed, with their counts. */
  private readonly grams: ExternalSorter;
  private ids = new Uint32Array(64);
  private readonly record: Uint32Array;
  /** Records pushed into `grams`: at least as many as the distinct n-grams of any order. */
  private pushed = 0;
  private tokens = 0;
  private sentences = 0;
  private readonly sorters: ExternalSorter[] = [];

  constructor(
    options: ModelOptions,
    private readonly workDir: string,
    maxOccurrences: number,
  ) {
    const { order } = options;
    if (!(Number.isInteger(order) && order >= 1 && order <= MAX_ESTIMATE_ORDER)) throw new RangeError(`order must be 1..${MAX_ESTIMATE_ORDER}, got ${order}`);
    this.order = order;
    this.thresholds = pruneThresholds(order, options.prune);
    this.memoryBytes = options.memoryBytes ?? DEFAULT_ESTIMATE_MEMORY;
    this.fallback = options.discountFallback && fallbackDiscounts(options.discountFallback);
    this.allowedWords = options.limitVocabulary && new Set(options.limitVocabulary);
    this.skipSymbols = options.skipSymbols ?? false;
    this.onWarning = options.onWarning;
    const budget = Math.min(this.memoryBytes, maxOccurrences * bufferedRecordBytes(order + 1));
    this.grams = this.track(new ExternalSorter({ recordWords: order + 1, keyWords: order, memoryBytes: budget, tempDir: workDir }));
    this.record = new Uint32Array(order + 1);
    this.record[order] = 1;
  }

  /**
   * Adds one sentence; returns a reserved word it holds (and then adds nothing), else undefined. With
   * `skipSymbols`, reserved words are left out instead.
   */
  addSentence(words: readonly string[]): string | undefined {
    if (this.ids.length < words.length + 2) this.ids = new Uint32Array(2 * (words.length + 2));
    const ids = this.ids;
    ids[0] = BOS;
    let n = 0;
    for (let i = 0; i < words.length; i++) {
      const id = this.idOf.get(words[i]);
      if (id !== undefined && id <= EOS) {
        if (!this.skipSymbols) return words[i];
        this.warnSkipped(words[i]);
        continue;
      }
      ids[++n] = id ?? this.newWord(words[i]);
    }
    ids[n + 1] = EOS;
    const order = this.order;
    const record = this.record;
    for (let end = 1; end <= n + 1; end++) {
      for (let j = 0; j < order; j++) record[j] = end >= j ? ids[end - j] : BOS;
      this.grams.push(record);
    }
    this.pushed += n + 1;
    this.tokens += n;
    this.sentences++;
    return undefined;
  }

  /** Sentences added, or counted by the rows of <s> (count files). */
  get sentenceCount(): number {
    return this.sentences;
  }

  /** Words added, <s> and </s> not counted. */
  get tokenCount(): number {
    return this.tokens;
  }

  /**
   * Adds one row of a count file of sentences wrapped in <s> … </s>: an N-gram (`highest`), or a shorter
   * n-gram that starts with <s>, is one padded N-gram of lmplz; unigrams only give words their IDs and
   * the corpus its size. Returns what is wrong with the row, or undefined.
   */
  addCountRow(gram: string, count: number, highest: boolean): string | undefined {
    const words = gram.split(" ");
    const n = words.length;
    const ids = this.idsOfRow(words);
    if (ids === undefined) return `"<unk>" in a count file: unknown words cannot be counted`;
    for (let i = 1; i < n; i++) if (ids[i] === BOS) return "<s> after the first word: the sentences were not wrapped in <s> … </s>";
    if (n === 1) this.countUnigram(ids[0], count);
    if (ids[0] === BOS ? n === 1 : !highest) return undefined;
    const record = this.record;
    for (let j = 0; j < this.order; j++) record[j] = j < n ? ids[n - 1 - j] : BOS;
    record[this.order] = count;
    this.grams.push(record);
    this.pushed++;
    return undefined;
  }

  private idsOfRow(words: readonly string[]): Uint32Array | undefined {
    if (this.ids.length < words.length) this.ids = new Uint32Array(2 * words.length);
    for (let i = 0; i < words.length; i++) {
      const id = this.idOf.get(words[i]) ?? this.newWord(words[i]);
      if (id === UNK) return undefined;
      this.ids[i] = id;
    }
    return this.ids;
  }

  private countUnigram(id: number, count: number): void {
    if (id === BOS) this.sentences += count;
    else if (id !== EOS) this.tokens += count;
  }

  /** Stages B to D: the model into `sink`. */
  finish(sink: ArpaSink, onProgress?: (progress: EstimateProgress) => void): Omit<EstimateSummary, "skipped"> {
    onProgress?.({ stage: "counting" });
    const byContext = this.contextSorters();
    const adjuster = new CountAdjuster(this.order, this.thresholds, this.outsideWords(), byContext);
    this.grams.finish((block, count) => adjuster.add(block, count));
    adjuster.close();
    const discounts = adjuster.countOfCounts.map((n, i) => this.discountsOf(i + 1, n));
    const pass = new ContextPass(discounts, this.workDir);
    const interpolator = new Interpolator(this.words, this.workDir, this.order, sink, adjuster.kept, onProgress);
    // Order k − 1 is written as soon as pass k has given the γ of its n-grams as contexts, so at most two
    // orders wait in suffix order at a time; they share the budget.
    for (let k = 1; k <= this.order; k++) {
      onProgress?.({ stage: "discounting", order: k });
      const memoryBytes = Math.min(Math.floor(this.memoryBytes / 2), adjuster.kept[k - 1] * bufferedRecordBytes(k + 2));
      // Contexts come out of pass k in suffix order, so a stable sort by the last word alone gives the
      // n-grams in suffix order.
      const bySuffix = this.track(new ExternalSorter({ recordWords: k + 2, keyWords: 1, reduce: false, memoryBytes, tempDir: this.workDir }));
      const contexts = pass.run(k, byContext[k - 1], bySuffix);
      if (k > 1) interpolator.writeNext(contexts);
      interpolator.enqueue(bySuffix);
    }
    interpolator.writeNext(undefined);
    return { counts: adjuster.kept, discounts, tokens: this.tokens, sentences: this.sentences };
  }

  dispose(): void {
    for (const sorter of this.sorters) sorter.dispose();
  }

  /** The discounts of order k from its counts of counts, or the fallback where lmplz falls back. */
  private discountsOf(k: number, countOfCounts: Float64Array): Float32Array {
    try {
      return discountsOf(k, countOfCounts);
    } catch (e) {
      if (!(e instanceof DiscountError)) throw e;
      const fallback = this.fallback;
      if (fallback === undefined) {
        throw new DiscountError(e.reason, `give the option discountFallback to use ${DEFAULT_DISCOUNT_FALLBACK.join(" ")} as lmplz does`);
      }
      const [d1, d2, d3] = [fallback[1], fallback[2], fallback[3]].map(formatFloat32);
      this.onWarning?.(`${e.reason}; using the fallback discounts D1=${d1} D2=${d2} D3+=${d3}`);
      return fallback.slice();
    }
  }

  /** With a limited vocabulary, outside[id] = 1 for the words of the text not in it; else undefined. */
  private outsideWords(): Uint8Array | undefined {
    const allowed = this.allowedWords;
    if (allowed === undefined) return undefined;
    const outside = new Uint8Array(this.words.length);
    for (let id = EOS + 1; id < this.words.length; id++) outside[id] = allowed.has(this.words[id]) ? 0 : 1;
    return outside;
  }

  private warnSkipped(word: string): void {
    if (this.skippedSymbol) return;
    this.skippedSymbol = true;
    this.onWarning?.(`the word "${word}" appears in the text: every <s>, </s> and <unk> is read as whitespace`);
  }

  private newWord(word: string): number {
    const id = this.words.length;
    this.words.push(word);
    this.idOf.set(word, id);
    return id;
  }

  /** Stage B's sorters, one per order k, keyed by context: records [context reversed, last word, pruned, adjusted]. */
  private contextSorters(): ExternalSorter[] {
    // No order has more n-grams than there are records; unigrams add <unk> and <s>.
    const demands = Array.from({ length: this.order }, (_, i) => ({ recordWords: i + 3, records: this.pushed + 2 }));
    return shareSortMemory(demands, this.memoryBytes).map((budget, i) =>
      // Sorted by context only: the n-grams of one context are needed together, in no particular order.
      this.track(new ExternalSorter({ recordWords: i + 3, keyWords: Math.max(1, i), reduce: false, memoryBytes: budget, tempDir: this.workDir })),
    );
  }

  private track(sorter: ExternalSorter): ExternalSorter {
    this.sorters.push(sorter);
    return sorter;
  }
}

/** Whether lmplz leaves this n-gram out: raw count at most the threshold, special unigrams never. */
function isPruned(thresholds: readonly number[], order: number, word: number, raw: number): boolean {
  return raw <= thresholds[order - 1] && !(order === 1 && word <= EOS);
}

/**
 * Stage B: reads the N-grams in suffix order and sends each order's n-grams, with whether they are pruned
 * and their adjusted counts, to that order's sorter keyed by context.
 */
class CountAdjuster {
  /** countOfCounts[k − 1][j]: k-grams with adjusted count j, 1 ≤ j ≤ 4, pruned ones included. */
  readonly countOfCounts: Float64Array[];
  /** kept[k − 1]: k-grams left after pruning. */
  readonly kept: number[];
  /** The previous N-gram (reversed) and how many of its words are real (up to and including the first <s>). */
  private readonly previous: Uint32Array;
  private previousLength = 0;
  /** raw[k], adjusted[k]: counts of the k-gram ending the previous N-gram, so far. */
  private readonly raw: Float64Array;
  private readonly adjusted: Float64Array;
  private readonly out: Uint32Array;

  constructor(
    private readonly order: number,
    private readonly thresholds: readonly number[],
    /** outside[id] = 1 for the words outside a limited vocabulary; undefined: no limit. */
    private readonly outside: Uint8Array | undefined,
    private readonly sorters: readonly ExternalSorter[],
  ) {
    this.countOfCounts = Array.from({ length: order }, () => new Float64Array(COUNT_OF_COUNTS + 1));
    this.kept = new Array<number>(order).fill(0);
    this.previous = new Uint32Array(order);
    this.raw = new Float64Array(order + 1);
    this.adjusted = new Float64Array(order + 1);
    this.out = new Uint32Array(order + 2);
    // <unk> and <s> never end an n-gram of the text, but are unigrams with adjusted count 0.
    for (const word of [UNK, BOS]) this.emitUnigram(word);
  }

  add(records: Uint32Array, count: number): void {
    const n = this.order;
    const previous = this.previous;
    const raw = this.raw;
    const adjusted = this.adjusted;
    for (let i = 0, at = 0; i < count; i++, at += n + 1) {
      let length = 1;
      while (length < n && records[at + length - 1] !== BOS) length++;
      let same = 0;
      if (this.previousLength > 0) while (same < n && records[at + same] === previous[same]) same++;
      for (let k = this.previousLength; k > same; k--) this.emit(k);
      const c = records[at + n];
      const shared = Math.min(same, length);
      for (let k = 1; k <= shared; k++) raw[k] += c;
      for (let k = shared + 1; k <= length; k++) {
        raw[k] = c;
        adjusted[k] = 0;
      }
      // A new (k+1)-gram is one more distinct left extension of its last k words.
      for (let k = Math.max(same, 1); k < length; k++) adjusted[k]++;
      for (let j = 0; j < n; j++) previous[j] = records[at + j];
      this.previousLength = length;
    }
  }

  close(): void {
    // lmplz counts the last n-gram of each order in the counts of counts by its raw count, not its adjusted
    // one (which it writes as usual): done too, as the discounts of small corpora show it.
    for (let k = this.previousLength; k >= 1; k--) this.emit(k, true);
    this.previousLength = 0;
  }

  /** The k-gram ending the previous N-gram is complete; `last`: the last k-gram of the input. */
  private emit(k: number, last = false): void {
    // lmplz keeps the raw count of the longest n-gram of a record, which starts with <s> or is an N-gram.
    const a = k === this.previousLength ? this.raw[k] : this.adjusted[k];
    const out = this.out;
    const previous = this.previous;
    for (let j = 1; j < k; j++) out[j - 1] = previous[j];
    out[k - 1] = previous[0];
    this.push(k, a, this.holdsOutsideWord(k) || isPruned(this.thresholds, k, previous[0], this.raw[k]), last ? this.raw[k] : a);
  }

  private emitUnigram(word: number): void {
    this.out[0] = word;
    this.push(1, 0, false, 0);
  }

  /** Sends a k-gram to its sorter; `counted`: the count it adds to the counts of counts. */
  private push(k: number, adjusted: number, pruned: boolean, counted: number): void {
    if (counted >= 1 && counted <= COUNT_OF_COUNTS) this.countOfCounts[k - 1][counted]++;
    if (!pruned) this.kept[k - 1]++;
    this.out[k] = pruned ? 1 : 0;
    this.out[k + 1] = adjusted;
    this.sorters[k - 1].push(this.out);
  }

  /** Whether the k-gram ending the previous N-gram holds a word outside the limited vocabulary. */
  private holdsOutsideWord(k: number): boolean {
    const outside = this.outside;
    if (outside === undefined) return false;
    for (let j = 0; j < k; j++) if (outside[this.previous[j]] !== 0) return true;
    return false;
  }
}

/** The records of one context, gathered from the blocks of a sorter. */
class GroupBuffer {
  data: Uint32Array;
  length = 0;

  constructor(private readonly recordWords: number) {
    this.data = new Uint32Array(64 * recordWords);
  }

  add(source: Uint32Array, at: number): void {
    const k = this.recordWords;
    if (this.length + k > this.data.length) {
      const grown = new Uint32Array(2 * this.data.length);
      grown.set(this.data);
      this.data = grown;
    }
    for (let j = 0; j < k; j++) this.data[this.length + j] = source[at + j];
    this.length += k;
  }
}

/**
 * Stage C for one order: reads the k-grams grouped by context, contexts in suffix order, [context reversed,
 * last word, pruned, adjusted], and computes each context's γ and each kept k-gram's uninterpolated
 * probability.
 */
class ContextPass {
  private readonly out = new Uint32Array(MAX_ESTIMATE_ORDER + 2);
  /** kept[j]: kept extensions of the current context with adjusted count j (3: 3 or more). */
  private readonly kept = new Float64Array(4);
  private denominator = 0;

  constructor(
    private readonly discounts: readonly Float32Array[],
    private readonly workDir: string,
  ) {}

  /**
   * Sends [k-gram reversed, u, γ of its context] of every kept k-gram to `output`; returns the file of the
   * contexts' γ, [context reversed, γ], in suffix order of the contexts (none for unigrams).
   */
  run(k: number, input: ExternalSorter, output: ExternalSorter): RecordFile | undefined {
    const contexts = k > 1 ? new RecordFileWriter(join(this.workDir, `gamma-${k - 1}.u32`), k) : undefined;
    const group = new GroupBuffer(k + 2);
    const contextWords = k - 1;
    input.finish((block, count) => {
      for (let i = 0, at = 0; i < count; i++, at += k + 2) {
        if (group.length > 0 && compareKeys(group.data, 0, block, at, contextWords) !== 0) {
          this.closeGroup(k, group, output, contexts);
        }
        group.add(block, at);
      }
    });
    if (group.length > 0) this.closeGroup(k, group, output, contexts);
    return contexts?.close();
  }

  private closeGroup(k: number, group: GroupBuffer, output: ExternalSorter, contexts: RecordFileWriter | undefined): void {
    const gamma = this.gammaOf(k, group);
    this.emitKept(k, group, gamma, output);
    if (contexts) this.emitContext(k, group, gamma, contexts);
    group.length = 0;
  }

  /** The γ of the group's context; its denominator is left in `denominator`. */
  private gammaOf(k: number, group: GroupBuffer): number {
    const data = group.data;
    const kept = this.kept;
    kept.fill(0);
    let denominator = 0;
    let prunedMass = 0;
    for (let at = 0; at < group.length; at += k + 2) {
      const adjusted = data[at + k + 1];
      denominator += adjusted;
      if (data[at + k] !== 0) prunedMass += adjusted;
      else kept[adjusted < 3 ? adjusted : 3]++;
    }
    this.denominator = denominator;
    return contextGamma(this.discounts[k - 1], kept[1], kept[2], kept[3], prunedMass, denominator);
  }

  /** [k-gram reversed, u, γ] of every kept k-gram of the group, to the sorter in suffix order. */
  private emitKept(k: number, group: GroupBuffer, gamma: number, output: ExternalSorter): void {
    const data = group.data;
    const out = this.out;
    const discounts = this.discounts[k - 1];
    for (let at = 0; at < group.length; at += k + 2) {
      const word = data[at + k - 1];
      if (data[at + k] !== 0) continue;
      // lmplz gives <s> probability 1 and no share of γ: it is never predicted, only a context.
      const sentenceStart = k === 1 && word === BOS;
      out[0] = word;
      for (let j = 1; j < k; j++) out[j] = data[at + j - 1];
      out[k] = float32Bits(sentenceStart ? 1 : uninterpolated(discounts, data[at + k + 1], this.denominator));
      out[k + 1] = float32Bits(sentenceStart ? 0 : gamma);
      output.push(out);
    }
  }

  /** [context reversed, γ]: the context's first k − 1 words are those of every record of the group. */
  private emitContext(k: number, group: GroupBuffer, gamma: number, contexts: RecordFileWriter): void {
    const out = this.out;
    for (let j = 0; j < k - 1; j++) out[j] = group.data[j];
    out[k - 1] = float32Bits(gamma);
    contexts.push(out);
  }
}

/** Stage D: the interpolated probabilities and the backoffs, order by order, into the sink. */
class Interpolator {
  /** Orders whose n-grams, [k-gram reversed, u, γ of its context], wait to be written, lowest first. */
  private readonly waiting: ExternalSorter[] = [];
  private written = 0;
  /** Entries of the current order written so far. */
  private entries = 0;
  private readonly record = new Uint32Array(MAX_ESTIMATE_ORDER + 1);
  /** The probabilities of the last order written, [k-gram reversed, p], for the next. */
  private lower: RecordFile | undefined;
  private readonly uniform: number;

  constructor(
    words: readonly string[],
    private readonly workDir: string,
    private readonly order: number,
    private readonly sink: ArpaSink,
    private readonly counts: readonly number[],
    private readonly onProgress?: (progress: EstimateProgress) => void,
  ) {
    // lmplz counts the unigrams it writes: fewer than the words when a limited vocabulary prunes some.
    this.uniform = uniformProbability(counts[0]);
    sink.useVocabulary(words);
    sink.header(counts);
  }

  enqueue(bySuffix: ExternalSorter): void {
    this.waiting.push(bySuffix);
  }

  /** Writes the lowest waiting order, given the γ of its n-grams as contexts (none at the highest order). */
  writeNext(contexts: RecordFile | undefined): void {
    const k = ++this.written;
    this.sink.beginOrder(k);
    this.entries = 0;
    const lowerProbs = this.lower && new RecordFileReader(this.lower);
    const backoffs = contexts && new RecordFileReader(contexts);
    const probs = k < this.order ? new RecordFileWriter(join(this.workDir, `p-${k}.u32`), k + 1) : undefined;
    try {
      this.waiting.shift()!.finish((block, count) => this.writeBlock(k, block, count, lowerProbs, backoffs, probs));
    } finally {
      lowerProbs?.close();
      backoffs?.close();
    }
    this.lower = probs?.close();
  }

  private writeBlock(
    k: number,
    block: Uint32Array,
    count: number,
    lowerProbs: RecordFileReader | undefined,
    backoffs: RecordFileReader | undefined,
    probs: RecordFileWriter | undefined,
  ): void {
    const record = this.record;
    for (let i = 0, at = 0; i < count; i++, at += k + 2) {
      const lowerP = lowerProbs ? probabilityOf(lowerProbs, block, at, k - 1) : this.uniform;
      const p = interpolated(float32OfBits(block[at + k]), float32OfBits(block[at + k + 1]), lowerP);
      const backoff = backoffs ? log10Backoff(gammaOf(backoffs, block, at, k)) : undefined;
      this.sink.entryOfReversedIds(block, at, log10Probability(p), backoff);
      if (probs) {
        for (let j = 0; j < k; j++) record[j] = block[at + j];
        record[k] = float32Bits(p);
        probs.push(record);
      }
    }
    this.entries += count;
    this.onProgress?.({ stage: "writing", order: k, written: this.entries, total: this.counts[k - 1] });
  }
}

/** p(w|h′) of the (m)-gram `key[at … at + m)` (reversed), from a file of probabilities in the same order. */
function probabilityOf(reader: RecordFileReader, key: Uint32Array, at: number, m: number): number {
  while (reader.valid && compareKeys(reader.block, reader.pos, key, at, m) < 0) reader.next();
  if (!reader.valid || compareKeys(reader.block, reader.pos, key, at, m) !== 0) {
    throw new Error("estimate: an n-gram whose suffix is missing (internal error)");
  }
  return float32OfBits(reader.block[reader.pos + m]);
}

/** γ of the k-gram `key[at … at + k)` as a context, or 1 when it is none (it ends in </s>). */
function gammaOf(reader: RecordFileReader, key: Uint32Array, at: number, k: number): number {
  while (reader.valid && compareKeys(reader.block, reader.pos, key, at, k) < 0) reader.next();
  if (reader.valid && compareKeys(reader.block, reader.pos, key, at, k) === 0) return float32OfBits(reader.block[reader.pos + k]);
  return 1;
}

/** Keeps the model in memory, for `estimateFromSentences`. */
class ArpaCollector implements ArpaSink {
  readonly entries: ArpaEntry[][] = [];
  private words: readonly string[] = [];

  useVocabulary(words: readonly string[]): void {
    this.words = words;
  }

  header(): void {}

  beginOrder(): void {
    this.entries.push([]);
  }

  entryOfReversedIds(ids: Uint32Array, at: number, logProb: number, backoff: number | undefined): void {
    const order = this.entries.length;
    let words = this.words[ids[at + order - 1]];
    for (let j = order - 2; j >= 0; j--) words += ` ${this.words[ids[at + j]]}`;
    this.entries[order - 1].push({ order, words, logProb, backoff, lineNumber: 0 });
  }
}
