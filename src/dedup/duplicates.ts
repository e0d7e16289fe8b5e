import type { DocumentStarts, JoinedDocuments } from "./documents.js";
import { buildPlcp } from "./lcp.js";
import { buildSuffixArray } from "./suffix_array.js";

/**
 * Exact-substring deduplication (Lee et al., "Deduplicating Training Data Makes Language Models Better").
 *
 * What is marked, for a minimum length L (substrings never span two documents):
 * - keep "none": position i is marked when a substring of at least L symbols covering i occurs at least
 *   twice in the corpus;
 * - keep "first": position i is marked when it is covered by an occurrence of a substring of at least L
 *   symbols that also occurs at an earlier position of the corpus (so the first copy stays).
 *
 * Both reduce to one length per start position q, after which the marked set is the union of the
 * intervals [q, q + length(q)) with length(q) ≥ L (a substring that qualifies makes all of its prefixes of
 * at least L symbols qualify too):
 * - "none": the longest prefix of suffix q that occurs elsewhere, = the larger LCP with its two neighbours
 *   in the suffix array;
 * - "first": the longest prefix of suffix q that occurs at a smaller position, the longest previous factor
 *   (Crochemore & Ilie, "Computing Longest Previous Factor in linear time and applications", 2008): the
 *   larger LCP with the nearest suffixes on either side in the suffix array that start earlier in the text.
 *
 * Both are computed in place over the PLCP array, so a run needs the text, the suffix array and the PLCP
 * array (9 bytes per byte of text) and nothing of size n besides.
 */

export type KeepMode = "first" | "none";

/**
 * Turns `plcp` (see lcp.ts) into the lengths above: plcp[q] becomes the length of the longest prefix of
 * suffix q that occurs elsewhere ("none") or earlier ("first"). With "first" the suffix array is used as
 * the stack and is destroyed.
 */
export function repeatLengths(sa: Int32Array, plcp: Int32Array, keep: KeepMode): void {
  if (keep === "none") neighbourLengths(sa, plcp);
  else previousFactorLengths(sa, plcp);
}

/**
 * plcp[sa[i]] ← max(lcp[i], lcp[i+1]). Slot sa[i] holds lcp[i]; it is read at step i-1 (as the next LCP,
 * carried to step i in `here`) and never after, so step i can overwrite it.
 */
function neighbourLengths(sa: Int32Array, plcp: Int32Array): void {
  const n = sa.length;
  let here = n > 0 ? plcp[sa[0]] : 0;
  for (let block = 0; block < n; block += WARM_BLOCK) {
    const end = block + WARM_BLOCK < n ? block + WARM_BLOCK : n;
    warmGather(plcp, sa, block + 1, end + 1 < n ? end + 1 : n);
    for (let i = block; i < end; i++) {
      const next = i + 1 < n ? plcp[sa[i + 1]] : 0;
      plcp[sa[i]] = here > next ? here : next;
      here = next;
    }
  }
}

/**
 * The longest previous factor of every suffix, by one left-to-right scan of the suffix array with a stack
 * of suffixes whose positions increase from bottom to top. For the entry on top, plcp holds the LCP with
 * the entry below it (its nearest earlier-starting suffix on the left, or 0). A new suffix p pops every
 * entry that starts after it: p is that entry's nearest earlier-starting suffix on the right, so its
 * length is final. Each entry is pushed and popped once: linear time.
 *
 * Memory: the stack never holds more entries than the suffix array positions already read, so it lives
 * in sa[0 … top), and an entry's LCP lives in its own PLCP slot (read once, at its own step, before).
 */
function previousFactorLengths(sa: Int32Array, plcp: Int32Array): void {
  const n = sa.length;
  let top = 0;
  for (let block = 0; block < n; block += WARM_BLOCK) {
    const end = block + WARM_BLOCK < n ? block + WARM_BLOCK : n;
    warmGather(plcp, sa, block, end);
    for (let i = block; i < end; i++) {
      const p = sa[i];
      // lcp of p with the entry on top (the suffix just before it in the array), then with each entry below.
      let l = plcp[p];
      while (top > 0 && sa[top - 1] > p) {
        const q = sa[--top];
        const left = plcp[q];
        plcp[q] = left > l ? left : l;
        if (left < l) l = left;
      }
      plcp[p] = top > 0 ? l : 0;
      sa[top++] = p;
    }
  }
  // Entries still on the stack have no earlier-starting suffix on the right: their left LCP is final.
}

