import { ctz32 } from "../bits/broadword.js";

/**
 * Suffix array construction in linear time by induced sorting (SA-IS: Nong, Zhang & Chan, "Two Efficient
 * Algorithms for Linear Time Suffix Array Construction", 2011).
 *
 * The text has a virtual sentinel after its last symbol, smaller than every symbol, so no symbol value has to
 * be reserved. Suffix i is S-type if it is smaller than suffix i+1, L-type if larger; position i is LMS
 * ("leftmost S") if it is S-type and i-1 is L-type. Sorting the LMS suffixes is enough: the L-type suffixes
 * are then induced from them in one left-to-right pass, and the S-type ones in one right-to-left pass.
 *
 * Memory: besides the text and the output, one bit per position (the S/L types, kept out of the hot loops),
 * one byte per position (where the order of LMS substrings changes, see `induceLmsSubstrings`) and three
 * bucket arrays of the alphabet size. The reduced problem of the recursion (at most n/2 symbols)
 * lives inside the output array itself: its text in the upper half, its suffix array in the lower half.
 *
 * One core serves bytes and integer symbols: integer texts are first remapped to a dense alphabet
 * 0 … k-1 in an Int32Array, which is also the type of every reduced text. The hot loops thus see two
 * element types; specialising them per type measured no faster, since they are bound by cache misses on
 * the text, not by the element loads (see `induceSuffixes`).
 */

/** Texts a suffix array is built over: bytes, or integer symbols of up to 32 bits. */
export type SymbolText = Uint8Array | Uint32Array | Int32Array;

/** What the core runs on: bytes at the top level, dense integer symbols (0 … k-1) otherwise. */
type DenseText = Uint8Array | Int32Array;

/** Suffix array of the text: the start positions of its suffixes in lexicographic order.
 *  Bytes are sorted as unsigned; Uint32Array symbols as unsigned, Int32Array symbols as signed numbers.
 *  A shorter suffix that is a prefix of a longer one comes first.
 *  `scratch`: memory the construction may use for its byte per position (n + 1 bytes or more), typically
 *  the array the caller builds next, so that the peak stays the text plus the two arrays. */
export function buildSuffixArray(text: SymbolText, scratch?: Uint8Array): Int32Array {
  const n = text.length;
  if (n >= 0x7fffffff) throw new RangeError(`suffix array: text of ${n} symbols, at most 2^31-2 supported`);
  const sa = new Int32Array(n);
  // One more slot than positions: the S pass may mark the bucket start just past the last bucket.
  const boundary = scratch !== undefined && scratch.length > n ? scratch.subarray(0, n + 1).fill(0) : new Uint8Array(n + 1);
  if (text instanceof Uint8Array) {
    sais(text, sa, n, 256, boundary);
  } else {
    const dense = new Int32Array(n);
    const alphabetSize = remapToDenseAlphabet(text, dense);
    sais(dense, sa, n, alphabetSize, boundary);
  }
  return sa;
}

/**
 * Replaces each symbol by its rank among the distinct symbols (order preserving), so the core's bucket
 * arrays have one entry per symbol actually used, even when symbols go up to 2^32-1. Returns the number
 * of distinct symbols.
 *
 * Symbols less than 2n + 65536 above the smallest are ranked through a direct table, with no sorting.
 * The others (outliers, such as the 0xFFFFFFFF document separator beside token ids) are all larger than
 * those, so they rank after them, by sorting the outliers alone.
 */
function remapToDenseAlphabet(text: Uint32Array | Int32Array, dense: Int32Array): number {
  const n = text.length;
  if (n === 0) return 0;
  let min = text[0];
  for (let i = 1; i < n; i++) if (text[i] < min) min = text[i];
  // The table reaches the largest symbol below the limit, no further: a few outliers must not make it
  // span the whole range up to the limit.
  const limit = min + 2 * n + 65536;
  let tableMax = min;
  for (let i = 0; i < n; i++) {
    const s = text[i];
    if (s < limit && s > tableMax) tableMax = s;
  }
  const span = tableMax - min + 1;
  const rank = new Int32Array(span);
  let outlierCount = 0;
  for (let i = 0; i < n; i++) {
    const offset = text[i] - min;
    if (offset < span) rank[offset] = 1;
    else outlierCount++;
  }
  let distinct = 0;
  for (let s = 0; s < span; s++) {
    const used = rank[s];
    rank[s] = distinct;
    distinct += used;
  }
  const outliers = distinctOutliers(text, min + span, outlierCount);
  for (let i = 0; i < n; i++) {
    const offset = text[i] - min;
    dense[i] = offset < span ? rank[offset] : distinct + indexOf(outliers, text[i]);
  }
  return distinct + outliers.length;
}

