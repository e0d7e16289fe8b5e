// n-gram models: the vocabulary's probe, trie walks (with context-based remapping), count lookups in tries
// and hash tables, and the scoring loop of back-off models, one sentence per call.
import {
  BM_BACKOFFS,
  BM_BOS_ID,
  BM_HASHED,
  BM_LEVELS,
  BM_ORDER,
  BM_PROBS,
  BM_UNK_ID,
  BM_UNK_PROB_F64,
  CM_COUNTS,
  CM_HASHED,
  CM_LEVELS,
  CM_ORDER,
  CM_RANKS,
  CM_VOCABULARY,
  EF_STORE,
  ES_HIGH,
  ES_HIGH_BITS,
  ES_LOW,
  ES_ONES,
  EF_L,
  EF_LENGTH,
  HL_FINGERPRINTS,
  HL_FP_WORDS,
  HL_LENGTH,
  HL_MPHF,
  HL_RANKS,
  LV_INDEX,
  LV_TABLE,
  LV_TABLE_LENGTH,
  SCRATCH_A,
  SCRATCH_B,
  SCRATCH_BASE_F64,
  SCRATCH_BYTES,
  SCRATCH_END,
  TAG,
  TAG_EF,
  TL_GRAMS,
  TL_ORDER,
  TL_POINTERS,
  TL_REMAPPING,
  VO_IDS,
  VO_MPHF,
  VO_SIZE,
  VO_WORDS,
  WL_OFFSETS,
  SCRATCH_VALUE_F64,
} from "./layout";
import { cvGet, cvGet32, select } from "./select";
import { efGet, efScanFind } from "./elias_fano";
import { upScanFind } from "./uniform_partitioned";
import { icGet, seqCursorNextValue, seqCursorReset, seqFindInRange, seqGet } from "./sequences";
import { hashIds, mphfLookup } from "./hashing";
import { getBits, nextOne } from "./words";
import { scratch } from "./scratch";

/** Sibling ranges up to this length are scanned; longer ones are searched. */
const SCAN_LIMIT: u32 = 24;

/** The cursor record of this instance (after its scratch values). */
// @ts-ignore: decorator
@inline
function cursor(): usize {
  return scratch + SCRATCH_BYTES;
}

/** Element i of an Elias-Fano sequence, and element i + 1 to SCRATCH_END, with one select. */
function efPair(ef: usize, i: u32): u32 {
  // Past the end (a tampered file: an ID or position beyond its sequence) the range is empty.
  if (i + 1 >= load<u32>(ef, EF_LENGTH)) {
    store<u32>(scratch, 0, SCRATCH_END);
    return 0;
  }
  const es = load<usize>(ef, EF_STORE);
  const l = load<u32>(ef, EF_L);
  const p = select(load<usize>(es, ES_ONES), i);
  const q = nextOne(load<usize>(es, ES_HIGH), load<u32>(es, ES_HIGH_BITS), p + 1);
  const low = load<usize>(es, ES_LOW);
  const a = <u32>((<u64>(p - i) << <u64>l) | getBits(low, i * l, l));
  store<u32>(scratch, <u32>((<u64>(q - i - 1) << <u64>l) | getBits(low, (i + 1) * l, l)), SCRATCH_END);
  return a;
}

// The vocabulary.

/**
 * The ID the perfect hash gives the word whose hash halves are (lo, hi), its bytes' range in the word list
 * to SCRATCH_A .. SCRATCH_B: the caller compares them with the word, since any word gets some ID.
 */
export function vocabularyProbe(vo: usize, lo: u32, hi: u32): u32 {
  if (load<u32>(vo, VO_SIZE) == 0) return 0;
  const id = cvGet32(load<usize>(vo, VO_IDS), mphfLookup(load<usize>(vo, VO_MPHF), lo, hi));
  wordRange(load<usize>(vo, VO_WORDS), id);
  return id;
}

/** The byte range of word `id` of a word list to SCRATCH_A .. SCRATCH_B. */
export function wordRange(wl: usize, id: u32): void {
  store<u32>(scratch, efPair(load<usize>(wl, WL_OFFSETS), id), SCRATCH_A);
  store<u32>(scratch, load<u32>(scratch, SCRATCH_END), SCRATCH_B);
}

// Trie levels (trie_levels.ts documents the layout).

// @ts-ignore: decorator
@inline
function gramsOf(tl: usize, level: u32): usize {
  return load<usize>(load<usize>(tl, TL_GRAMS) + (<usize>(level - 2) << 2));
}

