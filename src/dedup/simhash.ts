import { popcount32 } from "../bits/broadword.js";
import { hashState, hashString } from "../hash/hash64.js";

/**
 * Near-duplicate detection with SimHash (Charikar 2002; Manku, Jain & Das Sarma, "Detecting
 * Near-Duplicates for Web Crawling", 2007).
 *
 * A document's fingerprint: its words (lower-cased runs of letters and digits) are cut into shingles of
 * `shingle` consecutive words; each shingle's 64-bit hash votes +1 or -1 on each bit, and the fingerprint
 * bit is 1 where the votes are positive. Similar documents share most shingles, so their fingerprints
 * differ in few bits.
 *
 * Search for all pairs within Hamming distance k: the 64 bits are cut into B ≥ k + 1 blocks; two
 * fingerprints within distance k agree exactly on at least one block (pigeonhole). For each block the
 * fingerprints are sorted by that block, which is Manku et al.'s permuted table, and only fingerprints
 * with an equal block are compared. Pairs found are joined into clusters (union-find).
 */

export const DEFAULT_SHINGLE = 3;
/** With more bits differing, the blocks get so narrow that nearly every pair is a candidate. */
export const MAX_SIMHASH_DISTANCE = 15;

const WORD = /[\p{L}\p{N}]+/gu;

/** Fingerprints of documents, added one at a time: document d at words 2d (low half) and 2d + 1 (high). */
export class SimHasher {
  private fingerprints = new Uint32Array(1024);
  private count = 0;
  private readonly votes = new Int32Array(64);

  constructor(readonly shingle: number = DEFAULT_SHINGLE) {
    if (!Number.isInteger(shingle) || shingle < 1) throw new RangeError(`shingle must be a positive integer, got ${shingle}`);
  }

  get documentCount(): number {
    return this.count;
  }

  /** Adds the fingerprint of `text`; returns its document number. */
  add(text: string): number {
    const words = text.toLowerCase().match(WORD) ?? [];
    // Shingles are hashed in place as ranges of the words joined by single spaces.
    const joined = words.join(" ");
    const votes = this.votes;
    votes.fill(0);
    const shingles = Math.max(words.length - this.shingle + 1, words.length > 0 ? 1 : 0);
    let start = 0;
    let end = 0;
    for (let w = 0; w < Math.min(this.shingle, words.length); w++) end += (w > 0 ? 1 : 0) + words[w].length;
    for (let s = 0; s < shingles; s++) {
      const low = hashString(joined, start, end);
      vote(votes, low, hashState.hashHigh);
      if (s + 1 < shingles) {
        start += words[s].length + 1;
        end += words[s + this.shingle].length + 1;
      }
    }
    return this.push(signs(votes, 0), signs(votes, 32));
  }

  /** The fingerprints added so far (two words per document). */
  toArray(): Uint32Array {
    return this.fingerprints.slice(0, 2 * this.count);
  }

  private push(low: number, high: number): number {
    if (2 * this.count + 2 > this.fingerprints.length) {
      const grown = new Uint32Array(this.fingerprints.length * 2);
      grown.set(this.fingerprints);
      this.fingerprints = grown;
    }
    this.fingerprints[2 * this.count] = low;
    this.fingerprints[2 * this.count + 1] = high;
    return this.count++;
  }
}

function vote(votes: Int32Array, low: number, high: number): void {
  for (let b = 0; b < 32; b++) {
    votes[b] += ((low >>> b) & 1) * 2 - 1;
    votes[32 + b] += ((high >>> b) & 1) * 2 - 1;
  }
}

function signs(votes: Int32Array, from: number): number {
  let word = 0;
  for (let b = 0; b < 32; b++) if (votes[from + b] > 0) word |= 1 << b;
  return word >>> 0;
}

