import { totalmem } from "node:os";
import { InputError } from "../io/errors.js";
import { AtomicWriter } from "../io/files.js";
import { DEFAULT_FIELDS, documentFormatOf, forEachDocument, readDocuments, type Document, type DocumentFormat, type DocumentReadOptions } from "../io/jsonl.js";
import { STDIN } from "../io/lines.js";
import type { HfTokenizer } from "../text/hf_tokenizer.js";
import { TokenizerPool } from "../text/tokenizer_pool.js";
import { JoinedTextBuilder, type JoinedDocuments } from "./documents.js";
import { findDuplicates, type KeepMode } from "./duplicates.js";
import { cutSpans, isBlankLine, jsonMembers, type CutResult, type JsonMember } from "./document_bytes.js";
import { forEachRawLine } from "./raw_lines.js";

/**
 * `grampack dedup` as a library call: exact-substring deduplication of JSONL or plain-text files.
 *
 * Pass 1 reads every document (JSONL "text" or "content" field, or a line of plain text), joins their
 * UTF-8 bytes or token ids into one text and finds the spans to remove (duplicates.ts). Pass 2 reads the
 * inputs again, as bytes, and writes each document in input order: unchanged documents as their original
 * line byte for byte, others with the spans cut out of their text field's bytes and every other byte of
 * the line kept (invalid UTF-8 counts as U+FFFD in span offsets, and is kept as it was outside the spans).
 * Lines end in '\n' in the output. The inputs are read twice, so standard input is not accepted.
 */

export type DedupUnit = "bytes" | "tokens";

export const DEFAULT_MIN_LENGTH: Readonly<Record<DedupUnit, number>> = { bytes: 100, tokens: 50 };

/**
 * Peak memory per symbol of the joined text: text, suffix array and PLCP array (1 + 4 + 4 bytes per
 * byte); for tokens 4 + 4 + 4, and 4 more while the suffix array is built over a dense copy of the ids.
 */
export const BYTES_PER_SYMBOL: Readonly<Record<DedupUnit, number>> = { bytes: 9, tokens: 16 };

/** Longest joined text a suffix array (Int32Array positions) is built over. */
const MAX_SYMBOLS = 0x7ffffffe;

/**
 * Room for what is not proportional to the text: read and write buffers, the document table of a small
 * corpus, the span lists. The runtime itself is not counted, so a tiny corpus passes a tiny budget.
 */
export const FIXED_OVERHEAD_BYTES = 16 << 20;