// @ts-ignore: decorator
@inline
function pointersOf(tl: usize, level: u32): usize {
  return load<usize>(load<usize>(tl, TL_POINTERS) + (<usize>(level - 1) << 2));
}

/** Begin of the children of the node at `pos` of `level`; their end to SCRATCH_END. */
export function childRange(tl: usize, level: u32, pos: u32): u32 {
  return efPair(pointersOf(tl, level), pos);
}

/**
 * Position of the word `id` among the stored values of `level` in [begin, end), or −1 (the base
 * subtracted, the last value of the range before, to SCRATCH_BASE_F64).
 */
export function find(tl: usize, level: u32, begin: u32, end: u32, id: u32): i32 {
  if (begin >= end) return -1;
  const grams = gramsOf(tl, level);
  if (end - begin > SCAN_LIMIT) {
    const base = begin == 0 ? 0 : seqGet(grams, begin - 1);
    store<f64>(scratch, <f64>base, SCRATCH_BASE_F64);
    return seqFindInRange(grams, cursor(), begin, end, <u64>id + base);
  }
  return load<u32>(grams, TAG) == TAG_EF ? efScanFind(grams, begin, end, id) : upScanFind(grams, begin, end, id);
}

/** Position in `level` of the child `id` of the node at `parentPos` of level − 1, or −1. */
export function child(tl: usize, level: u32, parentPos: u32, id: u32): i32 {
  const begin = childRange(tl, level - 1, parentPos);
  return find(tl, level, begin, load<u32>(scratch, SCRATCH_END), id);
}

/**
 * The ID stored at level k + 1 for ids[k]: its vocabulary ID up to level R + 1, beyond that its index among
 * the successors of ids[k − R .. k − 1]; −1 when that context or successor is not stored.
 */
export function storedId(tl: usize, ids: usize, k: u32): i32 {
  const r = load<u32>(tl, TL_REMAPPING);
  const idk = load<u32>(ids + (<usize>k << 2));
  if (r == 0 || k <= r) return <i32>idk;
  let pos = <i32>load<u32>(ids + (<usize>(k - r) << 2));
  for (let j: u32 = 1; j < r; j++) {
    pos = child(tl, j + 1, <u32>pos, load<u32>(ids + (<usize>(k - r + j) << 2)));
    if (pos < 0) return -1;
  }
  const begin = childRange(tl, r, <u32>pos);
  const found = find(tl, r + 1, begin, load<u32>(scratch, SCRATCH_END), idk);
  return found < 0 ? -1 : found - <i32>begin;
}

/** Position of the n-gram ids[0 .. n) in level n, or −1 when it is not stored. IDs must be valid. */
export function locate(tl: usize, ids: usize, n: u32): i32 {
  let pos = <i32>load<u32>(ids);
  for (let k: u32 = 1; k < n; k++) {
    const id = storedId(tl, ids, k);
    if (id < 0) return -1;
    pos = child(tl, k + 1, <u32>pos, <u32>id);
    if (pos < 0) return -1;
  }
  return pos;
}

// Count models.

// @ts-ignore: decorator
@inline
function countOf(cm: usize, n: u32, rank: u32): f64 {
  return <f64>cvGet(load<usize>(load<usize>(cm, CM_COUNTS) + (<usize>(n - 1) << 2)), rank);
}

/** Count of the n-gram of word IDs ids[0 .. n) in a count trie, or 0. */
export function trieCount(cm: usize, ids: usize, n: u32): f64 {
  if (n < 1 || n > load<u32>(cm, CM_ORDER)) return 0;
  const size = load<u32>(load<usize>(cm, CM_VOCABULARY), VO_SIZE);
  for (let k: u32 = 0; k < n; k++) if (load<u32>(ids + (<usize>k << 2)) >= size) return 0;
  const pos = locate(load<usize>(cm, CM_LEVELS), ids, n);
  if (pos < 0) return 0;
  return countOf(cm, n, <u32>seqGet(load<usize>(load<usize>(cm, CM_RANKS) + (<usize>(n - 1) << 2)), <u32>pos));
}

