import { InputError } from "../io/errors.js";
import { parseDocument } from "../io/jsonl.js";
import { perplexityOf, type DocumentScorer, type ScoreFigures } from "./document_scorer.js";

/** What is written for each document: nothing (figures only), a JSON line per document or per sentence, KenLM's word lines. */
export type Records = "none" | "document" | "line" | "word";

/** What a batch's scoring produces beside the figures: the same in every thread. */
export interface BatchOutput {
  records: Records;
  /** Add the perplexity to each JSONL document under this field, and return the documents so written. */
  annotate?: string;
  /** JSONL field of the text (default "text", else "content"); a document's "id" (this field) goes into its records. */
  field?: string;
  idField: string;
  /** Throw on a malformed JSONL line (default) or skip it and count it. */
  strict: boolean;
  /** Name the file in each record (when there are several). */
  fileInRecords: boolean;
}

/**
 * What a batch's items are: lines of a JSONL file (a document each; blank lines are none), lines of a text
 * file (a sentence each, blank ones too, as KenLM's query reads them), or documents a caller gave.
 */
export type BatchKind = "jsonl" | "text" | "documents";

/** Consecutive items of one input. */
export interface Batch {
  /** The input's name, for errors and records. */
  name: string;
  kind: BatchKind;
  /** Line number of items[0]; the others follow. */
  firstLineNumber: number;
  items: string[];
}

/** Numbers per document in `figures`: item number, log10 p, OOVs' log10 p, tokens, OOVs, sentences, bytes of the line. */
export const FIGURES = 7;

export interface BatchResult {
  /** FIGURES numbers per scored document, in order (documents of no figures: blank or skipped lines). */
  figures: Float64Array<ArrayBuffer>;
  documents: number;
  blank: number;
  skipped: number;
  /** Why lines were skipped (strict: false): at most MAX_SKIP_NOTES of them. */
  skipNotes: string[];
  /** The records of every document, each line ending in "\n". */
  records: string;
  /** With `annotate`: each scored document's line with its perplexity added. */
  annotated: string[];
}

const MAX_SKIP_NOTES = 5;

/**
 * Scores the documents of a batch: the one place where lines become documents, scores and records, run
 * alike by the calling thread and by worker threads. A blank line is no document; a malformed JSONL line
 * throws an InputError naming the input and line, or is skipped and counted.
 */
export function scoreBatch(scorer: DocumentScorer, batch: Batch, out: BatchOutput): BatchResult {
  const figures = new Float64Array(batch.items.length * FIGURES);
  const result: BatchResult = { figures, documents: 0, blank: 0, skipped: 0, skipNotes: [], records: "", annotated: [] };
  const records: string[] = [];
  for (let i = 0; i < batch.items.length; i++) {
    const line = batch.items[i];
    const lineNumber = batch.firstLineNumber + i;
    if (batch.kind === "jsonl" && isBlank(line)) {
      result.blank++;
      continue;
    }
    const doc = documentOf(line, lineNumber, batch, out, result);
    if (doc === undefined) continue;
    const perplexity = scoreDocument(scorer, doc, lineNumber, batch, out, records);
    const f = result.documents++ * FIGURES;
    const last = scorer.last;
    figures[f] = lineNumber;
    figures[f + 1] = last.log10Prob;
    figures[f + 2] = last.oovLog10Prob;
    figures[f + 3] = last.tokens;
    figures[f + 4] = last.oovs;
    figures[f + 5] = last.sentences;
    figures[f + 6] = utf8Length(line) + 1;
    if (out.records === "document") records.push(record(doc, lineNumber, undefined, batch, out, last));
    if (out.annotate !== undefined) result.annotated.push(annotated(line, doc.record!, out.annotate, perplexity));
  }
  result.figures = figures.subarray(0, result.documents * FIGURES);
  result.records = records.length === 0 ? "" : records.join("\n") + "\n";
  return result;
}

interface ParsedDocument {
  text: string;
  /** The JSON object of a JSONL line. */
  record?: Record<string, unknown>;
  /** The document's id as JSON, when it has one. */
  idJson?: string;
}

function documentOf(line: string, lineNumber: number, batch: Batch, out: BatchOutput, result: BatchResult): ParsedDocument | undefined {
  if (batch.kind !== "jsonl") return { text: line };
  try {
    const doc = parseDocument(line, lineNumber, batch.name, out.field);
    if (doc.kind === "ids") throw new InputError(batch.name, lineNumber, `field "ids" holds token ids; scoring needs text (name the text field with --field)`);
    const record = JSON.parse(line) as Record<string, unknown>;
    const id = record[out.idField];
    return { text: doc.text, record, idJson: typeof id === "string" || typeof id === "number" ? JSON.stringify(id) : undefined };
  } catch (e) {
    if (out.strict || !(e instanceof InputError)) throw e;
    result.skipped++;
    if (result.skipNotes.length < MAX_SKIP_NOTES) result.skipNotes.push(e.message);
    return undefined;
  }
}