/**
 * Both scans read plcp[sa[i]] in suffix order: a cache miss each, and each scan step depends on the last,
 * so the processor hardly overlaps them. A block of these loads is first issued as independent loads
 * (JavaScript has no prefetch), and the scan then finds them in cache; as in suffix_array.ts.
 */
const WARM_BLOCK = 512;
/** Where warming loads deposit their values, so that the compiler cannot drop them as unused. */
let warmSink = 0;

/** Loads values[index[i]] for from ≤ i < to. */
function warmGather(values: Int32Array, index: Int32Array, from: number, to: number): void {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[index[i]];
  warmSink += sum;
}

/**
 * The maximal runs of positions covered by an interval [q, q + lengths[q]) with lengths[q] ≥ minLength,
 * as flat [start, end) pairs in text order.
 */
export function coveredRuns(lengths: Int32Array, minLength: number): Int32Array {
  const runs = new RunList();
  let start = 0;
  let reach = 0;
  const n = lengths.length;
  for (let q = 0; q < n; q++) {
    const length = lengths[q];
    if (length < minLength) continue;
    if (q > reach) {
      if (reach > start) runs.push(start, reach);
      start = q;
      reach = q + length;
    } else if (q + length > reach) {
      reach = q + length;
    }
  }
  if (reach > start) runs.push(start, reach);
  return runs.toArray();
}

/**
 * Shrinks runs of UTF-8 bytes to the characters all of whose bytes are inside: a run starting inside a
 * character skips to the next character, a run ending inside one stops at its first byte. The runs are
 * maximal, so a character cut by a run end has bytes outside every run and must stay. Empty runs vanish.
 */
export function snapToCharacters(text: Uint8Array, runs: Int32Array): Int32Array {
  const snapped = new RunList();
  for (let r = 0; r < runs.length; r += 2) {
    let start = runs[r];
    let end = runs[r + 1];
    while (start < end && isContinuationByte(text[start])) start++;
    if (end < text.length && isContinuationByte(text[end])) {
      while (end > start && isContinuationByte(text[end])) end--;
    }
    if (start < end) snapped.push(start, end);
  }
  return snapped.toArray();
}

function isContinuationByte(b: number): boolean {
  return (b & 0xc0) === 0x80;
}

/**
 * Runs of text positions as flat (document, start offset, end offset) triples. Runs never contain a
 * separator, so each lies inside one document.
 */
export function runsByDocument(runs: Int32Array, documents: DocumentStarts): Int32Array {
  const triples = new Int32Array((runs.length / 2) * 3);
  const starts = documents.starts;
  let doc = 0;
  for (let r = 0, t = 0; r < runs.length; r += 2, t += 3) {
    while (starts[doc + 1] <= runs[r]) doc++;
    triples[t] = doc;
    triples[t + 1] = runs[r] - starts[doc];
    triples[t + 2] = runs[r + 1] - starts[doc];
  }
  return triples;
}

/** What findDuplicates reports; spans and pairs as flat triples (see runsByDocument and sharedSpanPairs). */
export interface Duplicates {
  spans: Int32Array;
  pairs: Int32Array | undefined;
}

export interface FindOptions {
  /** Also compute the document pairs sharing a span (sharedSpanPairs). */
  pairs?: boolean;
  /** Told when each stage starts: "suffix array", "lcp", "pairs", "spans". */
  onStage?: (stage: string) => void;
}

/**
 * The whole pipeline on joined documents: the spans to remove as flat (document, start, end) triples in
 * text order, on UTF-8 character boundaries for byte texts.
 */
