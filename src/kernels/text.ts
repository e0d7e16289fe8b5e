// Text as UTF-8 bytes (JavaScript encodes a query or a line once, with TextEncoder.encodeInto, into the
// instance's text buffer): words split at whitespace, hashed and looked up in a vocabulary here, so that a
// lookup or a sentence is one call.
import { CM_ORDER, CM_VOCABULARY, SCRATCH_A, SCRATCH_B, VO_IDS, VO_MPHF, VO_SERIAL, VO_SIZE, VO_WORDS, WL_BYTES } from "./layout";
import { cvGet32 } from "./select";
import { hashBytes, mphfLookup } from "./hashing";
import { hashCount, scoreSentence, trieCount, wordRange } from "./ngram";
import { scratch, wordCache } from "./scratch";

/**
 * Byte length of the whitespace character starting at p (JavaScript's `\s`: ASCII tab to CR and space,
 * U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF), or 0.
 */
export function whitespaceAt(p: usize, end: usize): u32 {
  const b = <u32>load<u8>(p);
  if (b == 0x20 || (b >= 9 && b <= 13)) return 1;
  if (b < 0xc2 || p + 1 >= end) return 0;
  const b1 = <u32>load<u8>(p, 1);
  if (b == 0xc2) return b1 == 0xa0 ? 2 : 0;
  if (p + 2 >= end) return 0;
  const b2 = <u32>load<u8>(p, 2);
  if (b == 0xe1) return b1 == 0x9a && b2 == 0x80 ? 3 : 0;
  if (b == 0xe2) {
    if (b1 == 0x80 && (b2 <= 0x8a || b2 == 0xa8 || b2 == 0xa9 || b2 == 0xaf)) return 3;
    return b1 == 0x81 && b2 == 0x9f ? 3 : 0;
  }
  if (b == 0xe3) return b1 == 0x80 && b2 == 0x80 ? 3 : 0;
  return b == 0xef && b1 == 0xbb && b2 == 0xbf ? 3 : 0;
}

/** whitespaceAt with the common case, a printable ASCII byte, decided inline. */
// @ts-ignore: decorator
@inline
function spaceAt(p: usize, end: usize): u32 {
  const b = <u32>load<u8>(p);
  if (b > 0x20 && b < 0x7f) return 0;
  return b == 0x20 ? 1 : whitespaceAt(p, end);
}

/** Whether the byte is a word separator of scoring as KenLM has it: space, tab, CR, NUL, VT, FF. */
// @ts-ignore: decorator
@inline
function scoringSeparator(b: u32): bool {
  return b == 0x20 || b == 9 || b == 13 || b == 0 || b == 11 || b == 12;
}

const CACHE_LOG: u32 = 12;
/** An entry of the word cache: vocabulary's serial, hash halves, ID, first byte and length of the stored word. */
const ENTRY_BYTES: u32 = 24;

/** Bytes of an instance's word cache. */
export function cacheBytes(): u32 {
  return ENTRY_BYTES << CACHE_LOG;
}

/**
 * The ID of the word of `length` bytes at p in vocabulary vo, or −1: hash, perfect hash, byte comparison.
 * Words are Zipfian, so the words found recently are kept in a small direct-mapped cache keyed by their
 * hash, with where their bytes are: a hit still compares the bytes, and skips the perfect hash and the
 * select of the word's offsets.
 */
export function vocabularyLookup(vo: usize, p: usize, length: u32): i32 {
  if (load<u32>(vo, VO_SIZE) == 0) return -1;
  const h = hashBytes(p, length);
  const lo = <u32>h;
  const hi = <u32>(h >> 32);
  const words = load<usize>(vo, VO_WORDS);
  const bytes = load<usize>(words, WL_BYTES);
  const entry = wordCache + (<usize>((lo ^ (hi >> 13)) & ((1 << CACHE_LOG) - 1)) * ENTRY_BYTES);
  const serial = load<u32>(vo, VO_SERIAL);
  if (load<u32>(entry) == serial && load<u32>(entry, 4) == lo && load<u32>(entry, 8) == hi && load<u32>(entry, 20) == length) {
    if (memory.compare(bytes + load<u32>(entry, 16), p, length) == 0) return load<i32>(entry, 12);
  }
  const id = cvGet32(load<usize>(vo, VO_IDS), mphfLookup(load<usize>(vo, VO_MPHF), lo, hi));
  wordRange(words, id);
  const from = load<u32>(scratch, SCRATCH_A);
  if (load<u32>(scratch, SCRATCH_B) - from != length || memory.compare(bytes + from, p, length) != 0) return -1;
  store<u32>(entry, serial);
  store<u32>(entry, lo, 4);
  store<u32>(entry, hi, 8);
  store<u32>(entry, id, 12);
  store<u32>(entry, from, 16);
  store<u32>(entry, length, 20);
  return <i32>id;
}

