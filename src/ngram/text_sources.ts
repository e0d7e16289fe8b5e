import { createWriteStream, statSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { InputError } from "../io/errors.js";
import { documentFormatOf, forEachDocument, type Document, type DocumentFormat, type DocumentStats } from "../io/jsonl.js";
import { STDIN } from "../io/lines.js";
import { expandInputs } from "../io/input_files.js";
import { WhitespaceTokenizer, type Tokenizer } from "../text/tokenizer.js";

/** An input of the counter: a file that can be read more than once. */
export interface TextSource {
  /** Where the bytes are: the file itself, or the spooled copy of standard input. */
  path: string;
  /** The name errors give: the path, or "standard input". */
  name: string;
  format: DocumentFormat;
  /** Whether the format was told (else decided by the name, and checked: see JsonlAsTextCheck). */
  formatGiven: boolean;
  /** Size on disk (compressed size for gzip), for progress. */
  bytes: number;
}

export interface TextReadOptions {
  tokenizer: Tokenizer;
  /** Default: by the file name, as `documentFormatOf` decides; standard input is text. */
  format?: DocumentFormat;
  field?: string;
  strict?: boolean;
  /** Bytes read so far of this source, after every chunk. */
  onBytes?: (bytesRead: number) => void;
}

const STDIN_NAME = "standard input";

/**
 * The inputs as re-readable files: files, directories (their .jsonl, .json and .txt files) and globs, as
 * `expandInputs` finds them. Standard input can be read only once, so it is copied to `spoolDir` first
 * (as it comes: gzip stays gzip, the reader tells by the magic bytes).
 */
export async function prepareSources(inputs: readonly string[], spoolDir: string, format?: DocumentFormat): Promise<TextSource[]> {
  const sources: TextSource[] = [];
  for (const input of expandInputs(inputs)) {
    let path = input;
    if (input === STDIN) {
      path = join(spoolDir, "stdin");
      await pipeline(process.stdin, createWriteStream(path));
    }
    const name = input === STDIN ? STDIN_NAME : input;
    sources.push({ path, name, format: format ?? documentFormatOf(input), formatGiven: format !== undefined, bytes: statSync(path).size });
  }
  return sources;
}

/** Receives the words of one document, and where the document is, for error messages. */
export type WordsHandler = (words: string[], source: TextSource, lineNumber: number) => void;

/** Calls `onWords` with the words of every document of `source`; errors name the source and the line. */
export async function forEachDocumentWords(source: TextSource, options: TextReadOptions, onWords: WordsHandler): Promise<DocumentStats> {
  const { tokenizer } = options;
  const wordsOf = (doc: Document): string[] => {
    if (doc.kind === "text") return tokenizer.words(doc.text);
    try {
      return tokenizer.wordsOfIds(doc.ids);
    } catch (e) {
      throw e instanceof RangeError ? new InputError(source.name, doc.lineNumber, e.message) : e;
    }
  };
  try {
    return await forEachDocument(source.path, (doc) => onWords(wordsOf(doc), source, doc.lineNumber), {
      // A format decided by the name is left to the reader, which decides it alike and checks it.
      format: source.formatGiven ? source.format : undefined,
      field: options.field,
      strict: options.strict,
      onProgress: options.onBytes,
    });
  } catch (e) {
    // The reader names the file it reads, which for standard input is the spooled copy.
    if (e instanceof InputError && e.file === source.path && source.path !== source.name) throw new InputError(source.name, e.line, e.detail);
    throw e;
  }
}

/** How a corpus is read: every option has the default of `forEachDocumentWords`. */
export interface CorpusReadOptions {
  /** Default: whitespace. */
  tokenizer?: Tokenizer;
  field?: string;
  strict?: boolean;
}

/** Receives the bytes read so far, all sources together, and their total size. */
export type BytesHandler = (bytesRead: number, totalBytes: number) => void;

/** Reads every source from the start, reporting progress over all of them together. */
export class CorpusReader {
  private readonly totalBytes: number;
  private readonly tokenizer: Tokenizer;

  constructor(
    private readonly sources: readonly TextSource[],
    private readonly options: CorpusReadOptions,
  ) {
    this.totalBytes = sources.reduce((sum, s) => sum + s.bytes, 0);
    this.tokenizer = options.tokenizer ?? new WhitespaceTokenizer();
  }

  async pass(onWords: WordsHandler, onBytes?: BytesHandler): Promise<{ documents: number; skipped: number }> {
    let before = 0;
    let documents = 0;
    let skipped = 0;
    for (const source of this.sources) {
      const read: TextReadOptions = {
        tokenizer: this.tokenizer,
        field: this.options.field,
        strict: this.options.strict,
        onBytes: onBytes && ((bytesRead) => onBytes(before + bytesRead, this.totalBytes)),
      };
      const stats = await forEachDocumentWords(source, read, onWords);
      documents += stats.documents;
      skipped += stats.skipped;
      before += source.bytes;
    }
    return { documents, skipped };
  }
}
