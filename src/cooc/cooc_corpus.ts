import { statSync } from "node:fs";
import { readDocuments, type Document } from "../io/jsonl.js";
import { InputError } from "../io/errors.js";
import type { HfTokenizer } from "../text/hf_tokenizer.js";
import { TokenizerPool } from "../text/tokenizer_pool.js";
import { forEachBinaryDocument, isBinaryIdsPath } from "./binary_ids.js";

export interface CorpusReadOptions {
  /** JSONL field holding the text (default "text", else "content"; lines {"ids": [...]} are read as ids). */
  field?: string;
  /** Stop at the first malformed line (default false: skip it, count it, tell onSkip). */
  strict?: boolean;
  onSkip?: (error: InputError) => void;
  /** Turns text documents into ids; without it only pre-tokenized input is accepted. */
  tokenizer?: HfTokenizer;
  /** Worker threads for tokenizing (default 1: tokenize in this thread). */
  threads?: number;
  /** Bytes of input files read so far, and their total. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface CorpusStats {
  files: number;
  documents: number;
  /** Malformed lines skipped. */
  skipped: number;
  tokens: number;
  /** UTF-16 code units of text tokenized (text documents only). */
  textChars: number;
}

/** Documents per batch sent to a tokenizer worker, and batches in flight per worker. */
const BATCH_DOCUMENTS = 64;
const BATCHES_PER_WORKER = 4;

/**
 * Calls `onIds` with the token ids of every document of the files, in order: JSONL text (tokenized), JSONL
 * {"ids": [...]} lines and binary .u32 files. The ids array may be reused after the call.
 */
export async function readCorpusIds(files: readonly string[], options: CorpusReadOptions, onIds: (ids: Uint32Array) => void): Promise<CorpusStats> {
  const stats: CorpusStats = { files: files.length, documents: 0, skipped: 0, tokens: 0, textChars: 0 };
  const totalBytes = files.reduce((s, f) => s + statSync(f).size, 0);
  const deliver = (ids: Uint32Array) => {
    stats.documents++;
    stats.tokens += ids.length;
    onIds(ids);
  };
  const threads = options.threads ?? 1;
  const pool = threads > 1 && options.tokenizer ? new TokenizerPool(options.tokenizer.description, threads, options.tokenizer) : undefined;
  let before = 0;
  try {
    for (const file of files) {
      const size = statSync(file).size;
      const progress = (read: number) => options.onProgress?.(before + read, totalBytes);
      if (isBinaryIdsPath(file)) {
        forEachBinaryDocument(file, deliver);
      } else {
        const batches = new DocumentBatches(file, options, stats, deliver, pool);
        await batches.read(progress);
      }
      before += size;
      options.onProgress?.(before, totalBytes);
    }
  } finally {
    await pool?.close();
  }
  return stats;
}

/**
 * Reads one JSONL file and tokenizes its text documents, in this thread or in batches on a pool, keeping
 * the documents' order.
 */
class DocumentBatches {
  private batch: Document[] = [];
  private readonly inFlight: Promise<Uint32Array[]>[] = [];

  constructor(
    private readonly file: string,
    private readonly options: CorpusReadOptions,
    private readonly stats: CorpusStats,
    private readonly deliver: (ids: Uint32Array) => void,
    private readonly pool: TokenizerPool | undefined,
  ) {}

  async read(onProgress: (bytesRead: number) => void): Promise<void> {
    const docs = readDocuments(this.file, {
      format: "jsonl",
      field: this.options.field,
      strict: this.options.strict ?? false,
      onSkip: (e) => {
        this.stats.skipped++;
        this.options.onSkip?.(e);
      },
      onProgress,
    });
    let documents = 0;
    const skippedBefore = this.stats.skipped;
    for await (const doc of docs) {
      documents++;
      if (doc.kind === "text") this.checkTokenizer(doc.lineNumber);
      if (this.pool === undefined) this.deliver(this.idsOf(doc));
      else await this.add(doc, this.pool);
    }
    // Skipping a bad line here and there is what lenient reading is for; a file with none to read is
    // the wrong file (plain text, say), not a corpus without co-occurrences.
    const skipped = this.stats.skipped - skippedBefore;
    if (documents === 0 && skipped > 0) {
      throw new InputError(this.file, 0, `none of its ${skipped} non-blank lines is a JSON document with text or ids: expected JSONL`);
    }
    if (this.pool !== undefined) {
      this.dispatch(this.pool);
      while (this.inFlight.length > 0) this.deliverBatch(await this.inFlight.shift()!);
    }
  }

  private idsOf(doc: Document): Uint32Array {
    if (doc.kind === "ids") return doc.ids;
    this.stats.textChars += doc.text.length;
    return this.options.tokenizer!.ids(doc.text);
  }

  private async add(doc: Document, pool: TokenizerPool): Promise<void> {
    this.batch.push(doc);
    if (this.batch.length < BATCH_DOCUMENTS) return;
    this.dispatch(pool);
    if (this.inFlight.length >= BATCHES_PER_WORKER * pool.threads) this.deliverBatch(await this.inFlight.shift()!);
  }

  /** Sends the texts of the current batch to the pool; pre-tokenized documents keep their place. */
  private dispatch(pool: TokenizerPool): void {
    if (this.batch.length === 0) return;
    const docs = this.batch;
    this.batch = [];
    const texts: string[] = [];
    for (const d of docs) {
      if (d.kind === "text") {
        texts.push(d.text);
        this.stats.textChars += d.text.length;
      }
    }
    this.inFlight.push(
      pool.tokenize(texts).then((ids) => {
        let next = 0;
        return docs.map((d) => (d.kind === "ids" ? d.ids : ids[next++]));
      }),
    );
  }

  private deliverBatch(ids: Uint32Array[]): void {
    for (const d of ids) this.deliver(d);
  }

  private checkTokenizer(lineNumber: number): void {
    if (this.options.tokenizer === undefined) {
      throw new InputError(this.file, lineNumber, 'a text document needs a tokenizer (--tokenizer PATH), or give token ids as {"ids": [...]}');
    }
  }
}
