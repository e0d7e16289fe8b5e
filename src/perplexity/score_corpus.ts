import { statSync } from "node:fs";
import { InputError } from "../io/errors.js";
import { expandInputs } from "../io/input_files.js";
import { documentFormatOf, JsonlAsTextCheck, type DocumentFormat } from "../io/jsonl.js";
import { readLineBatches, STDIN } from "../io/lines.js";
import type { BackoffModel } from "../ngram/backoff_model.js";
import { HfTokenizer } from "../text/hf_tokenizer.js";
import type { Normalization } from "../text/normalize.js";
import { loadTokenizer, WhitespaceTokenizer, WHITESPACE, type Tokenizer } from "../text/tokenizer.js";
import { DocumentScorer, perplexityOf, tokenIdMap, type ScoreFigures } from "./document_scorer.js";
import { FIGURES, scoreBatch, type Batch, type BatchKind, type BatchOutput, type BatchResult, type Records } from "./score_batch.js";
import { ScoringPool } from "./scoring_pool.js";

/** How documents are read and scored. Every field has a default. */
export interface DocumentScoreOptions {
  /** The tokenizer the model was estimated with: "whitespace" (default), a tokenizer.json path, or a Tokenizer. */
  tokenizer?: string | Tokenizer;
  /** Normalization of the text before tokenizing, as the model's training text had (default "none"). */
  normalize?: Normalization;
  /** Score each sentence as `<s> … </s>` (KenLM's query, CCNet); default false: from the empty context (Tongrams). */
  wrap?: boolean;
  /**
   * Threads scoring documents (default 1: the calling thread). Worker threads share the model's memory;
   * they need a tokenizer given by name or path, or a whitespace or tokenizer.json one.
   */
  threads?: number;
}

/** The score of one document. */
export interface DocumentScore extends ScoreFigures {
  /** 10^(−log10Prob / tokens); NaN for a document with nothing to score. */
  perplexity: number;
}

/**
 * Scores documents (each a text whose lines are its sentences; blank lines skipped) in order, one score
 * per document, on `options.threads` threads.
 */
export async function* scoreDocuments(
  model: BackoffModel,
  documents: Iterable<string> | AsyncIterable<string>,
  options: DocumentScoreOptions = {},
): AsyncGenerator<DocumentScore> {
  const runner = BatchRunner.create(model, options, { records: "none", idField: "id", strict: true, fileInRecords: false });
  try {
    const results = orderedResults(runner, documentBatches(documents));
    for await (const { batch, result } of results) {
      let f = 0;
      for (let i = 0; i < batch.items.length; i++) {
        const scored = f < result.figures.length && result.figures[f] === batch.firstLineNumber + i;
        yield scored ? scoreAt(result.figures, f) : { log10Prob: 0, oovLog10Prob: 0, tokens: 0, oovs: 0, sentences: 0, perplexity: NaN };
        if (scored) f += FIGURES;
      }
    }
  } finally {
    await runner.close();
  }
}

