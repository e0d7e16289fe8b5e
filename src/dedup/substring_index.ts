import { Container, ContainerWriter, type LoadOptions } from "../container/container.js";
import { BYTE_SEPARATOR, DocumentStarts, NO_SEPARATOR, TOKEN_SEPARATOR, type JoinedDocuments } from "./documents.js";
import { buildSuffixArray } from "./suffix_array.js";

export const SUBSTRING_INDEX_KIND = "substring_index";
/** The name of the index in its file. */
const FILE_NAME = "index";

/** A search string: raw symbols, or a string searched as its UTF-8 bytes. */
export type Query = Uint8Array | Uint32Array | string;

/**
 * Exact substring search over a text (one document, or documents joined by documents.ts) with its suffix
 * array: the suffixes that start with a query form one range of the suffix array, found by two binary
 * searches in O(m log n) symbol comparisons for a query of m symbols.
 */
export class SubstringIndex {
  readonly text: Uint8Array | Uint32Array;
  readonly sa: Int32Array;
  readonly documents: DocumentStarts;
  /** The symbol between documents (NO_SEPARATOR for a single document); a query containing it never matches. */
  readonly separator: number;
  /** End (exclusive) of the suffix-array range found by the last call of `range`. */
  rangeEnd = 0;
  /** Reused buffer for the UTF-8 bytes of string queries. */
  private utf8: Uint8Array = new Uint8Array(256);
  /** Length of the last string put in `utf8` by `encode`. */
  private encodedLength = 0;

  constructor(text: Uint8Array | Uint32Array, sa: Int32Array, documents: DocumentStarts, separator: number) {
    if (sa.length !== text.length) throw new RangeError(`substring index: text has ${text.length} symbols, suffix array ${sa.length}`);
    if (documents.textLength !== text.length) {
      throw new RangeError(`substring index: documents cover ${documents.textLength} symbols, text has ${text.length}`);
    }
    this.text = text;
    this.sa = sa;
    this.documents = documents;
    this.separator = separator;
  }

  /** Index of one document (no separator). */
  static build(text: Uint8Array | Uint32Array): SubstringIndex {
    return new SubstringIndex(text, buildSuffixArray(text), DocumentStarts.single(text.length), NO_SEPARATOR);
  }

  /** Index of documents joined by joinByteDocuments or joinTokenDocuments. */
  static fromDocuments(joined: JoinedDocuments<Uint8Array> | JoinedDocuments<Uint32Array>): SubstringIndex {
    return new SubstringIndex(joined.text, buildSuffixArray(joined.text), joined.documents, joined.separator);
  }

  /**
   * The suffix-array range [start, this.rangeEnd) of the suffixes that begin with the query; returns start.
   * The empty query matches every suffix.
   */
  range(query: Query): number {
    let q: Uint8Array | Uint32Array = query as Uint8Array | Uint32Array;
    let m = 0;
    if (typeof query === "string") {
      q = this.encode(query);
      m = this.encodedLength;
    } else {
      m = q.length;
    }
    for (let d = 0; d < m; d++) {
      if (q[d] === this.separator) {
        this.rangeEnd = 0;
        return 0;
      }
    }
    const start = this.bound(q, m, false);
    this.rangeEnd = this.bound(q, m, true);
    return start;
  }

  /** Number of occurrences of the query. */
  count(query: Query): number {
    const start = this.range(query);
    return this.rangeEnd - start;
  }

  /** Occurrences of the query as (document, offset) pairs, flattened and in text order. */
  locate(query: Query): Int32Array {
    const start = this.range(query);
    const positions = this.sa.slice(start, this.rangeEnd).sort();
    const pairs = new Int32Array(2 * positions.length);
    for (let i = 0; i < positions.length; i++) {
      const doc = this.documents.documentOf(positions[i]);
      pairs[2 * i] = doc;
      pairs[2 * i + 1] = positions[i] - this.documents.starts[doc];
    }
    return pairs;
  }

  sizeInBits(): number {
    return this.text.length * this.text.BYTES_PER_ELEMENT * 8 + this.sa.length * 32 + this.documents.sizeInBits();
  }

  write(out: ContainerWriter, name: string): void {
    out.addScalars(`${name}.meta`, [this.text.BYTES_PER_ELEMENT, this.separator]);
    out.add(`${name}.text`, this.text);
    out.add(`${name}.sa`, this.sa);
    this.documents.write(out, `${name}.documents`);
  }

