import { InputError, quote } from "./errors.js";
import { forEachLine, readLineBatches, STDIN, type LineReadOptions } from "./lines.js";

/** "jsonl": one JSON object per line; "text": one document (or sentence) per line. */
export type DocumentFormat = "jsonl" | "text";

/** A document's text, or its token ids when the line was pre-tokenized (`{"ids": [...]}`). */
export type Document =
  | { kind: "text"; text: string; lineNumber: number }
  | { kind: "ids"; ids: Uint32Array; lineNumber: number };

export interface DocumentReadOptions extends LineReadOptions {
  /** Default: "jsonl" for names ending in .jsonl or .json (optionally .gz), "text" otherwise. */
  format?: DocumentFormat;
  /** The JSON field holding the text. Default: "text", else "content", else "ids". */
  field?: string;
  /** Throw on the first malformed line (default), or skip malformed lines and count them. */
  strict?: boolean;
  /** With strict: false, told about each skipped line. */
  onSkip?: (error: InputError) => void;
}

export interface DocumentStats {
  lines: number;
  documents: number;
  /** Empty or blank lines, ignored in both formats. */
  blank: number;
  /** Malformed lines skipped (strict: false). */
  skipped: number;
}

const MAX_ID = 0xffffffff;
/** Fields tried in order when no field is named. */
export const DEFAULT_FIELDS = ["text", "content", "ids"];

export function documentFormatOf(path: string): DocumentFormat {
  if (path === STDIN) return "text";
  return /\.jsonl?(\.gz)?$/i.test(path) ? "jsonl" : "text";
}

/** Non-blank lines, all JSON objects, that make a file read as text a JSONL file read by mistake. */
const JSON_LOOKING_LINES = 20;

/**
 * Watches the first lines of an input read as text because of its name: when they are all JSON objects
 * (20 of them, or all of a shorter file), the input is JSONL read as text by mistake, and scoring or
 * counting `{"text":` as words would give meaningless figures: refused, saying how to read it.
 */
export class JsonlAsTextCheck {
  private objects = 0;
  private settled = false;

  constructor(private readonly name: string) {}

  see(line: string): void {
    if (this.settled || isBlank(line)) return;
    if (!isJsonObject(line)) {
      this.settled = true;
      return;
    }
    if (++this.objects >= JSON_LOOKING_LINES) this.fail();
  }

  /** At the end of the input. */
  finish(): void {
    if (!this.settled && this.objects > 0) this.fail();
  }

  private fail(): never {
    this.settled = true;
    throw new InputError(this.name, 0, "every line is a JSON object, but the file is read as text (by its name): pass --format jsonl (or name it .jsonl), or --format text to read it as text anyway");
  }
}

function isJsonObject(line: string): boolean {
  const t = line.trim();
  if (!t.startsWith("{") || !t.endsWith("}")) return false;
  try {
    const value: unknown = JSON.parse(t);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** Classifies lines one at a time and keeps the statistics; shared by the callback and generator readers. */
class DocumentLines {
  readonly stats: DocumentStats = { lines: 0, documents: 0, blank: 0, skipped: 0 };
  private readonly format: DocumentFormat;
  private readonly strict: boolean;
  private readonly check: JsonlAsTextCheck | undefined;

  constructor(
    private readonly path: string,
    private readonly options: DocumentReadOptions,
  ) {
    this.format = options.format ?? documentFormatOf(path);
    this.strict = options.strict ?? true;
    this.check = options.format === undefined && this.format === "text" ? new JsonlAsTextCheck(path === STDIN ? "standard input" : path) : undefined;
  }

  /** The line's document, or undefined for a blank or skipped line. */
  take(line: string, lineNumber: number): Document | undefined {
    this.stats.lines = lineNumber;
    this.check?.see(line);
    if (isBlank(line)) {
      this.stats.blank++;
      return undefined;
    }
    let doc: Document;
    try {
      doc = this.format === "text" ? { kind: "text", text: line, lineNumber } : parseDocument(line, lineNumber, this.path, this.options.field);
    } catch (e) {
      if (this.strict || !(e instanceof InputError)) throw e;
      this.stats.skipped++;
      this.options.onSkip?.(e);
      return undefined;
    }
    this.stats.documents++;
    return doc;
  }

  /** The statistics, at the end of the input. */
  finish(): DocumentStats {
    this.check?.finish();
    return this.stats;
  }
}

/** Calls `onDocument` for every document of a JSONL or text file, plain or gzip ("-" for standard input). */
export async function forEachDocument(
  path: string,
  onDocument: (doc: Document) => void,
  options: DocumentReadOptions = {},
): Promise<DocumentStats> {
  const lines = new DocumentLines(path, options);
  await forEachLine(
    path,
    (line, lineNumber) => {
      const doc = lines.take(line, lineNumber);
      if (doc) onDocument(doc);
    },
    options,
  );
  return lines.finish();
}

/** The documents one by one; the generator's return value is the statistics. */
export async function* readDocuments(path: string, options: DocumentReadOptions = {}): AsyncGenerator<Document, DocumentStats> {
  const lines = new DocumentLines(path, options);
  for await (const batch of readLineBatches(path, options)) {
    for (let i = 0; i < batch.lines.length; i++) {
      const doc = lines.take(batch.lines[i], batch.firstLineNumber + i);
      if (doc) yield doc;
    }
  }
  return lines.finish();
}

function isBlank(line: string): boolean {
  return line.length === 0 || line.trim().length === 0;
}

/** One JSONL line as a document, or an InputError saying what is wrong with it. */
export function parseDocument(line: string, lineNumber: number, source: string, field?: string): Document {
  const fail = (what: string): never => {
    throw new InputError(source, lineNumber, what);
  };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    fail(`invalid JSON (${(e as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail(`expected a JSON object, got ${Array.isArray(value) ? "an array" : typeof value === "string" ? `the string ${quote(value)}` : String(value)}`);
  }
  const record = value as Record<string, unknown>;
  const name = field ?? DEFAULT_FIELDS.find((f) => Object.hasOwn(record, f));
  if (name === undefined) return fail(`expected a "text", "content" or "ids" field`);
  if (!Object.hasOwn(record, name)) return fail(`no field ${quote(name)}`);
  const content = record[name];
  if (name === "ids") return { kind: "ids", ids: toIds(content, fail), lineNumber };
  if (typeof content !== "string") return fail(`field "${name}" is ${describe(content)}, expected a string`);
  return { kind: "text", text: content, lineNumber };
}

function toIds(content: unknown, fail: (what: string) => never): Uint32Array {
  if (!Array.isArray(content)) return fail(`field "ids" is ${describe(content)}, expected an array of token ids`);
  const ids = new Uint32Array(content.length);
  for (let i = 0; i < content.length; i++) {
    const id = content[i];
    if (!Number.isInteger(id) || id < 0 || id > MAX_ID) {
      fail(`ids[${i}] is ${typeof id === "string" ? quote(id) : typeof id === "object" && id !== null ? describe(id) : String(id)}, expected an integer from 0 to ${MAX_ID}`);
    }
    ids[i] = id;
  }
  return ids;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}