/** Hamming distance between fingerprints a and b of a fingerprint array. */
export function hammingDistance(fingerprints: Uint32Array, a: number, b: number): number {
  return popcount32(fingerprints[2 * a] ^ fingerprints[2 * b]) + popcount32(fingerprints[2 * a + 1] ^ fingerprints[2 * b + 1]);
}

/**
 * Clusters of documents whose fingerprints are linked by chains of distances ≤ maxDistance: for each
 * document, the smallest document number of its cluster (itself when it has no near-duplicate), so that
 * keeping the documents d with cluster[d] === d keeps the first of each cluster.
 */
export function nearDuplicateClusters(fingerprints: Uint32Array, maxDistance: number): Int32Array {
  if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > MAX_SIMHASH_DISTANCE) {
    throw new RangeError(`maximum distance must be an integer from 0 to ${MAX_SIMHASH_DISTANCE}, got ${maxDistance}`);
  }
  const n = fingerprints.length >>> 1;
  const parent = new Int32Array(n);
  for (let d = 0; d < n; d++) parent[d] = d;
  // At least two blocks, so that a block is at most 32 bits wide.
  const blocks = Math.max(2, maxDistance + 1);
  const keys = new Uint32Array(n);
  for (let b = 0; b < blocks; b++) {
    const from = Math.floor((64 * b) / blocks);
    const to = Math.floor((64 * (b + 1)) / blocks);
    for (let d = 0; d < n; d++) keys[d] = blockOf(fingerprints[2 * d], fingerprints[2 * d + 1], from, to);
    joinCandidates(fingerprints, keys, sortedByKey(keys), parent, maxDistance);
  }
  for (let d = 0; d < n; d++) parent[d] = root(parent, d);
  return parent;
}

/** Bits [from, to) of the 64-bit value (high:low), to - from ≤ 32. */
function blockOf(low: number, high: number, from: number, to: number): number {
  const width = to - from;
  const mask = width === 32 ? 0xffffffff : (1 << width) - 1;
  let bits: number;
  if (from >= 32) bits = high >>> (from - 32);
  else if (from === 0) bits = low;
  else bits = (low >>> from) | (high << (32 - from));
  return (bits & mask) >>> 0;
}

/** Within each run of equal keys in `order`, joins the documents whose fingerprints are close enough. */
function joinCandidates(fingerprints: Uint32Array, keys: Uint32Array, order: Uint32Array, parent: Int32Array, maxDistance: number): void {
  const n = order.length;
  let runStart = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n && keys[order[i]] === keys[order[runStart]]) continue;
    for (let a = runStart; a < i; a++) {
      for (let b = a + 1; b < i; b++) {
        const x = root(parent, order[a]);
        const y = root(parent, order[b]);
        if (x !== y && hammingDistance(fingerprints, order[a], order[b]) <= maxDistance) {
          // The smaller number becomes the root, so each root is its cluster's first document.
          if (x < y) parent[y] = x;
          else parent[x] = y;
        }
      }
    }
    runStart = i;
  }
}

function root(parent: Int32Array, d: number): number {
  while (parent[d] !== d) {
    parent[d] = parent[parent[d]];
    d = parent[d];
  }
  return d;
}

/** Document numbers in increasing order of their keys: a radix sort on two 16-bit digits, stable. */
function sortedByKey(keys: Uint32Array): Uint32Array {
  const n = keys.length;
  let order = new Uint32Array(n);
  for (let d = 0; d < n; d++) order[d] = d;
  let spare = new Uint32Array(n);
  const counts = new Int32Array(65537);
  for (let shift = 0; shift < 32; shift += 16) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((keys[order[i]] >>> shift) & 0xffff) + 1]++;
    for (let c = 0; c < 65536; c++) counts[c + 1] += counts[c];
    for (let i = 0; i < n; i++) spare[counts[(keys[order[i]] >>> shift) & 0xffff]++] = order[i];
    const t = order;
    order = spare;
    spare = t;
  }
  return order;
}
