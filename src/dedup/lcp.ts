import { NO_SEPARATOR } from "./documents.js";
import type { SymbolText } from "./suffix_array.js";

/**
 * Longest-common-prefix arrays in linear time by the Φ method (Kärkkäinen, Manzini & Puglisi, "Permuted
 * Longest-Common-Prefix Array", 2009): the permuted LCP array PLCP is computed in text order, where
 * PLCP[i+1] ≥ PLCP[i] - 1 bounds the total work by 2n symbol comparisons, and text-order access to the
 * text is cache friendly (unlike Kasai's rank-order walk).
 *
 * Document boundaries: joined documents are separated by a separator symbol that occurs in no document
 * (see documents.ts). A common prefix stops before a separator, so no LCP value spans two documents.
 * The inequality above still holds with this cap, so the method stays linear.
 *
 * Memory: the result is the only array of n entries allocated (4 bytes per symbol); text + suffix array
 * + LCP is 9 bytes per byte of text.
 *
 * Speed: buildPlcp is several times faster than buildLcp, whose permutation into suffix order is bound by
 * random accesses. A scan in suffix order (such as a deduplication pass) can use the PLCP array directly,
 * reading plcp[sa[i]] for lcp[i], at the same 9 bytes per byte.
 */

/**
 * Permuted LCP: plcp[p] = length of the common prefix of suffix p and the suffix just before it in suffix
 * order (0 for the smallest suffix), never extending over a `separator` symbol.
 */
export function buildPlcp(text: SymbolText, sa: Int32Array, separator: number = NO_SEPARATOR, into?: Int32Array): Int32Array {
  const n = sa.length;
  if (text.length !== n) throw new RangeError(`lcp: text has ${text.length} symbols, suffix array ${n}`);
  if (into !== undefined && into.length !== n) throw new RangeError(`lcp: output of ${into.length} entries for ${n} positions`);
  const plcp = into ?? new Int32Array(n);
  if (n === 0) return plcp;
  // Φ[p] = the suffix before p in suffix order, stored in the output array; -1 for the smallest suffix.
  plcp[sa[0]] = -1;
  for (let i = 1; i < n; i++) plcp[sa[i]] = sa[i - 1];
  let l = 0;
  for (let p = 0; p < n; p++) {
    const q = plcp[p];
    if (q < 0) {
      l = 0;
    } else {
      // The longer of the two suffixes bounds the loop: they differ, so the shorter one ends it first
      // only when it is a prefix of the other.
      const limit = n - (p > q ? p : q);
      while (l < limit && text[p + l] === text[q + l] && text[p + l] !== separator) l++;
    }
    plcp[p] = l;
    if (l > 0) l--;
  }
  return plcp;
}

/**
 * LCP in suffix order: lcp[i] = common prefix of suffixes sa[i-1] and sa[i] (lcp[0] = 0), never
 * extending over a `separator` symbol.
 *
 * The PLCP array is permuted into suffix order in place (lcp[i] = plcp[sa[i]]), so no second array of n
 * entries is needed: slot i takes the value of slot sa[i], whose own value is needed only by i, so each
 * cycle of the permutation can be followed, overwriting as it goes. Finished slots are marked by storing
 * their value complemented (values are ≥ 0, so ~v < 0), and a last pass restores them.
 *
 * Following one cycle is a chain of dependent cache misses, several times slower than a plain gather.
 * So the cycles are cut at every position that is a multiple of CUT_STRIDE, whose original values are
 * saved first; the segments between cuts are independent and WALKERS of them are followed at once,
 * interleaved step by step, which lets the processor overlap their misses. Cycles with no cut (short
 * ones) are followed one by one at the end.
 */
export function buildLcp(text: SymbolText, sa: Int32Array, separator: number = NO_SEPARATOR): Int32Array {
  const lcp = buildPlcp(text, sa, separator);
  const n = lcp.length;
  const saved = new Int32Array((n + CUT_STRIDE - 1) >>> CUT_SHIFT);
  for (let c = 0; c < saved.length; c++) saved[c] = lcp[c << CUT_SHIFT];

  // Each walker follows a segment from a cut up to the next cut; cur[w] < 0 marks an idle walker.
  const cur = new Int32Array(WALKERS).fill(-1);
  let nextCut = 0;
  let active = 0;
  for (let w = 0; w < WALKERS && nextCut < n; w++, nextCut += CUT_STRIDE) {
    cur[w] = nextCut;
    active++;
  }
  while (active > 0) {
    for (let w = 0; w < WALKERS; w++) {
      const i = cur[w];
      if (i < 0) continue;
      const from = sa[i];
      const isCut = (from & (CUT_STRIDE - 1)) === 0;
      lcp[i] = ~(isCut ? saved[from >>> CUT_SHIFT] : lcp[from]);
      if (!isCut) {
        cur[w] = from;
      } else if (nextCut < n) {
        cur[w] = nextCut;
        nextCut += CUT_STRIDE;
      } else {
        cur[w] = -1;
        active--;
      }
    }
  }

  // Cycles without a cut are still unmarked.
  for (let start = 0; start < n; start++) {
    if (lcp[start] < 0) continue;
    const first = lcp[start];
    let i = start;
    for (;;) {
      const from = sa[i];
      if (from === start) {
        lcp[i] = ~first;
        break;
      }
      lcp[i] = ~lcp[from];
      i = from;
    }
  }
  for (let i = 0; i < n; i++) lcp[i] = ~lcp[i];
  return lcp;
}

/** Cycles are cut every 2^CUT_SHIFT positions (saving n/16 bytes); that many segments are followed at once. */
const CUT_SHIFT = 6;
const CUT_STRIDE = 1 << CUT_SHIFT;
const WALKERS = 16;