export function findDuplicates(
  joined: JoinedDocuments<Uint8Array> | JoinedDocuments<Uint32Array>,
  minLength: number,
  keep: KeepMode,
  options: FindOptions = {},
): Duplicates {
  if (!Number.isInteger(minLength) || minLength < 1) throw new RangeError(`minimum length must be a positive integer, got ${minLength}`);
  const { text, documents, separator } = joined;
  options.onStage?.("suffix array");
  // The PLCP array's memory serves the suffix-array construction first: the peak is the text and two arrays.
  const plcpMemory = new Int32Array(text.length);
  const sa = buildSuffixArray(text, new Uint8Array(plcpMemory.buffer));
  options.onStage?.("lcp");
  const plcp = buildPlcp(text, sa, separator, plcpMemory);
  let pairs: Int32Array | undefined;
  if (options.pairs) {
    options.onStage?.("pairs");
    pairs = sharedSpanPairs(joined, sa, plcp, minLength);
  }
  options.onStage?.("spans");
  repeatLengths(sa, plcp, keep);
  const runs = coveredRuns(plcp, minLength);
  const spans = runsByDocument(text instanceof Uint8Array ? snapToCharacters(text, runs) : runs, documents);
  return { spans, pairs };
}

/**
 * For each pair of documents sharing a substring of at least `minLength` symbols, the longest such
 * length: flat (document a, document b, length) triples with a < b, sorted by a then b.
 *
 * The longest substring shared by two documents occurs in both at positions p and q whose preceding
 * symbols differ (or one of them starts its document), else it would extend to the left; the LCP of
 * suffixes p and q is then that length. So for each suffix, the suffixes after it in the array are
 * walked while the running LCP stays at least minLength, and only such left-diverse pairs are recorded.
 * The walk costs the number of pairs of suffixes sharing minLength symbols: linear for ordinary text,
 * quadratic in the number of copies for a passage copied many times.
 */
export function sharedSpanPairs(joined: JoinedDocuments<Uint8Array> | JoinedDocuments<Uint32Array>, sa: Int32Array, plcp: Int32Array, minLength: number): Int32Array {
  const { text, documents, separator } = joined;
  const n = sa.length;
  const best = new Map<number, number>();
  const documentCount = documents.count;
  if (documentCount * documentCount > Number.MAX_SAFE_INTEGER) throw new RangeError(`shared-span pairs: too many documents (${documentCount})`);
  for (let i = 0; i + 1 < n; i++) {
    const p = sa[i];
    const before = p > 0 ? text[p - 1] : separator;
    let shared = plcp[sa[i + 1]];
    for (let j = i + 1; j < n && shared >= minLength; j++) {
      const q = sa[j];
      if (before === separator || q === 0 || text[q - 1] !== before) recordPair(best, documents, documentCount, p, q, shared);
      if (j + 1 < n) {
        const next = plcp[sa[j + 1]];
        if (next < shared) shared = next;
      }
    }
  }
  return sortedPairs(best, documentCount);
}

function recordPair(best: Map<number, number>, documents: DocumentStarts, documentCount: number, p: number, q: number, length: number): void {
  const a = documents.documentOf(p);
  const b = documents.documentOf(q);
  if (a === b) return;
  const key = a < b ? a * documentCount + b : b * documentCount + a;
  const known = best.get(key);
  if (known === undefined || known < length) best.set(key, length);
}

function sortedPairs(best: Map<number, number>, documentCount: number): Int32Array {
  const keys = Float64Array.from(best.keys()).sort();
  const triples = new Int32Array(keys.length * 3);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    triples[3 * k] = Math.floor(key / documentCount);
    triples[3 * k + 1] = key % documentCount;
    triples[3 * k + 2] = best.get(key)!;
  }
  return triples;
}

/** A growable list of int32 values, appended in pairs. */
class RunList {
  private values = new Int32Array(64);
  private length = 0;

  push(a: number, b: number): void {
    if (this.length + 2 > this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = a;
    this.values[this.length++] = b;
  }

  toArray(): Int32Array {
    return this.values.slice(0, this.length);
  }
}