/** Slot of the n-gram with hash halves (lo, hi) in one order of a hashed model, or −1 (fingerprint). */
export function hashedFind(hl: usize, lo: u32, hi: u32): i32 {
  if (load<u32>(hl, HL_LENGTH) == 0) return -1;
  const slot = mphfLookup(load<usize>(hl, HL_MPHF), lo, hi);
  const fp = load<usize>(hl, HL_FINGERPRINTS);
  if (load<u32>(hl, HL_FP_WORDS) == 1) return load<u32>(fp + (<usize>slot << 2)) == hi ? <i32>slot : -1;
  return load<u32>(fp + (<usize>slot << 3)) == lo && load<u32>(fp + (<usize>slot << 3), 4) == hi ? <i32>slot : -1;
}

/** Count of the n-gram whose text hashes to (lo, hi) in a hashed count model, or 0. */
export function hashCount(cm: usize, n: u32, lo: u32, hi: u32): f64 {
  if (n < 1 || n > load<u32>(cm, CM_ORDER)) return 0;
  const hl = load<usize>(load<usize>(cm, CM_HASHED) + (<usize>(n - 1) << 2));
  const slot = hashedFind(hl, lo, hi);
  return slot < 0 ? 0 : countOf(cm, n, <u32>icGet(load<usize>(hl, HL_RANKS), <u32>slot));
}

// Back-off models (backoff_model.ts documents the scoring).

// @ts-ignore: decorator
@inline
function logValue(lvs: usize, k: u32, i: u32): f32 {
  return valueAt(load<usize>(lvs + (<usize>k << 2)), i);
}

/** Value i of a LogValues: its table's entry at its index (0 for an index past the table: a tampered file). */
// @ts-ignore: decorator
@inline
function valueAt(lv: usize, i: u32): f32 {
  const index = cvGet32(load<usize>(lv, LV_INDEX), i);
  return index < load<u32>(lv, LV_TABLE_LENGTH) ? load<f32>(load<usize>(lv, LV_TABLE) + (<usize>index << 2)) : 0;
}

/**
 * Where the model stores the n-gram ids[0 .. k] (k ≥ 1, most recent word first), given where it stores
 * ids[0 .. k − 1]: its position in level k + 1, or −1.
 */
function extend(bm: usize, ids: usize, k: u32, previous: u32): i32 {
  const levels = load<usize>(bm, BM_LEVELS);
  if (load<u32>(bm, BM_HASHED) == 0) {
    const id = storedId(levels, ids, k);
    return id < 0 ? -1 : child(levels, k + 1, previous, <u32>id);
  }
  const h = hashIds(ids, k + 1);
  return hashedFind(load<usize>(levels + (<usize>(k - 1) << 2)), <u32>h, <u32>(h >> 32));
}

/**
 * Finds the longest stored n-gram ids[0 .. L) with L ≤ m + 1 (ids[0] the word, ids[1 .. m] its context, most
 * recent first). Returns L; its log10 probability to SCRATCH_VALUE_F64, and for j < min(L, order − 1) the
 * backoff of the n-gram ids[0 .. j] to backoffs[j] (float32).
 */
export function walk(bm: usize, ids: usize, m: u32, backoffs: usize): u32 {
  const contexts = load<u32>(bm, BM_ORDER) - 1;
  const probs = load<usize>(bm, BM_PROBS);
  const backoffValues = load<usize>(bm, BM_BACKOFFS);
  let pos = load<u32>(ids);
  let found: u32 = 1;
  if (contexts > 0) store<f32>(backoffs, logValue(backoffValues, 0, pos));
  for (let k: u32 = 1; k <= m; k++) {
    const next = extend(bm, ids, k, pos);
    if (next < 0) break;
    pos = <u32>next;
    found = k + 1;
    if (k < contexts) store<f32>(backoffs + (<usize>k << 2), logValue(backoffValues, k, pos));
  }
  store<f64>(scratch, <f64>logValue(probs, found - 1, pos), SCRATCH_VALUE_F64);
  return found;
}

// A state record: length, then order − 1 words, then order − 1 backoffs (float32).
const S_LENGTH = 0;
const S_WORDS = 4;

/**
 * Scores word `id` (−1: OOV) after `state` into `next` (which may be `state`); `work` holds 2 × order
 * words of room. Returns log10 p in float32 as KenLM computes it; the length of the longest stored n-gram
 * goes to SCRATCH_A (0 for an OOV).
 */