/** How a corpus of files is read, scored and written (the `score` and `filter` commands). */
export interface CorpusScoreOptions extends DocumentScoreOptions {
  /** Default: by file name (.jsonl, .json, optionally .gz), as `count` and `estimate` decide. */
  format?: DocumentFormat;
  /** JSONL field of the text (default "text", else "content"). */
  field?: string;
  /** JSONL field copied into each record as the document's id (default "id"). */
  idField?: string;
  /** Fail on the first malformed JSONL line (default), or skip such lines and count them. */
  strict?: boolean;
  /** Records to make of each document (default none). */
  records?: Records;
  /** Add each document's perplexity to its JSONL line under this field (BatchResult.annotated). */
  annotate?: string;
  /** Bytes read so far of all inputs and their total size (NaN for standard input). */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** A corpus's totals: those of `score`, and what was read. */
export interface CorpusTotals extends ScoreFigures {
  documents: number;
  /** Blank JSONL lines, which are no documents. */
  blank: number;
  /** Malformed JSONL lines skipped (strict: false). */
  skipped: number;
  /** Why (the first few). */
  skipNotes: string[];
}

/** Receives each batch's result in input order; may write it out. */
export type BatchSink = (batch: Batch, result: BatchResult) => void | Promise<void>;

/**
 * Scores the documents of files (plain or gzip; directories give their .jsonl, .json and .txt files; globs
 * in the last path component; "-" is standard input), passing each batch's result to `sink` in input
 * order; returns the totals. The output is the same for any number of threads.
 */
export async function scoreCorpus(model: BackoffModel, inputs: readonly string[], options: CorpusScoreOptions, sink: BatchSink): Promise<CorpusTotals> {
  const files = expandInputs(inputs);
  const output: BatchOutput = {
    records: options.records ?? "none",
    annotate: options.annotate,
    field: options.field,
    idField: options.idField ?? "id",
    strict: options.strict ?? true,
    fileInRecords: files.length > 1,
  };
  if (output.annotate !== undefined) {
    const text = files.find((f) => kindOf(f, options.format) !== "jsonl");
    if (text !== undefined) throw new InputError(nameOf(text), 0, "annotating needs JSONL input (a .jsonl file, or --format jsonl)");
  }
  const totals: CorpusTotals = { log10Prob: 0, oovLog10Prob: 0, tokens: 0, oovs: 0, sentences: 0, documents: 0, blank: 0, skipped: 0, skipNotes: [] };
  const runner = BatchRunner.create(model, options, output);
  try {
    for await (const { batch, result } of orderedResults(runner, fileBatches(files, options))) {
      addTotals(totals, result);
      await sink(batch, result);
    }
  } finally {
    await runner.close();
  }
  return totals;
}

/** Batches waiting at every worker before the calling thread scores the next one itself. */
const QUEUED_BEFORE_LOCAL = 2;

/**
 * Scores batches on the calling thread and, with more than one thread, on threads − 1 workers: a batch
 * goes to a worker unless every worker has QUEUED_BEFORE_LOCAL waiting (while they load their tokenizer,
 * too), and then the calling thread, which otherwise only reads and writes, scores it.
 */
class BatchRunner {
  private constructor(
    private readonly scorer: DocumentScorer,
    private readonly pool: ScoringPool | undefined,
    private readonly output: BatchOutput,
    /** Batches in flight at once: enough to keep every thread busy, few enough to bound memory. */
    readonly depth: number,
  ) {}

  static create(model: BackoffModel, options: DocumentScoreOptions, output: BatchOutput): BatchRunner {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
    const tokenizer = typeof options.tokenizer === "string" ? loadTokenizer(options.tokenizer) : (options.tokenizer ?? new WhitespaceTokenizer());
    const idMap = tokenizer instanceof HfTokenizer ? tokenIdMap(tokenizer, (w) => model.vocabulary.lookup(w)) : undefined;
    const scoring = { wrap: options.wrap ?? false, normalize: options.normalize ?? "none" };
    const scorer = new DocumentScorer(model.heap, model.scoringHandle(), tokenizer, idMap, scoring);
    if (threads === 1) return new BatchRunner(scorer, undefined, output, 1);
    const setup = { handle: model.scoringHandle(), tokenizer: tokenizerSpec(tokenizer), idMap, scoring, output };
    return new BatchRunner(scorer, new ScoringPool(model.heap, setup, threads - 1), output, 3 * threads);
  }

