import type { Container, ContainerWriter } from "../container/container.js";

/**
 * Joining documents into one text for a single suffix array.
 *
 * Layout: doc 0, separator, doc 1, separator, …, doc D-1, separator. Every separator is the same symbol,
 * one that occurs in no document: 0xFF for bytes (never part of UTF-8), 0xFFFFFFFF for tokens. Keeping
 * bytes (rather than giving each separator its own symbol above 255) keeps the text at one byte per
 * byte and the fast byte path of the suffix array construction.
 *
 * Why one shared separator is enough: every substring that contains no separator lies inside one
 * document, and the suffixes starting with a given separator-free string are still one contiguous range
 * of the suffix array. Suffixes that run into a separator at the same offset do compare beyond it, but
 * the LCP array stops every common prefix before a separator (lcp.ts), so no repeat crosses a boundary,
 * and searches refuse queries containing the separator.
 */

/** Byte separator: the byte 0xFF never occurs in UTF-8 text. */
export const BYTE_SEPARATOR = 0xff;
/** Token separator: the largest 32-bit value, reserved as no vocabulary's token id. */
export const TOKEN_SEPARATOR = 0xffffffff;
/** Separator value of a text that is not split into documents: 2^32, which no symbol can equal. */
export const NO_SEPARATOR = 4294967296;

/** Maps text positions to (document, offset) by binary search over the document start positions. */
export class DocumentStarts {
  /** starts[d] = first position of document d; the last entry is the text length. Ascending. */
  readonly starts: Int32Array;

  constructor(starts: Int32Array) {
    const problem = DocumentStarts.problemWith(starts);
    if (problem) throw new RangeError(problem);
    this.starts = starts;
  }

  /** What is wrong with a list of document starts, or null. */
  private static problemWith(starts: Int32Array): string | null {
    if (starts.length === 0 || starts[0] !== 0) return "document starts must begin with 0";
    for (let d = 1; d < starts.length; d++) {
      if (starts[d] < starts[d - 1]) return `document starts must ascend (entry ${d})`;
    }
    return null;
  }

  /** One document covering the whole text. */
  static single(textLength: number): DocumentStarts {
    return new DocumentStarts(Int32Array.of(0, textLength));
  }

  get count(): number {
    return this.starts.length - 1;
  }

  get textLength(): number {
    return this.starts[this.starts.length - 1];
  }

  /** The document holding text position `position` (0 ≤ position < textLength). */
  documentOf(position: number): number {
    const starts = this.starts;
    // The last document whose start is ≤ position (documents with equal starts are empty).
    let lo = 0;
    let hi = starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Offset of `position` inside its document. */
  offsetOf(position: number): number {
    return position - this.starts[this.documentOf(position)];
  }

  sizeInBits(): number {
    return this.starts.length * 32;
  }

  write(out: ContainerWriter, name: string): void {
    out.add(`${name}.starts`, this.starts);
  }

  static read(c: Container, name: string): DocumentStarts {
    const starts = c.i32(`${name}.starts`);
    const problem = DocumentStarts.problemWith(starts);
    if (problem) c.fail(`${name}.starts`, problem);
    return new DocumentStarts(starts);
  }
}

export interface JoinedDocuments<T extends Uint8Array | Uint32Array> {
  text: T;
  documents: DocumentStarts;
  separator: number;
}

/** Joins byte documents (for example UTF-8 text) with a separator byte that none of them contains. */
export function joinByteDocuments(docs: readonly Uint8Array[], separator: number = BYTE_SEPARATOR): JoinedDocuments<Uint8Array> {
  if (!Number.isInteger(separator) || separator < 0 || separator > 0xff) throw new RangeError(`byte separator ${separator} is not a byte`);
  const length = joinedLength(docs);
  return join(docs, separator, new Uint8Array(length));
}

/** Joins token documents with a separator token that none of them contains. */
export function joinTokenDocuments(docs: readonly Uint32Array[], separator: number = TOKEN_SEPARATOR): JoinedDocuments<Uint32Array> {
  if (!Number.isInteger(separator) || separator < 0 || separator > 0xffffffff) throw new RangeError(`token separator ${separator} is not a uint32`);
  const length = joinedLength(docs);
  return join(docs, separator, new Uint32Array(length));
}

function joinedLength(docs: readonly ArrayLike<number>[]): number {
  let length = 0;
  for (const doc of docs) length += doc.length + 1;
  if (length >= 0x7fffffff) throw new RangeError(`joined documents: ${length} symbols, at most 2^31-2 supported`);
  return length;
}

function join<T extends Uint8Array | Uint32Array>(docs: readonly ArrayLike<number>[], separator: number, text: T): JoinedDocuments<T> {
  const starts = new Int32Array(docs.length + 1);
  let at = 0;
  for (let d = 0; d < docs.length; d++) {
    const doc = docs[d];
    for (let i = 0; i < doc.length; i++) {
      if (doc[i] === separator) throw new Error(`document ${d}, offset ${i}: contains the separator symbol ${separator}`);
    }
    starts[d] = at;
    text.set(doc, at);
    at += doc.length;
    text[at++] = separator;
  }
  starts[docs.length] = at;
  return { text, documents: new DocumentStarts(starts), separator };
}

/** Symbols per chunk of a JoinedTextBuilder: large enough that chunk bookkeeping costs nothing. */
const BUILDER_CHUNK = 1 << 24;
/** The first chunk: chunks double from it up to BUILDER_CHUNK, so a small corpus takes little memory. */
const FIRST_BUILDER_CHUNK = 1 << 16;

/**
 * Joins documents one at a time, as a corpus is read, in the layout of joinByteDocuments /
 * joinTokenDocuments, without holding the documents separately. Symbols go into chunks (64 Ki symbols at
 * first, doubling up to 16 Mi), copied once into the final text by `build()`: growing one array by doubling
 * would need up to three times the text at the moment it is copied, the chunks only twice.
 */
export class JoinedTextBuilder<T extends Uint8Array | Uint32Array> {
  private readonly chunks: T[] = [];
  private current: T;
  private used = 0;
  private total = 0;
  private readonly starts: number[] = [];