/**
 * Scores a document, its figures to `scorer.last`; returns its perplexity. A line of a text file is one
 * sentence; a document's lines are scored apart when each needs a record of its own.
 */
function scoreDocument(scorer: DocumentScorer, doc: ParsedDocument, lineNumber: number, batch: Batch, out: BatchOutput, records: string[]): number {
  if (batch.kind === "text") {
    const perplexity = scorer.scoreSentence(doc.text, out.records === "word");
    if (out.records === "word") records.push(wordLine(scorer, doc.text));
    if (out.records === "line") records.push(record(doc, lineNumber, undefined, batch, out, scorer.last));
    return perplexity;
  }
  if (out.records !== "line" && out.records !== "word") return scorer.scoreDocument(doc.text);
  const total: ScoreFigures = { log10Prob: 0, oovLog10Prob: 0, tokens: 0, oovs: 0, sentences: 0 };
  const lines = doc.text.split("\n");
  for (let k = 0; k < lines.length; k++) {
    if (isBlank(lines[k])) continue;
    scorer.scoreSentence(lines[k], out.records === "word");
    records.push(out.records === "word" ? wordLine(scorer, lines[k]) : record(doc, lineNumber, k + 1, batch, out, scorer.last));
    add(total, scorer.last);
  }
  Object.assign(scorer.last, total);
  return perplexityOf(total);
}

function add(total: ScoreFigures, f: ScoreFigures): void {
  total.log10Prob += f.log10Prob;
  total.oovLog10Prob += f.oovLog10Prob;
  total.tokens += f.tokens;
  total.oovs += f.oovs;
  total.sentences += f.sentences;
}

function isBlank(line: string): boolean {
  return line.length === 0 || line.trim().length === 0;
}

/**
 * KenLM query's line of a sentence: `word=id ngram_length log10p` per token (an OOV's n-gram length is 1),
 * tab-separated, then the total and the OOVs; values as the shortest decimals of their float32.
 */
function wordLine(scorer: DocumentScorer, line: string): string {
  const parts = scorer.wordScores(line).map((w) => `${w.word}=${w.id} ${Math.max(1, w.ngramLength)} ${float32Text(w.log10Prob)}`);
  parts.push(`Total: ${float32Text(scorer.last.log10Prob)} OOV: ${scorer.last.oovs}`);
  return parts.join("\t");
}

/** The shortest decimal that reads back as the float32 nearest x. */
function float32Text(x: number): string {
  const f = Math.fround(x);
  for (let digits = 1; digits < 9; digits++) {
    const text = String(Number(f.toPrecision(digits)));
    if (Math.fround(Number(text)) === f) return text;
  }
  return String(Number(f.toPrecision(9)));
}

/** A JSON line: where the document (and the sentence: its line within the document's text) is, and its figures. */
function record(doc: ParsedDocument, lineNumber: number, sentence: number | undefined, batch: Batch, out: BatchOutput, f: ScoreFigures): string {
  const id = doc.idJson === undefined ? "" : `${JSON.stringify(out.idField)}:${doc.idJson},`;
  const file = out.fileInRecords ? `"file":${JSON.stringify(batch.name)},` : "";
  const at = sentence === undefined ? "" : `,"sentence":${sentence}`;
  return `{${id}${file}"line":${lineNumber}${at},"log10_prob":${f.log10Prob},"tokens":${f.tokens},"oovs":${f.oovs},"perplexity":${jsonNumber(perplexityOf(f))}}`;
}

/** A JSON number, or null for NaN (a document with nothing to score). */
function jsonNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : "null";
}

/**
 * The JSONL line with `field` set to the perplexity: appended before the closing brace, so every other byte
 * of the line stays as it was; a line that already has the field is written anew with the value replaced.
 */
function annotated(line: string, record: Record<string, unknown>, field: string, perplexity: number): string {
  const value = jsonNumber(perplexity);
  if (Object.hasOwn(record, field)) return JSON.stringify({ ...record, [field]: Number.isFinite(perplexity) ? perplexity : null });
  const end = line.trimEnd();
  const body = end.slice(0, -1).trimEnd();
  const comma = body.endsWith("{") ? "" : ",";
  return `${body}${comma}${JSON.stringify(field)}:${value}}`;
}

/** Bytes of the UTF-8 encoding of a string (lone surrogates count as U+FFFD, 3 bytes). */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}