export function scoreWord(bm: usize, state: usize, id: i32, next: usize, work: usize): f64 {
  const order = load<u32>(bm, BM_ORDER);
  const contexts = order - 1;
  const backoffsAt = S_WORDS + (contexts << 2);
  const m = load<u32>(state, S_LENGTH);
  if (id < 0 || id == load<i32>(bm, BM_UNK_ID)) {
    let p = load<f64>(bm, BM_UNK_PROB_F64);
    for (let j: u32 = 0; j < m; j++) p = <f64>(<f32>(p + <f64>load<f32>(state + backoffsAt + (<usize>j << 2))));
    store<u32>(next, 0, S_LENGTH);
    store<u32>(scratch, 0, SCRATCH_A);
    return p;
  }
  // ids: the word then its context, most recent first; walkBackoffs after them.
  const ids = work;
  const walkBackoffs = work + (<usize>order << 2);
  store<u32>(ids, <u32>id);
  for (let j: u32 = 0; j < m; j++) store<u32>(ids + (<usize>(j + 1) << 2), load<u32>(state + S_WORDS + (<usize>j << 2)));
  const found = walk(bm, ids, m, walkBackoffs);
  let p = load<f64>(scratch, SCRATCH_VALUE_F64);
  // The contexts of length found .. m were not followed by the word: their backoffs apply.
  for (let j = found - 1; j < m; j++) p = <f64>(<f32>(p + <f64>load<f32>(state + backoffsAt + (<usize>j << 2))));
  const kept = min(found, contexts);
  for (let j: u32 = 0; j < kept; j++) {
    store<u32>(next + S_WORDS + (<usize>j << 2), load<u32>(ids + (<usize>j << 2)));
    store<f32>(next + backoffsAt + (<usize>j << 2), load<f32>(walkBackoffs + (<usize>j << 2)));
  }
  store<u32>(next, kept, S_LENGTH);
  store<u32>(scratch, found, SCRATCH_A);
  return p;
}

/** Sets `state` to the context `<s>` (how a wrapped sentence starts). */
export function beginSentence(bm: usize, state: usize): void {
  const order = load<u32>(bm, BM_ORDER);
  const bos = load<u32>(bm, BM_BOS_ID);
  store<u32>(state, bos, S_WORDS);
  store<f32>(state + S_WORDS + (<usize>(order - 1) << 2), order > 1 ? logValue(load<usize>(bm, BM_BACKOFFS), 0, bos) : 0);
  store<u32>(state, order > 1 ? 1 : 0, S_LENGTH);
}

// Totals of a text: the layout of its record.
const T_TOTAL_F64 = 0;
const T_OOV_F64 = 8;
const T_TOKENS_F64 = 16;
const T_OOVS_F64 = 24;
const T_SENTENCES_F64 = 32;

/**
 * Adds one sentence of word IDs (ids[0 .. n), −1 for OOVs) to the totals at `totals`, from `state` (set by
 * the caller: `<s>` or empty); with `wrap`, `eos` (the ID of `</s>`, −1 when the model has none) is scored
 * at the end. Sentence sums in float32, the corpus sum
 * in double, as KenLM. With `perWord`, each token's log10 p and n-gram length go there (f64, u32 pairs).
 */
export function scoreSentence(bm: usize, state: usize, ids: usize, n: u32, wrap: u32, eos: i32, totals: usize, work: usize, perWord: usize): f64 {
  let sentence: f32 = 0;
  const count = n + (wrap != 0 ? 1 : 0);
  for (let i: u32 = 0; i < count; i++) {
    const id = i < n ? load<i32>(ids + (<usize>i << 2)) : eos;
    const p = scoreWord(bm, state, id, state, work);
    sentence = <f32>(<f64>sentence + p);
    const length = load<u32>(scratch, SCRATCH_A);
    store<f64>(totals, load<f64>(totals, T_TOKENS_F64) + 1, T_TOKENS_F64);
    if (length == 0) {
      store<f64>(totals, load<f64>(totals, T_OOVS_F64) + 1, T_OOVS_F64);
      store<f64>(totals, load<f64>(totals, T_OOV_F64) + p, T_OOV_F64);
    }
    if (perWord != 0) {
      store<f64>(perWord + (<usize>i << 4), p);
      store<u32>(perWord + (<usize>i << 4), length, 8);
    }
  }
  store<f64>(totals, load<f64>(totals, T_TOTAL_F64) + <f64>sentence, T_TOTAL_F64);
  store<f64>(totals, load<f64>(totals, T_SENTENCES_F64) + 1, T_SENTENCES_F64);
  return <f64>sentence;
}

/** Value i of a LogValues (its table's entry at its index). */
export function logValueAt(lv: usize, i: u32): f64 {
  return <f64>valueAt(lv, i);
}