export interface DedupOptions {
  unit?: DedupUnit;
  /** Required for unit "tokens". */
  tokenizer?: HfTokenizer;
  /** Threads tokenizing in token mode (worker threads when more than 1). Default 1. */
  threads?: number;
  /** Shortest duplicate removed, in units. Default: DEFAULT_MIN_LENGTH of the unit. */
  minLength?: number;
  keep?: KeepMode;
  format?: DocumentFormat;
  field?: string;
  /** The deduplicated corpus (gzip when the name ends in .gz). */
  out?: string;
  /** JSON report of the removed spans of each document. */
  report?: string;
  /** JSON report of the document pairs sharing a span of at least minLength. */
  pairs?: string;
  /** Memory the run may use; a corpus needing more is refused. Default: the machine's memory. */
  memoryBytes?: number;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface DedupSummary {
  unit: DedupUnit;
  min_length: number;
  keep: KeepMode;
  documents: number;
  /** UTF-8 bytes of the documents' texts before and after. */
  bytes_in: number;
  bytes_out: number;
  /** Removed spans (maximal runs), and documents with at least one. */
  spans: number;
  documents_changed: number;
  /** Units (bytes or tokens) of all documents, and of the removed spans. */
  units_in: number;
  units_removed: number;
  removed_fraction: number;
  /** Document pairs reported with `pairs`. */
  pairs?: number;
}

/** The documents of a corpus joined into one text, where each came from, and its size in UTF-8 bytes. */
export interface CorpusIndex {
  joined: JoinedDocuments<Uint8Array> | JoinedDocuments<Uint32Array>;
  files: readonly string[];
  fileOf: number[];
  lineOf: number[];
  bytesOf: number[];
}

export async function dedupCorpus(inputs: readonly string[], options: DedupOptions = {}): Promise<DedupSummary> {
  const unit = options.unit ?? "bytes";
  const keep = options.keep ?? "first";
  const minLength = options.minLength ?? DEFAULT_MIN_LENGTH[unit];
  if (inputs.includes(STDIN)) throw new Error("dedup reads its inputs twice: standard input is not accepted, save it to a file");
  if (unit === "tokens" && !options.tokenizer) throw new Error("token-level dedup needs a tokenizer");
  const corpus = await readCorpus(inputs, unit, options);
  const report = (stage: string) => options.onProgress?.(stage, 0, 0);
  const { spans, pairs } = findDuplicates(corpus.joined, minLength, keep, { pairs: options.pairs !== undefined, onStage: report });
  const summary = emptySummary(unit, minLength, keep, corpus);
  if (pairs && options.pairs) {
    report("writing pairs");
    writePairs(options.pairs, pairs, corpus, summary);
  }
  await writeOutputs(inputs, spans, corpus, summary, options);
  summary.removed_fraction = summary.bytes_in > 0 ? 1 - summary.bytes_out / summary.bytes_in : 0;
  return summary;
}

/** Pass 1: every document of the inputs, as UTF-8 bytes or (with options.tokenizer) token ids. */
export async function readCorpus(
  inputs: readonly string[],
  unit: DedupUnit,
  options: Pick<DedupOptions, "tokenizer" | "threads" | "format" | "field" | "memoryBytes" | "onProgress">,
): Promise<CorpusIndex> {
  const sink = new CorpusSink(unit, options.tokenizer, options.memoryBytes ?? totalmem());
  const threads = options.threads ?? 1;
  const pool = unit === "tokens" && threads > 1 ? new TokenizerPool(options.tokenizer!.description, threads, options.tokenizer) : undefined;
  try {
    for (let f = 0; f < inputs.length; f++) {
      const path = inputs[f];
      const readOptions = { format: options.format, field: options.field, onProgress: (done: number, total: number) => options.onProgress?.(`reading ${path}`, done, total) };
      if (pool) await tokenizeInPool(path, f, sink, pool, readOptions);
      else await forEachDocument(path, (doc) => sink.add(f, doc.lineNumber, textOf(doc, path)), readOptions);
    }
  } finally {
    await pool?.close();
  }
  if (sink.lineOf.length === 0) throw new Error(`no documents in ${inputs.join(", ")}`);
  return { joined: sink.builder.build(), files: inputs, fileOf: sink.fileOf, lineOf: sink.lineOf, bytesOf: sink.bytesOf };
}

/** Collects documents into the joined text and the document table. */
class CorpusSink {
  readonly builder: JoinedTextBuilder<Uint8Array> | JoinedTextBuilder<Uint32Array>;
  readonly fileOf: number[] = [];
  readonly lineOf: number[] = [];
  readonly bytesOf: number[] = [];

  /** Symbols the memory allows: the corpus is refused as soon as it is known to need more. */
  private readonly maxSymbols: number;

  constructor(
    private readonly unit: DedupUnit,
    private readonly tokenizer: HfTokenizer | undefined,
    private readonly memoryBytes: number,
  ) {
    this.builder = unit === "bytes" ? JoinedTextBuilder.bytes() : JoinedTextBuilder.tokens();
    this.maxSymbols = Math.min(MAX_SYMBOLS, Math.max(0, memoryBytes - FIXED_OVERHEAD_BYTES) / BYTES_PER_SYMBOL[unit]);
  }