  /** The file `grampack sa build` writes: the index as its one structure, ready to be written piece by piece. */
  container(): ContainerWriter {
    const out = new ContainerWriter(SUBSTRING_INDEX_KIND);
    this.write(out, FILE_NAME);
    return out;
  }

  /** Views over the bytes of a file `container()` wrote (no copy); `options.source` names it in errors. */
  static fromBytes(bytes: Uint8Array, options: Omit<LoadOptions, "kind"> = {}): SubstringIndex {
    const c = Container.from(bytes, { ...options, kind: SUBSTRING_INDEX_KIND });
    const index = SubstringIndex.read(c, FILE_NAME);
    c.finish();
    return index;
  }

  /**
   * Refused unless the text, the suffix array and the documents are of one length and the separator is
   * one the symbol width allows; with `c.verifying`, unless the suffix array is a permutation of the text's
   * positions and each document ends with the separator.
   */
  static read(c: Container, name: string): SubstringIndex {
    const meta = c.meta(`${name}.meta`, 2);
    const width = meta[0];
    if (width !== 1 && width !== 4) c.fail(`${name}.meta`, `symbols of ${width} bytes, expected 1 or 4`);
    const separator = meta[1];
    if (separator !== NO_SEPARATOR && separator !== (width === 1 ? BYTE_SEPARATOR : TOKEN_SEPARATOR)) c.fail(`${name}.meta`, `separator ${separator} is not one of ${width}-byte symbols`);
    const text = width === 1 ? c.u8(`${name}.text`) : c.u32(`${name}.text`);
    const sa = c.i32(`${name}.sa`);
    const documents = DocumentStarts.read(c, `${name}.documents`);
    if (sa.length !== text.length) c.fail(`${name}.sa`, `holds ${sa.length} suffixes of a text of ${text.length} symbols`);
    if (documents.textLength !== text.length) c.fail(`${name}.documents.starts`, `the documents cover ${documents.textLength} symbols of a text of ${text.length}`);
    if (c.verifying) checkSuffixes(c, name, text, sa, documents, separator);
    return new SubstringIndex(text, sa, documents, separator);
  }

  private encode(query: string): Uint8Array {
    // A UTF-16 code unit becomes at most 3 UTF-8 bytes.
    if (this.utf8.length < 3 * query.length) this.utf8 = new Uint8Array(3 * query.length);
    this.encodedLength = ENCODER.encodeInto(query, this.utf8).written;
    return this.utf8;
  }

  /**
   * First suffix-array index whose suffix is ≥ the query (upper = false) or > every string that starts
   * with the query (upper = true), where a suffix that starts with the query counts as equal to it.
   * Symbols already known to match on both sides of the interval are skipped: every suffix between two
   * suffixes that share l symbols with the query shares them too.
   */
  private bound(q: ArrayLike<number>, m: number, upper: boolean): number {
    const text = this.text;
    const sa = this.sa;
    const n = sa.length;
    let lo = 0;
    let hi = n;
    let matchedLo = 0;
    let matchedHi = 0;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const p = sa[mid];
      let l = matchedLo < matchedHi ? matchedLo : matchedHi;
      const limit = Math.min(m, n - p);
      while (l < limit && text[p + l] === q[l]) l++;
      // The suffix is above the query when it differs with a larger symbol; a suffix starting with the
      // query is above it only for the lower bound.
      const above = l === m ? !upper : l < n - p && text[p + l] > q[l];
      if (above) {
        hi = mid;
        matchedHi = l;
      } else {
        lo = mid + 1;
        matchedLo = l;
      }
    }
    return lo;
  }
}

const ENCODER = new TextEncoder();

/** The payload check of a substring index: every position once in the suffix array, documents separated. */
function checkSuffixes(c: Container, name: string, text: ArrayLike<number>, sa: Int32Array, documents: DocumentStarts, separator: number): void {
  const seen = new Uint8Array(text.length);
  for (let i = 0; i < sa.length; i++) {
    const p = sa[i];
    if (!(p >= 0 && p < text.length) || seen[p] === 1) c.fail(`${name}.sa`, `entry ${i} (${p}) is not a new position of the text`);
    seen[p] = 1;
  }
  if (separator === NO_SEPARATOR) return;
  for (let d = 1; d < documents.starts.length; d++) {
    if (text[documents.starts[d] - 1] !== separator) c.fail(`${name}.documents.starts`, `document ${d - 1} does not end with the separator`);
  }
}