  run(batch: Batch): Promise<BatchResult> {
    if (this.pool && !this.pool.allWaiting(QUEUED_BEFORE_LOCAL)) return this.pool.score(batch);
    try {
      return Promise.resolve(scoreBatch(this.scorer, batch, this.output));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}

/** What a worker thread loads to tokenize as `tokenizer` does. */
function tokenizerSpec(tokenizer: Tokenizer): string {
  if (tokenizer instanceof WhitespaceTokenizer) return WHITESPACE;
  if (tokenizer instanceof HfTokenizer) return tokenizer.description;
  throw new RangeError(`a tokenizer of the caller's own ("${tokenizer.description}") can score on one thread only`);
}

/** Runs the batches with up to `runner.depth` in flight, yielding their results in input order. */
async function* orderedResults(runner: BatchRunner, batches: AsyncIterable<Batch>): AsyncGenerator<{ batch: Batch; result: BatchResult }> {
  const inFlight: { batch: Batch; result: Promise<BatchResult> }[] = [];
  try {
    for await (const batch of batches) {
      inFlight.push({ batch, result: runner.run(batch) });
      if (inFlight.length >= runner.depth) {
        const head = inFlight.shift()!;
        yield { batch: head.batch, result: await head.result };
      }
    }
    while (inFlight.length > 0) {
      const head = inFlight.shift()!;
      yield { batch: head.batch, result: await head.result };
    }
  } finally {
    // Results nobody awaits any more (after an error) must not be reported as unhandled.
    for (const pending of inFlight) pending.result.catch(() => undefined);
  }
}

/** Characters per batch: large enough that posting it costs little beside scoring it. */
const BATCH_CHARS = 1 << 17;
const BATCH_ITEMS = 4096;

/** The documents a caller gives, in batches of "documents" items numbered from 1. */
async function* documentBatches(documents: Iterable<string> | AsyncIterable<string>): AsyncGenerator<Batch> {
  let items: string[] = [];
  let chars = 0;
  let first = 1;
  for await (const doc of documents) {
    items.push(doc);
    chars += doc.length;
    if (chars >= BATCH_CHARS || items.length >= BATCH_ITEMS) {
      yield { name: "documents", kind: "documents", firstLineNumber: first, items };
      first += items.length;
      items = [];
      chars = 0;
    }
  }
  if (items.length > 0) yield { name: "documents", kind: "documents", firstLineNumber: first, items };
}

/** The lines of the files in batches; a file read as text whose lines all look like JSON objects is refused. */
async function* fileBatches(files: readonly string[], options: CorpusScoreOptions): AsyncGenerator<Batch> {
  const total = files.reduce((sum, f) => sum + (f === STDIN ? NaN : statSync(f).size), 0);
  let before = 0;
  for (const file of files) {
    const kind = kindOf(file, options.format);
    const name = nameOf(file);
    const check = kind === "text" && options.format === undefined ? new JsonlAsTextCheck(name) : undefined;
    const onProgress = options.onProgress && ((read: number) => options.onProgress!(before + read, total));
    let pending: Batch | undefined;
    let chars = 0;
    for await (const { lines, firstLineNumber } of readLineBatches(file, { onProgress })) {
      if (check) for (const line of lines) check.see(line);
      if (pending === undefined) pending = { name, kind, firstLineNumber, items: [] };
      for (const line of lines) {
        pending.items.push(line);
        chars += line.length;
      }
      if (chars >= BATCH_CHARS || pending.items.length >= BATCH_ITEMS) {
        yield pending;
        pending = undefined;
        chars = 0;
      }
    }
    check?.finish();
    if (pending !== undefined) yield pending;
    if (file !== STDIN) before += statSync(file).size;
  }
}

function kindOf(file: string, format: DocumentFormat | undefined): BatchKind {
  return (format ?? documentFormatOf(file)) === "jsonl" ? "jsonl" : "text";
}

function nameOf(file: string): string {
  return file === STDIN ? "standard input" : file;
}

function addTotals(totals: CorpusTotals, result: BatchResult): void {
  const f = result.figures;
  for (let i = 0; i < f.length; i += FIGURES) {
    totals.log10Prob += f[i + 1];
    totals.oovLog10Prob += f[i + 2];
    totals.tokens += f[i + 3];
    totals.oovs += f[i + 4];
    totals.sentences += f[i + 5];
  }
  totals.documents += result.documents;
  totals.blank += result.blank;
  totals.skipped += result.skipped;
  for (const note of result.skipNotes) if (totals.skipNotes.length < 5) totals.skipNotes.push(note);
}

/** Document i of a batch's figures (at offset f). */
export function scoreAt(figures: Float64Array, f: number): DocumentScore {
  const score = { log10Prob: figures[f + 1], oovLog10Prob: figures[f + 2], tokens: figures[f + 3], oovs: figures[f + 4], sentences: figures[f + 5], perplexity: 0 };
  score.perplexity = perplexityOf(score);
  return score;
}