/** The distinct symbols ≥ from, ascending (typed-array sort is numeric in the array's own signedness). */
function distinctOutliers(text: Uint32Array | Int32Array, from: number, count: number): Uint32Array | Int32Array {
  const outliers = text instanceof Uint32Array ? new Uint32Array(count) : new Int32Array(count);
  let m = 0;
  for (let i = 0; i < text.length && m < count; i++) if (text[i] >= from) outliers[m++] = text[i];
  outliers.sort();
  let distinct = 0;
  for (let i = 0; i < count; i++) if (distinct === 0 || outliers[i] !== outliers[distinct - 1]) outliers[distinct++] = outliers[i];
  return outliers.subarray(0, distinct);
}

/** The index of s in the ascending array `sorted`, which holds it. */
function indexOf(sorted: Uint32Array | Int32Array, s: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The SA-IS core. `text` holds n symbols in 0 … alphabetSize-1; `sa` (length ≥ n) receives the result.
 * Recursion depth is at most log2(n) since each level at least halves the text, so recursion is harmless.
 * `boundary` (length > n) is scratch for stage 1, shared by every level.
 */
function sais(text: DenseText, sa: Int32Array, n: number, alphabetSize: number, boundary: Uint8Array): void {
  if (n <= 1) {
    if (n === 1) sa[0] = 0;
    return;
  }
  const sType = classify(text, n);

  // Stage 1: sort the LMS substrings by inducing from the LMS positions put at their bucket ends in any order.
  const lmsCount = sortLmsSubstrings(text, sa, n, alphabetSize, sType, boundary);

  // Name the LMS substrings: equal substrings get equal names, and names follow the sorted order, so the
  // string of names (in text order) sorts like the LMS suffixes.
  const nameCount = nameLmsSubstrings(sa, n, lmsCount);
  const reduced = sa.subarray(n - lmsCount, n);
  if (nameCount < lmsCount) {
    sais(reduced, sa, lmsCount, nameCount, boundary);
  } else {
    // All names distinct: the names themselves are the ranks.
    for (let i = 0; i < lmsCount; i++) sa[reduced[i]] = i;
  }

  // Stage 2: put the sorted LMS suffixes at their bucket ends, in order, and induce the whole array.
  placeSortedLms(text, sa, n, alphabetSize, lmsCount, sType);
}

/** Bit i of the result is 1 if suffix i is S-type. Position n-1 is L-type (the sentinel is smaller). */
function classify(text: DenseText, n: number): Uint32Array {
  const sType = new Uint32Array((n + 31) >>> 5);
  // Branch-free, as types follow the text unpredictably: symbols are below 2^31, so (a - b) >>> 31 is 1
  // exactly when a < b, and ((a - b) | (b - a)) >>> 31 is 0 exactly when a = b. Each word is assembled in
  // a local and stored once.
  let nextIsS = 0;
  let word = 0;
  for (let i = n - 2; i >= 0; i--) {
    const a = text[i];
    const b = text[i + 1];
    const differ = ((a - b) | (b - a)) >>> 31;
    nextIsS = ((a - b) >>> 31) | (nextIsS & (differ ^ 1));
    word |= nextIsS << (i & 31);
    if ((i & 31) === 0) {
      sType[i >>> 5] = word;
      word = 0;
    }
  }
  return sType;
}

/**
 * The LMS positions among 32w … 32w+31, as bits: S-type positions whose predecessor is L-type. Scanning
 * words and their set bits visits only the LMS positions (about a third of them in natural text) rather
 * than testing every position.
 */
function lmsBits(sType: Uint32Array, w: number): number {
  const s = sType[w];
  // Position 0 has no predecessor and is never LMS: treat the position before it as S-type.
  const predecessorTypes = (s << 1) | (w > 0 ? sType[w - 1] >>> 31 : 1);
  return s & ~predecessorTypes;
}

/** Bucket boundaries: symbol c occupies sa[starts[c]] … sa[starts[c+1]-1] in the final array. */
function bucketStarts(text: DenseText, n: number, alphabetSize: number): Int32Array {
  const starts = new Int32Array(alphabetSize + 1);
  for (let i = 0; i < n; i++) starts[text[i] + 1]++;
  for (let c = 0; c < alphabetSize; c++) starts[c + 1] += starts[c];
  return starts;
}

/** Fills `heads` with the bucket ends (exclusive), where S-type suffixes are put from the right. */
function setBucketEnds(starts: Int32Array, heads: Int32Array, alphabetSize: number): void {
  for (let c = 0; c < alphabetSize; c++) heads[c] = starts[c + 1];
}

/**
 * Stage 1. Leaves the LMS positions, sorted by their LMS substrings, in sa[0 … lmsCount), each complemented
 * (~p < 0) when its substring differs from the one before. Returns lmsCount.
 */
function sortLmsSubstrings(text: DenseText, sa: Int32Array, n: number, alphabetSize: number, sType: Uint32Array, boundary: Uint8Array): number {
  const starts = bucketStarts(text, n, alphabetSize);
  const heads = new Int32Array(alphabetSize);
  setBucketEnds(starts, heads, alphabetSize);
  // 0 marks an empty slot: position 0 is never LMS and never induces anything, so it needs no processing.
  sa.fill(0, 0, n);
  let lmsCount = 0;
  for (let w = 0; w < sType.length; w++) {
    for (let bits = lmsBits(sType, w); bits !== 0; bits &= bits - 1) {
      const i = (w << 5) | ctz32(bits);
      const k = --heads[text[i]];
      sa[k] = i;
      boundary[k] = 0;
      lmsCount++;
    }
  }
  // The LMS prefix of an LMS position is its own symbol: one group per bucket, starting at its leftmost
  // LMS position (for a bucket without any, the next bucket's start, a boundary anyway).
  for (let c = 0; c < alphabetSize; c++) boundary[heads[c]] = 1;
  induceLmsSubstrings(text, sa, n, alphabetSize, starts, heads, boundary);
  // The S-type entries still carry their marks: an LMS position p (whose predecessor is L-type) is stored
  // as p > 0, every other S-type entry as ~p < 0 or 0. The S pass left heads[c] at the start of the S-type
  // part of bucket c, so the LMS positions are found by a sequential scan of those parts, with no look at
  // the text or the types; a boundary since the previous one found (or a new bucket) means a new substring.
  let m = 0;
  for (let c = 0; c < alphabetSize; c++) {
    const end = starts[c + 1];
    let differs = 1;
    for (let i = heads[c]; i < end; i++) {
      differs |= boundary[i];
      const p = sa[i];
      if (p > 0) {
        sa[m++] = differs === 0 ? p : ~p;
        differs = 0;
      }
    }
  }
  return lmsCount;
}

/**
 * Names the sorted LMS substrings in sa[0 … lmsCount) (complemented where a new substring starts) and
 * leaves the reduced string (names in text order) in sa[n-lmsCount … n). Returns the number of distinct
 * names.
 *
 * The name of LMS position p goes to scratch slot sa[lmsCount + p/2] (distinct for LMS positions, which are
 * at least 2 apart, and below n because lmsCount ≤ n/2).
 */
function nameLmsSubstrings(sa: Int32Array, n: number, lmsCount: number): number {
  sa.fill(-1, lmsCount, n);
  let names = 0;
  for (let i = 0; i < lmsCount; i++) {
    let p = sa[i];
    if (p < 0) {
      p = ~p;
      sa[i] = p;
      names++;
    }
    sa[lmsCount + (p >>> 1)] = names - 1;
  }
  // Gather the names, in text order since the slots are ordered by position, into the top of the array.
  let top = n;
  for (let i = n - 1; i >= lmsCount; i--) {
    const name = sa[i];
    if (name >= 0) sa[--top] = name;
  }
  return names;
}

/**
 * Stage 2. sa[0 … lmsCount) holds the reduced suffix array (indices into the LMS positions in text order);
 * turns it into the full suffix array.
 */
function placeSortedLms(text: DenseText, sa: Int32Array, n: number, alphabetSize: number, lmsCount: number, sType: Uint32Array): void {
  // LMS positions in text order go to the top of the array (the reduced string is no longer needed),
  // and the LMS positions of each symbol are counted ...
  const heads = new Int32Array(alphabetSize);
  let top = n;
  for (let w = sType.length - 1; w >= 0; w--) {
    for (let bits = lmsBits(sType, w); bits !== 0; ) {
      const bit = 31 - Math.clz32(bits);
      bits ^= 1 << bit;
      const i = (w << 5) | bit;
      sa[--top] = i;
      heads[text[i]]++;
    }
  }
  // ... the reduced suffix array becomes the sorted LMS positions ...
  for (let i = 0; i < lmsCount; i++) sa[i] = sa[top + sa[i]];
  sa.fill(0, lmsCount, n);
  // ... and they move to their bucket ends, from the largest down so that each keeps its order. Sorted
  // LMS suffixes come grouped by first symbol, so the counts say which bucket each goes to, without a
  // (cache-missing) look at its symbol. A target slot is never below the source slot.
  const starts = bucketStarts(text, n, alphabetSize);
  let i = lmsCount - 1;
  for (let c = alphabetSize - 1; c >= 0; c--) {
    let slot = starts[c + 1];
    for (let left = heads[c]; left > 0; left--) {
      const p = sa[i];
      sa[i--] = 0;
      sa[--slot] = p;
    }
  }
  induceSuffixes(text, sa, n, alphabetSize, starts, heads);
}

/**
 * Induced sorting from LMS positions placed at their bucket ends: L-type suffixes left to right from the
 * bucket starts, then S-type suffixes right to left from the bucket ends.
 *
 * The hot loops never look at the type bits. When position j is written, the type of j-1 follows from
 * two adjacent symbols (j-1 is of j's type when the symbols are equal), and it is stored in the sign:
 * a non-negative entry j means "j-1 is L-type" (to be induced in the L pass), a complemented entry ~j
 * means "j-1 is S-type" (to be induced in the S pass, which restores the entry to j).
 * Entry 0 has no predecessor and is stored as 0, like an empty slot, which both passes skip.
 */
function induceSuffixes(text: DenseText, sa: Int32Array, n: number, alphabetSize: number, starts: Int32Array, heads: Int32Array): void {
  for (let c = 0; c < alphabetSize; c++) heads[c] = starts[c];
  placeLastSuffix(text, sa, n, heads);
  for (let block = 0; block < n; block += WARM_BLOCK) {
    const end = block + WARM_BLOCK < n ? block + WARM_BLOCK : n;
    warmPredecessors(text, sa, block, end, 0);
    for (let i = block; i < end; i++) {
      const p = sa[i];
      if (p > 0) {
        const j = p - 1;
        const c = text[j];
        // j is L-type; j-1 is L-type too unless its symbol is smaller. Branch-free: x ^ -1 = ~x, and
        // symbols are below 2^31, so (a - b) >> 31 is -1 exactly when a < b.
        sa[heads[c]++] = j > 0 ? j ^ ((text[j - 1] - c) >> 31) : 0;
      }
    }
  }
  setBucketEnds(starts, heads, alphabetSize);
  for (let block = n; block > 0; block -= WARM_BLOCK) {
    const from = block > WARM_BLOCK ? block - WARM_BLOCK : 0;
    warmPredecessors(text, sa, from, block, -1);
    for (let i = block - 1; i >= from; i--) {
      const q = sa[i];
      if (q < 0) {
        const p = ~q;
        sa[i] = p;
        const j = p - 1;
        const c = text[j];
        // j is S-type; j-1 is S-type too unless its symbol is larger (branch-free as in the L pass).
        sa[--heads[c]] = j > 0 ? j ^ ((text[j - 1] - c - 1) >> 31) : 0;
      }
    }
  }
}

/** Suffix n-1 comes right after the sentinel, the smallest suffix, and is L-type: the first of its bucket. */
function placeLastSuffix(text: DenseText, sa: Int32Array, n: number, heads: Int32Array): number {
  const last = n - 1;
  const lastSymbol = text[last];
  const k = heads[lastSymbol]++;
  sa[k] = last > 0 && text[last - 1] < lastSymbol ? ~last : last;
  return k;
}

/**
 * Stage 1's induced sorting: the passes of `induceSuffixes` (without restoring the marks), which order
 * every entry by its LMS prefix (its symbols up to the next LMS position, inclusive), and which also record
 * where that order changes, so that the LMS substrings are named without comparing them: boundary[k] = 1
 * when the entry in slot k has another LMS prefix than the entry in slot k-1.
 *
 * An entry placed in bucket c has the LMS prefix c + its source's, so two entries placed one after the
 * other in a bucket have equal prefixes exactly when their sources have. The scan counts the boundaries it
 * has crossed (the group of the source), and each bucket remembers the group its last entry came from.
 */
function induceLmsSubstrings(text: DenseText, sa: Int32Array, n: number, alphabetSize: number, starts: Int32Array, heads: Int32Array, boundary: Uint8Array): void {
  const lastGroup = new Int32Array(alphabetSize);
  for (let c = 0; c < alphabetSize; c++) heads[c] = starts[c];
  // -1: no entry placed yet, so the next one placed in a bucket starts a group.
  lastGroup.fill(-1);
  // Suffix n-1's prefix runs into the sentinel: it is unlike every other (and the entry after it starts a
  // group, being the first placed in the bucket or an LMS position).
  boundary[placeLastSuffix(text, sa, n, heads)] = 1;
  induceLTypeGroups(text, sa, n, heads, boundary, lastGroup);
  // Each bucket's S-type part starts where its L-type part ended: a boundary.
  for (let c = 0; c < alphabetSize; c++) boundary[heads[c]] = 1;
  setBucketEnds(starts, heads, alphabetSize);
  lastGroup.fill(-1);
  induceSTypeGroups(text, sa, n, heads, boundary, lastGroup);
}

/**
 * The L pass of stage 1. Slots the pass has not filled (between a bucket's L-type part and its LMS
 * positions) may hold any boundary value: they lie where the prefix changes anyway.
 */
function induceLTypeGroups(text: DenseText, sa: Int32Array, n: number, heads: Int32Array, boundary: Uint8Array, lastGroup: Int32Array): void {
  let group = 0;
  for (let block = 0; block < n; block += WARM_BLOCK) {
    const end = block + WARM_BLOCK < n ? block + WARM_BLOCK : n;
    warmPredecessors(text, sa, block, end, 0);
    for (let i = block; i < end; i++) {
      group += boundary[i];
      const p = sa[i];
      if (p > 0) {
        const j = p - 1;
        const c = text[j];
        const k = heads[c]++;
        sa[k] = j > 0 ? j ^ ((text[j - 1] - c) >> 31) : 0;
        boundary[k] = lastGroup[c] === group ? 0 : 1;
        lastGroup[c] = group;
      }
    }
  }
}

/**
 * The S pass of stage 1. It fills buckets from the right, so an entry placed at slot k tells the boundary
 * of slot k+1 (the entry placed before it in the bucket; for the first, the next bucket's start, which is a
 * boundary). The scan reads the boundary of slot i once it has processed i, which may have set it.
 */
function induceSTypeGroups(text: DenseText, sa: Int32Array, n: number, heads: Int32Array, boundary: Uint8Array, lastGroup: Int32Array): void {
  let group = 0;
  for (let block = n; block > 0; block -= WARM_BLOCK) {
    const from = block > WARM_BLOCK ? block - WARM_BLOCK : 0;
    warmPredecessors(text, sa, from, block, -1);
    for (let i = block - 1; i >= from; i--) {
      const q = sa[i];
      if (q < 0) {
        const j = ~q - 1;
        const c = text[j];
        const k = --heads[c];
        sa[k] = j > 0 ? j ^ ((text[j - 1] - c - 1) >> 31) : 0;
        boundary[k + 1] = lastGroup[c] === group ? 0 : 1;
        lastGroup[c] = group;
      }
      group += boundary[i];
    }
  }
}

/**
 * The induce passes are bound by cache misses on text[j]: each lookup depends on the previous entry's branch
 * and store, so the processor hardly overlaps them. JavaScript has no prefetch instruction, so the
 * passes first read, block by block, the text around every entry's predecessor in a loop of independent
 * loads, which the processor does overlap; the pass proper then finds those lines in cache. Entries the
 * pass writes into the current block are not warmed, which only costs time.
 */
const WARM_BLOCK = 512;
/** Where warming loads deposit their values, so that the compiler cannot drop them as unused. */
let warmSink = 0;

/**
 * Warms text[p-1] for the entries the pass will process: entries p > 0 in the L pass (flip = 0), entries
 * ~p < 0 in the S pass (flip = -1, as x ^ -1 = ~x). Other entries load text[0], which stays in cache.
 */
function warmPredecessors(text: DenseText, sa: Int32Array, from: number, to: number, flip: number): void {
  let sum = 0;
  for (let i = from; i < to; i++) {
    const p = sa[i] ^ flip;
    sum += text[p > 0 ? p - 1 : 0];
  }
  warmSink += sum;
}
