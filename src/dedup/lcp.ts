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
 * Memory: the result is the only array allocated (4 bytes per symbol); text + suffix array + LCP is
 * 9 bytes per byte of text.
 */

/**
 * Permuted LCP: plcp[p] = length of the common prefix of suffix p and the suffix just before it in suffix
 * order (0 for the smallest suffix), never extending over a `separator` symbol.
 */
export function buildPlcp(text: SymbolText, sa: Int32Array, separator: number = NO_SEPARATOR): Int32Array {
  const n = sa.length;
  if (text.length !== n) throw new RangeError(`lcp: text has ${text.length} symbols, suffix array ${n}`);
  const plcp = new Int32Array(n);
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
 * The PLCP array is permuted into suffix order in place (lcp[i] = plcp[sa[i]]) by following the cycles of
 * the permutation, so no second array of n entries is needed. Finished entries are marked by storing
 * them complemented (values are ≥ 0, so ~v < 0), and a last pass restores them.
 */
export function buildLcp(text: SymbolText, sa: Int32Array, separator: number = NO_SEPARATOR): Int32Array {
  const lcp = buildPlcp(text, sa, separator);
  const n = lcp.length;
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
