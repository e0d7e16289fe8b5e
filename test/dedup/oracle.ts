/** Naive oracles shared by the dedup tests: plain arrays, sorting with a comparison function, linear scans. */

export type Symbols = ArrayLike<number>;

/** Compares suffixes a and b symbol by symbol; a proper prefix comes first. */
export function compareSuffixes(text: Symbols, a: number, b: number): number {
  const n = text.length;
  while (a < n && b < n) {
    if (text[a] !== text[b]) return text[a] < text[b] ? -1 : 1;
    a++;
    b++;
  }
  return a === n ? (b === n ? 0 : -1) : 1;
}

export function naiveSuffixArray(text: Symbols): number[] {
  return Array.from({ length: text.length }, (_, i) => i).sort((a, b) => compareSuffixes(text, a, b));
}

/** lcp[i] = common prefix of suffixes sa[i-1] and sa[i], stopping at the separator; lcp[0] = 0. */
export function naiveLcp(text: Symbols, sa: ArrayLike<number>, separator = 2 ** 32): number[] {
  if (sa.length === 0) return [];
  const lcp = [0];
  for (let i = 1; i < sa.length; i++) {
    let l = 0;
    const a = sa[i - 1];
    const b = sa[i];
    while (a + l < text.length && b + l < text.length && text[a + l] === text[b + l] && text[a + l] !== separator) l++;
    lcp.push(l);
  }
  return lcp;
}

/** Every start position of the query in the text, ascending. */
export function naiveOccurrences(text: Symbols, query: Symbols): number[] {
  const found: number[] = [];
  for (let i = 0; i + query.length <= text.length; i++) {
    let d = 0;
    while (d < query.length && text[i + d] === query[d]) d++;
    if (d === query.length) found.push(i);
  }
  return found;
}
