/**
 * A 64-bit hash computed as two 32-bit lanes, without BigInt.
 *
 * Design: MurmurHash3 x86_128 reduced to two lanes. Input is read in 64-bit blocks of two 32-bit words;
 * the first word is scrambled into lane 1 and the second into lane 2 (with other multipliers and
 * rotations), and each lane then adds the other, so that both lanes depend on every word while each
 * word costs one lane step. For fixed words a round is a bijection of the lane pair, as is the
 * finalizer, so two inputs of the same length that differ in one block never collide. The finalizer
 * cross-adds the lanes around a strong avalanche (fmix32) on each, so that any input bit moves both
 * output halves.
 *
 * The seeds are fixed constants (one per input kind, which also keeps the kinds apart: the tuple
 * [0x00620061] and the string "ab" hash differently), so hashes written into files are the same on every
 * machine. Results are uint32 halves: the functions return the low half and leave the high half in
 * `hashState.hashHigh`, so that no call allocates.
 */

import { heap } from "../bits/heap.js";
import { SCRATCH_A } from "../kernels/layout.js";

/** Where every hash function leaves the high 32 bits of its last result. */
export const hashState: { hashHigh: number } = { hashHigh: 0 };

const SEED_STRING_1 = 0x2545f491;
const SEED_STRING_2 = 0x4f6cdd1d;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** MurmurHash3's scrambling of a word bound for lane 1. */
function scramble1(k: number): number {
  return Math.imul(rotl(Math.imul(k, 0x239b961b), 15), 0xab0e9789);
}

/** Scrambling of a word bound for lane 2, with other constants so the lanes are not images of each other. */
function scramble2(k: number): number {
  return Math.imul(rotl(Math.imul(k, 0xab0e9789), 16), 0x38b34ae5);
}

/** Lane 1 after absorbing word k, given lane 2. */
function round1(h1: number, h2: number, k: number): number {
  h1 = (rotl(h1 ^ scramble1(k), 19) + h2) | 0;
  return (Math.imul(h1, 5) + 0x561ccd1b) | 0;
}

/** Lane 2 after absorbing word k, given the new lane 1. */
function round2(h2: number, h1: number, k: number): number {
  h2 = (rotl(h2 ^ scramble2(k), 17) + h1) | 0;
  return (Math.imul(h2, 5) + 0x0bcaa747) | 0;
}

/** MurmurHash3's 32-bit finalizer: every input bit affects every output bit with probability ≈ 1/2. */
export function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Mixes the length in (so that trailing zero words count), then cross-mixes and avalanches both lanes.
 * `tail1` / `tail2` are the scrambled words of a partial last block (0 when absent).
 */
function finish(h1: number, h2: number, tail1: number, tail2: number, length: number): number {
  h1 ^= tail1 ^ length;
  h2 ^= tail2 ^ length;
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  hashState.hashHigh = h2 >>> 0;
  return h1 >>> 0;
}

/**
 * Hash of the uint32 tuple ids[offset .. offset+length) (an n-gram as word IDs). Low half returned. The
 * kernels compute it (src/kernels/hashing.ts: the scoring loop of hashed models hashes tuples there), with
 * the seeds and rounds of this file.
 */
export function hashTuple(ids: Uint32Array, offset: number, length: number): number {
  const h = heap();
  const room = h.idsRoom(length);
  for (let i = 0; i < length; i++) room[i] = ids[offset + i];
  const lo = h.kernels.hashTuple(room.byteOffset, length) >>> 0;
  hashState.hashHigh = h.scratchU32[SCRATCH_A >>> 2];
  return lo;
}

/**
 * Hash of the JS string s[start .. end) as its UTF-16 code units (not UTF-8 bytes: reading code units
 * directly is the fastest way to hash a JS string, and is the same on every machine). Two code units
 * make a word, four a block. `hashString(s)` therefore differs from `hashBytes` of the UTF-8 encoding of
 * s. A range is hashed in place, so words of a line need no substring.
 */
export function hashString(s: string, start = 0, end = s.length): number {
  let h1 = SEED_STRING_1;
  let h2 = SEED_STRING_2;
  const blocksEnd = start + ((end - start) & ~3);
  let i = start;
  for (; i < blocksEnd; i += 4) {
    h1 = round1(h1, h2, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
    h2 = round2(h2, h1, s.charCodeAt(i + 2) | (s.charCodeAt(i + 3) << 16));
  }
  let tail1 = 0;
  let tail2 = 0;
  const left = end - i;
  if (left > 0) tail1 = scramble1(left > 1 ? s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16) : s.charCodeAt(i));
  if (left > 2) tail2 = scramble2(s.charCodeAt(i + 2));
  return finish(h1, h2, tail1, tail2, end - start);
}

/**
 * Hash of bytes[start .. end), read as little-endian 32-bit words (64-bit blocks of two). Low half
 * returned. Computed by the kernels (src/kernels/hashing.ts), which hash words and n-grams so as they look
 * them up.
 */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  const h = heap();
  h.textRoom(end - start).set(bytes.subarray(start, end));
  return hashOfText(h, end - start);
}

/** hashBytes of the UTF-8 encoding of s[start .. end): how vocabularies and hashed models key words and n-grams. */
export function hashText(s: string, start = 0, end = s.length): number {
  const h = heap();
  return hashOfText(h, h.encode(start === 0 && end === s.length ? s : s.slice(start, end)));
}

/** The hash of the first n bytes of the heap's text buffer. */
function hashOfText(h: ReturnType<typeof heap>, n: number): number {
  const lo = h.kernels.hashUtf8(h.text.byteOffset, n) >>> 0;
  hashState.hashHigh = h.scratchU32[SCRATCH_A >>> 2];
  return lo;
}