/**
 * The IDs (−1 for words not in vo) of the words of `length` bytes at p, split at whitespace (`scoring`:
 * at KenLM's separators instead) into ids[0 .. n); returns n, or max + 1 as soon as there are more than max.
 */
export function textIds(vo: usize, p: usize, length: u32, ids: usize, max: u32, scoring: bool): u32 {
  const end = p + length;
  let n: u32 = 0;
  let q = p;
  while (q < end) {
    const space = scoring ? (scoringSeparator(<u32>load<u8>(q)) ? 1 : 0) : spaceAt(q, end);
    if (space != 0) {
      q += space;
      continue;
    }
    const start = q;
    while (q < end && (scoring ? !scoringSeparator(<u32>load<u8>(q)) : spaceAt(q, end) == 0)) q++;
    if (n == max) return max + 1;
    store<i32>(ids + (<usize>n << 2), vocabularyLookup(vo, start, <u32>(q - start)));
    n++;
  }
  return n;
}

/**
 * Rewrites the `length` bytes at p in place as their words joined by single spaces (as n-grams are
 * spelled in a model); returns the new length, the number of words to SCRATCH_A.
 */
export function singleSpaced(p: usize, length: u32): u32 {
  const end = p + length;
  let out = p;
  let words: u32 = 0;
  let q = p;
  while (q < end) {
    const space = spaceAt(q, end);
    if (space != 0) {
      q += space;
      continue;
    }
    if (words > 0) store<u8>(out++, 0x20);
    while (q < end && spaceAt(q, end) == 0) store<u8>(out++, load<u8>(q++));
    words++;
  }
  store<u32>(scratch, words, SCRATCH_A);
  return <u32>(out - p);
}

// Queries as text.

/** Count of the n-gram spelled by `length` bytes at p in a count trie (ids: room for its order), or 0. */
export function trieCountText(cm: usize, p: usize, length: u32, ids: usize): f64 {
  const order = load<u32>(cm, CM_ORDER);
  const n = textIds(load<usize>(cm, CM_VOCABULARY), p, length, ids, order, false);
  if (n < 1 || n > order) return 0;
  for (let k: u32 = 0; k < n; k++) if (load<i32>(ids + (<usize>k << 2)) < 0) return 0;
  return trieCount(cm, ids, n);
}

/**
 * The number of words of `length` bytes at p when they are already single-spaced (words of printable or
 * non-ASCII bytes separated by single ASCII spaces, none at the ends), else 0: one pass, no stores.
 */
function wordsIfSingleSpaced(p: usize, length: u32): u32 {
  if (length == 0) return 0;
  const end = p + length;
  let words: u32 = 1;
  let previous: u32 = 0x20;
  for (let q = p; q < end; q++) {
    const b = <u32>load<u8>(q);
    if (b > 0x20 && b < 0x80) {
      previous = b;
      continue;
    }
    if (b == 0x20) {
      if (previous == 0x20) return 0;
      words++;
    } else if (b < 0x20 || whitespaceAt(q, end) != 0) {
      return 0;
    }
    previous = b;
  }
  return previous == 0x20 ? 0 : words;
}

/** Count of the n-gram spelled by `length` bytes at p (rewritten single-spaced) in a hashed count model, or 0. */
export function hashCountText(cm: usize, p: usize, length: u32): f64 {
  let n = wordsIfSingleSpaced(p, length);
  let spaced = length;
  if (n == 0) {
    spaced = singleSpaced(p, length);
    n = load<u32>(scratch, SCRATCH_A);
  }
  if (n < 1 || n > load<u32>(cm, CM_ORDER)) return 0;
  const h = hashBytes(p, spaced);
  return hashCount(cm, n, <u32>h, <u32>(h >> 32));
}

/**
 * Scores one line of `length` bytes at p into the totals, as scoreSentence does with IDs, its words split at
 * KenLM's separators (`kenlm` ≠ 0) or at whitespace as tokenizers split (0); ids: room for (length + 1) / 2 IDs.
 */
export function scoreLineText(bm: usize, vo: usize, state: usize, p: usize, length: u32, ids: usize, wrap: u32, eos: i32, totals: usize, work: usize, perWord: usize, kenlm: u32): f64 {
  const n = textIds(vo, p, length, ids, length, kenlm != 0);
  return scoreSentence(bm, state, ids, n, wrap, eos, totals, work, perWord);
}
