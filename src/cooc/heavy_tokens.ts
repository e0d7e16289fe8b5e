import type { WindowBlock } from "./neighbor_lists.js";
import { lowMask, transpose32 } from "../bits/broadword.js";

/** Bound on the heavy tokens' bit matrices (token masks, window masks, rows); past it fewer tokens are heavy. */
const MAX_HEAVY_BYTES = 64 << 20;

/*
 * Relative costs of the two ways of finding neighbours, measured on English text (Qwen tokens, windows of
 * 128): a table probe per pair occurrence of two light tokens, against an OR of a mask word per token
 * occurrence and 32 heavy tokens.
 */
const PROBE_COST = 2;
const MASK_WORD_COST = 1;

/**
 * The tokens in so large a share of the windows that reading their windows would be most of the work,
 * with which tokens each met, as two bit matrices. Every window gets a mask of the heavy tokens it holds;
 * a token's mask is the OR of its windows' masks, and the heavy tokens' rows are those masks transposed.
 * This costs a few word operations per token occurrence, where reading windows costs a table probe per
 * pair: the heavy tokens are a few per cent of the vocabulary but about half of every window, and the
 * pairs of light tokens left are a quarter of all.
 */
export interface HeavyTokens {
  /** Increasing. */
  ids: Uint32Array;
  /** Words per token mask: ⌈ids.length / 32⌉. */
  maskWords: number;
  /** Bit j of masks[t · maskWords …] is set when token t met heavy token ids[j]. */
  masks: Uint32Array;
  /** Words per heavy token row: ⌈universe / 32⌉. */
  words: number;
  /** Bit t of neighbors[j · words …] is set when heavy token ids[j] met token t. */
  neighbors: Uint32Array;
}

export const NO_HEAVY_TOKENS: HeavyTokens = { ids: new Uint32Array(0), maskWords: 0, masks: new Uint32Array(0), words: 0, neighbors: new Uint32Array(0) };

/**
 * The heavy tokens of a block (the `count` in most windows; by default as many as the cost model finds
 * best) and their meetings. Arrays the neighbour computation reads come from `alloc` (shared memory when
 * worker threads read them).
 */
export function findHeavyTokens(store: WindowBlock, starts: Uint32Array, windowsOf: Uint32Array, alloc: (n: number) => Uint32Array, count?: number): HeavyTokens {
  const ids = heavyIds(store, starts, count);
  if (ids.length === 0) return NO_HEAVY_TOKENS;
  const maskWords = (ids.length + 31) >>> 5;
  const masks = tokenMasks(store, starts, windowsOf, ids, maskWords, alloc);
  const words = (store.universe + 31) >>> 5;
  return { ids, maskWords, masks, words, neighbors: transposeMasks(masks, store.universe, maskWords, ids.length, words, alloc) };
}

/**
 * Per token, the bits j of the heavy tokens ids[j] it met: the OR of the masks of its windows, each
 * window's mask holding the heavy tokens in it. Heavy tokens, which have the most windows, nearly all meet
 * each other: a token stops reading its windows once its mask holds every heavy token.
 */
function tokenMasks(store: WindowBlock, starts: Uint32Array, windowsOf: Uint32Array, ids: Uint32Array, maskWords: number, alloc: (n: number) => Uint32Array): Uint32Array {
  const windowMasks = heavyOfWindows(store, ids, maskWords);
  const masks = alloc(store.universe * maskWords);
  const rest = ids.length % 32;
  const lastFull = rest === 0 ? -1 : lowMask(rest) | 0;
  for (let t = 0; t < store.universe; t++) {
    const row = t * maskWords;
    for (let k = starts[t], end = starts[t + 1]; k < end; k++) {
      for (let i = 0, at = windowsOf[k] * maskWords; i < maskWords; i++) masks[row + i] |= windowMasks[at + i];
      if (((end - k) & FULL_CHECK) === 0 && isFull(masks, row, maskWords, lastFull)) break;
    }
  }
  for (let j = 0; j < ids.length; j++) masks[ids[j] * maskWords + (j >>> 5)] &= ~(1 << (j & 31)); // not its own neighbour
  return masks;
}

/** A token's mask is checked for fullness every FULL_CHECK + 1 windows. */
const FULL_CHECK = 31;

/** Whether masks[row …] has every heavy bit set (the last word up to `lastFull`). */
function isFull(masks: Uint32Array, row: number, maskWords: number, lastFull: number): boolean {
  for (let i = 0; i < maskWords - 1; i++) if (masks[row + i] !== 0xffffffff) return false;
  return (masks[row + maskWords - 1] | 0) === lastFull;
}

/** Per window, the bits j of the heavy tokens ids[j] it holds. */
function heavyOfWindows(store: WindowBlock, ids: Uint32Array, maskWords: number): Uint32Array {
  const heavyBit = new Int32Array(store.universe).fill(-1);
  for (let j = 0; j < ids.length; j++) heavyBit[ids[j]] = j;
  const masks = new Uint32Array(store.windows * maskWords);
  const { tokens, ends } = store;
  for (let w = 0, i = 0; w < store.windows; w++) {
    for (const end = ends[w]; i < end; i++) {
      const j = heavyBit[tokens[i]];
      if (j >= 0) masks[w * maskWords + (j >>> 5)] |= 1 << (j & 31);
    }
  }
  return masks;
}