  private constructor(
    private readonly make: (length: number) => T,
    readonly separator: number,
  ) {
    this.current = make(FIRST_BUILDER_CHUNK);
  }

  static bytes(): JoinedTextBuilder<Uint8Array> {
    return new JoinedTextBuilder((n) => new Uint8Array(n), BYTE_SEPARATOR);
  }

  static tokens(): JoinedTextBuilder<Uint32Array> {
    return new JoinedTextBuilder((n) => new Uint32Array(n), TOKEN_SEPARATOR);
  }

  /** Symbols added so far, separators included. */
  get length(): number {
    return this.total;
  }

  get documentCount(): number {
    return this.starts.length;
  }

  /** Appends one document, given as its UTF-8 text (byte builders) or its symbols. */
  add(doc: string | ArrayLike<number>): void {
    if (typeof doc === "string" && !(this.current instanceof Uint8Array)) throw new TypeError("text documents need a byte builder");
    this.starts.push(this.total);
    if (typeof doc === "string") this.addText(doc);
    else this.addSymbols(doc);
    this.push(this.separator);
  }

  build(): JoinedDocuments<T> {
    if (this.total >= 0x7fffffff) throw new RangeError(`joined documents: ${this.total} symbols, at most 2^31-2 supported`);
    const text = this.make(this.total);
    let at = 0;
    for (const chunk of this.chunks) {
      text.set(chunk, at);
      at += chunk.length;
    }
    text.set(this.current.subarray(0, this.used), at);
    const starts = new Int32Array(this.starts.length + 1);
    starts.set(this.starts);
    starts[this.starts.length] = this.total;
    return { text, documents: new DocumentStarts(starts), separator: this.separator };
  }

  private addText(doc: string): void {
    // A UTF-16 code unit is at most 3 UTF-8 bytes; longer documents are encoded through a chunk of their own.
    if (3 * doc.length > BUILDER_CHUNK) {
      this.addSymbols(ENCODER.encode(doc));
      return;
    }
    if (this.used + 3 * doc.length > this.current.length) this.nextChunk(3 * doc.length);
    const written = ENCODER.encodeInto(doc, (this.current as Uint8Array).subarray(this.used)).written;
    this.used += written;
    this.total += written;
  }

  private addSymbols(doc: ArrayLike<number>): void {
    const separator = this.separator;
    for (let i = 0; i < doc.length; i++) {
      const symbol = doc[i];
      if (symbol === separator) throw new Error(`document ${this.starts.length - 1}, offset ${i}: contains the separator symbol ${separator}`);
      this.push(symbol);
    }
  }

  private push(symbol: number): void {
    if (this.used === this.current.length) this.nextChunk();
    this.current[this.used++] = symbol;
    this.total++;
  }

  /** Closes the current chunk and starts one of at least `room` symbols (room ≤ BUILDER_CHUNK). */
  private nextChunk(room = 1): void {
    this.chunks.push(this.current.subarray(0, this.used) as T);
    this.current = this.make(Math.max(room, Math.min(2 * this.current.length, BUILDER_CHUNK)));
    this.used = 0;
  }
}

const ENCODER = new TextEncoder();