  /** Adds a document's text, tokenized here in token mode unless its ids are given. */
  add(file: number, line: number, text: string, ids?: Uint32Array): void {
    const before = this.builder.length;
    const tokens = this.unit === "tokens";
    this.builder.add(tokens ? (ids ?? this.tokenizer!.ids(text)) : text);
    this.fileOf.push(file);
    this.lineOf.push(line);
    this.bytesOf.push(tokens ? Buffer.byteLength(text) : this.builder.length - before - 1);
    if (this.builder.length > this.maxSymbols) checkMemory(this.builder.length, this.unit, this.memoryBytes);
  }
}

/** Documents tokenized per batch on worker threads, kept in order: batches are awaited as they were sent. */
async function tokenizeInPool(path: string, file: number, sink: CorpusSink, pool: TokenizerPool, readOptions: DocumentReadOptions): Promise<void> {
  const inFlight: Promise<{ docs: Document[]; ids: Uint32Array[] }>[] = [];
  let batch: Document[] = [];
  const deliver = async () => {
    const { docs, ids } = await inFlight.shift()!;
    for (let i = 0; i < docs.length; i++) sink.add(file, docs[i].lineNumber, textOf(docs[i], path), ids[i]);
  };
  const send = () => {
    const docs = batch;
    batch = [];
    inFlight.push(pool.tokenize(docs.map((d) => textOf(d, path))).then((ids) => ({ docs, ids })));
  };
  for await (const doc of readDocuments(path, readOptions)) {
    batch.push(doc);
    if (batch.length < POOL_BATCH_DOCUMENTS) continue;
    send();
    if (inFlight.length >= POOL_BATCHES_PER_THREAD * pool.threads) await deliver();
  }
  if (batch.length > 0) send();
  while (inFlight.length > 0) await deliver();
}

/** Enough documents per batch to amortise a message, and enough batches queued to keep every thread busy. */
const POOL_BATCH_DOCUMENTS = 64;
const POOL_BATCHES_PER_THREAD = 4;

function textOf(doc: Document, path: string): string {
  if (doc.kind === "ids") throw new InputError(path, doc.lineNumber, 'expected a "text" or "content" field; pre-tokenized "ids" are not deduplicated');
  return doc.text;
}

/** Refuses a corpus whose run would not fit; called while the corpus is read, before the large arrays exist. */
export function checkMemory(symbols: number, unit: DedupUnit, memoryBytes: number): void {
  if (symbols > MAX_SYMBOLS) {
    throw new Error(`the corpus joins to more than ${MAX_SYMBOLS} ${unit}, more than a suffix array holds: split it into parts`);
  }
  const needed = memoryNeeded(symbols, unit);
  if (needed > memoryBytes) {
    throw new Error(
      `the corpus joins to at least ${symbols} ${unit}; its suffix array and LCP need at least ${sizeText(needed)} of memory ` +
        `(${BYTES_PER_SYMBOL[unit]} bytes per ${unit === "bytes" ? "byte" : "token"} and ${sizeText(FIXED_OVERHEAD_BYTES)}), more than the ${sizeText(memoryBytes)} allowed: ` +
        `raise --memory or split the corpus`,
    );
  }
}

/** The memory a run over a joined text of `symbols` symbols (separators included) needs. */
export function memoryNeeded(symbols: number, unit: DedupUnit): number {
  return symbols * BYTES_PER_SYMBOL[unit] + FIXED_OVERHEAD_BYTES;
}

/** Bytes in MiB, or GiB from 1 GiB on, with two decimals. */
function sizeText(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(2)} MiB`;
}

function emptySummary(unit: DedupUnit, minLength: number, keep: KeepMode, corpus: CorpusIndex): DedupSummary {
  const documents = corpus.lineOf.length;
  return {
    unit,
    min_length: minLength,
    keep,
    documents,
    bytes_in: 0,
    bytes_out: 0,
    spans: 0,
    documents_changed: 0,
    units_in: corpus.joined.text.length - documents,
    units_removed: 0,
    removed_fraction: 0,
  };
}

function locationOf(corpus: Pick<CorpusIndex, "files" | "fileOf" | "lineOf">, doc: number): string {
  return `${corpus.files[corpus.fileOf[doc]]}:${corpus.lineOf[doc]}`;
}

function writePairs(path: string, pairs: Int32Array, corpus: CorpusIndex, summary: DedupSummary): void {
  const out = new AtomicWriter(path, { gzip: false });
  out.write(`{"unit":"${summary.unit}","min_length":${summary.min_length},"pairs":[`);
  for (let t = 0; t < pairs.length; t += 3) {
    const a = pairs[t];
    const b = pairs[t + 1];
    out.write(`${t > 0 ? "," : ""}\n{"a":${a},"b":${b},"length":${pairs[t + 2]},"a_at":${JSON.stringify(locationOf(corpus, a))},"b_at":${JSON.stringify(locationOf(corpus, b))}}`);
  }
  out.write("\n]}\n");
  out.commit();
  summary.pairs = pairs.length / 3;
}

/**
 * Pass 2: every document again, in input order, into the output corpus and the span report. Lines are read
 * as bytes: an unchanged document is copied byte for byte, a changed one keeps every byte outside its
 * spans (document_bytes.ts). A line is a document under the same rule as in pass 1 (blank lines are not),
 * so the document numbers agree.
 */
async function writeOutputs(
  inputs: readonly string[],
  spans: Int32Array,
  corpus: CorpusIndex,
  summary: DedupSummary,
  options: DedupOptions,
): Promise<void> {
  const out = options.out ? new AtomicWriter(options.out) : undefined;
  const report = options.report ? new AtomicWriter(options.report, { gzip: false }) : undefined;
  try {
    report?.write(`{"unit":"${summary.unit}","min_length":${summary.min_length},"keep":"${summary.keep}","documents":[`);
    const rewriter = new DocumentRewriter(corpus.joined, spans, summary, options);
    for (const path of inputs) {
      await forEachRawLine(
        path,
        (line, lineNumber) => {
          if (isBlankLine(line)) return;
          const doc = rewriter.next;
          if (doc >= summary.documents || corpus.lineOf[doc] !== lineNumber) {
            throw new InputError(path, lineNumber, "the file changed while it was deduplicated");
          }
          // Rewritten even without an output: the summary and the report count what is removed.
          const pieces = rewriter.rewrite(line, path, lineNumber, corpus.bytesOf[doc]);
          if (out) {
            for (const piece of pieces) out.write(piece);
            out.write(NEWLINE);
          }
          if (rewriter.removed.length > 0) report?.write(reportEntry(doc, locationOf(corpus, doc), rewriter.removed, summary.documents_changed));
        },
        (done, total) => options.onProgress?.(`writing ${path}`, done, total),
      );
    }
    if (rewriter.next !== summary.documents) throw new InputError(inputs[inputs.length - 1], 0, "the file changed while it was deduplicated");
    report?.write("\n]}\n");
    out?.commit();
    report?.commit();
  } catch (e) {
    out?.abort();
    report?.abort();
    throw e;
  }
}

const NEWLINE = Uint8Array.of(0x0a);

function reportEntry(doc: number, at: string, removed: readonly number[], changed: number): string {
  const pairs: string[] = [];
  for (let i = 0; i < removed.length; i += 2) pairs.push(`[${removed[i]},${removed[i + 1]}]`);
  return `${changed > 1 ? "," : ""}\n{"document":${doc},"at":${JSON.stringify(at)},"spans":[${pairs.join(",")}]}`;
}

const ENCODER = new TextEncoder();

/**
 * Cuts each document's spans out of its line, walking the span triples in step with the documents.
 *
 * Bytes: the spans are cut out of the line's own bytes (the text field's raw string literal in JSONL),
 * so every other byte (other fields, escapes, characters outside the BMP, invalid UTF-8) stays as it was.
 * Tokens: the kept runs of tokens are decoded by the tokenizer, as the line holds no token boundaries;
 * in JSONL that text replaces the text field's literal and the rest of the line is kept as it was.
 */
class DocumentRewriter {
  /** Number of the next document. */
  next = 0;
  /** The (start, end) spans removed from the last document. */
  removed: number[] = [];
  private span = 0;

  constructor(
    private readonly joined: JoinedDocuments<Uint8Array> | JoinedDocuments<Uint32Array>,
    private readonly spans: Int32Array,
    private readonly summary: DedupSummary,
    private readonly options: DedupOptions,
  ) {}

  /**
   * The pieces of the line of document `next` with its spans removed (the line itself when it has none),
   * views of `line` or new bytes, valid until the next line is read.
   */
  rewrite(line: Uint8Array, path: string, lineNumber: number, bytes: number): Uint8Array[] {
    const doc = this.next++;
    this.removed = [];
    while (this.span < this.spans.length && this.spans[this.span] === doc) {
      this.removed.push(this.spans[this.span + 1], this.spans[this.span + 2]);
      this.span += 3;
    }
    this.summary.bytes_in += bytes;
    if (this.removed.length === 0) {
      this.summary.bytes_out += bytes;
      return [line];
    }
    this.summary.spans += this.removed.length / 2;
    this.summary.documents_changed++;
    for (let i = 0; i < this.removed.length; i += 2) this.summary.units_removed += this.removed[i + 1] - this.removed[i];
    const changed = () => new InputError(path, lineNumber, "the file changed while it was deduplicated");
    const json = (this.options.format ?? documentFormatOf(path)) === "jsonl";
    let start = 0;
    let end = line.length;
    if (json) {
      const members = jsonMembers(line);
      if (members === undefined) throw changed();
      const name = this.options.field ?? DEFAULT_FIELDS.find((f) => members.some((m) => m.name === f));
      // JSON.parse keeps the last of repeated names.
      let field: JsonMember | undefined;
      for (const m of members) if (m.name === name) field = m;
      if (field === undefined || line[field.valueStart] !== QUOTE) throw changed();
      start = field.valueStart + 1;
      end = field.valueEnd - 1;
    }
    if (this.joined.text instanceof Uint32Array) {
      const text = this.keptTokens(doc, this.joined.text);
      this.summary.bytes_out += Buffer.byteLength(text);
      if (!json) return [ENCODER.encode(text)];
      return [line.subarray(0, start - 1), ENCODER.encode(JSON.stringify(text)), line.subarray(end + 1)];
    }
    const pieces = [line.subarray(0, start)];
    let cut: CutResult;
    try {
      cut = cutSpans(line, start, end, json, this.removed, pieces);
    } catch {
      throw changed();
    }
    if (cut.textBytes !== bytes) throw changed();
    pieces.push(line.subarray(end));
    this.summary.bytes_out += cut.keptBytes;
    return pieces;
  }

  /** The text of document `doc`'s tokens outside the removed spans, each run decoded by the tokenizer. */
  private keptTokens(doc: number, text: Uint32Array): string {
    const removed = this.removed;
    const starts = this.joined.documents.starts;
    const units = text.subarray(starts[doc], starts[doc + 1] - 1);
    const tokenizer = this.options.tokenizer!;
    const pieces: string[] = [];
    let from = 0;
    for (let i = 0; i < removed.length; i += 2) {
      if (removed[i] > from) pieces.push(tokenizer.decode(units.subarray(from, removed[i])));
      from = removed[i + 1];
    }
    if (units.length > from) pieces.push(tokenizer.decode(units.subarray(from)));
    return pieces.join("");
  }
}

const QUOTE = 0x22;