/** The heavy tokens' rows: the token masks transposed, 32 × 32 bits at a time. */
function transposeMasks(masks: Uint32Array, universe: number, maskWords: number, heavy: number, words: number, alloc: (n: number) => Uint32Array): Uint32Array {
  const rows = alloc(heavy * words);
  const block = new Uint32Array(32);
  for (let t0 = 0; t0 < universe; t0 += 32) {
    for (let jw = 0; jw < maskWords; jw++) {
      let any = 0;
      for (let r = 0; r < 32; r++) any |= block[r] = t0 + r < universe ? masks[(t0 + r) * maskWords + jw] : 0;
      if (any === 0) continue;
      transpose32(block);
      for (let c = 0, j = jw * 32; c < 32 && j < heavy; c++, j++) rows[j * words + (t0 >>> 5)] = block[c];
    }
  }
  return rows;
}

/**
 * The heavy tokens, in increasing order: the `count` in most windows (ties to the smaller id), by default
 * as many as minimise the modelled work, a probe per pair occurrence of light tokens (about
 * lightOccurrences² / windows of them) against a mask word per token occurrence and 32 heavy tokens,
 * within the memory bound. A token in no window is never heavy.
 */
function heavyIds(store: WindowBlock, starts: Uint32Array, count?: number): Uint32Array {
  const { universe, windows } = store;
  const sizes = new Uint32Array(universe);
  for (let t = 0; t < universe; t++) sizes[t] = starts[t + 1] - starts[t];
  const sorted = sizes.slice().sort().reverse();
  let inWindows = 0;
  while (inWindows < universe && sorted[inWindows] > 0) inWindows++;
  const heavy = Math.min(count ?? bestCount(sorted, inWindows, universe, windows), inWindows);
  if (heavy === 0) return new Uint32Array(0);
  // All tokens above the smallest heavy size, then those of that size by id.
  const cut = sorted[heavy - 1];
  const ids = new Uint32Array(heavy);
  let n = 0;
  for (let t = 0; t < universe; t++) if (sizes[t] > cut) ids[n++] = t;
  for (let t = 0; t < universe && n < heavy; t++) if (sizes[t] === cut) ids[n++] = t;
  return ids.sort();
}

/** The heavy count of least modelled work, given the tokens' window counts in decreasing order. */
function bestCount(sorted: Uint32Array, inWindows: number, universe: number, windows: number): number {
  if (windows === 0) return 0;
  let occurrences = 0;
  for (let t = 0; t < inWindows; t++) occurrences += sorted[t];
  // Words per 32 heavy tokens: a mask word per token and per window, and a row of the universe's bits.
  const wordsPer32 = 2 * ((universe + 31) >>> 5) * 32 + windows;
  const most = Math.min(inWindows, Math.floor(MAX_HEAVY_BYTES / (4 * wordsPer32)) * 32);
  let best = 0;
  let bestCost = (PROBE_COST * occurrences * occurrences) / windows;
  let light = occurrences;
  for (let h = 0; h < most; h++) {
    light -= sorted[h];
    if ((h & 31) !== 31 && h !== most - 1) continue;
    const cost = (PROBE_COST * light * light) / windows + MASK_WORD_COST * occurrences * ((h + 32) >>> 5);
    if (cost < bestCost) {
      bestCost = cost;
      best = h + 1;
    }
  }
  return best;
}

/**
 * The light tokens of each window, back to back (windowTokens[windowStarts[w] … windowStarts[w + 1])), in
 * 16 bits when every id fits: the part of the windows that light tokens read, in half the memory.
 */
export function lightParts(store: WindowBlock, heavy: HeavyTokens, alloc: (n: number) => Uint32Array): { windowTokens: Uint16Array | Uint32Array; windowStarts: Uint32Array } {
  const isHeavy = new Uint8Array(store.universe);
  for (const a of heavy.ids) isHeavy[a] = 1;
  const { tokens, ends, windows } = store;
  const windowStarts = alloc(windows + 1);
  let light = 0;
  for (let w = 0, i = 0; w < windows; w++) {
    for (const end = ends[w]; i < end; i++) light += 1 - isHeavy[tokens[i]];
    windowStarts[w + 1] = light;
  }
  // One spare element, so that reading the first token of an empty last window stays inside.
  const windowTokens = store.universe <= 1 << 16 ? halfWords(alloc, light + 1) : alloc(light + 1);
  for (let i = 0, k = 0; k < light; i++) {
    if (isHeavy[tokens[i]] === 0) windowTokens[k++] = tokens[i];
  }
  return { windowTokens, windowStarts };
}

/** A Uint16Array of n elements over memory from `alloc`. */
function halfWords(alloc: (n: number) => Uint32Array, n: number): Uint16Array {
  const words = alloc((n + 1) >>> 1);
  return new Uint16Array(words.buffer, words.byteOffset, n);
}
