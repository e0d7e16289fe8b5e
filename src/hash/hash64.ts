/**
 * A 64-bit hash computed as two 32-bit lanes, without BigInt.
 *
 * Design: a reduced MurmurHash3 x86_128. Every 32-bit input block goes through two lanes that use
 * different multipliers, rotations and additive constants, so that the lanes are not linear images of
 * each other; the finalizer cross-adds the lanes around a strong avalanche (fmix32) on each, so that a
 * change in any input bit moves both output halves independently. Each lane step is a bijection of the
 * block for a fixed state, hence two inputs of the same length that differ in a single block always give
 * different lane states after that block.
 *
 * The seeds are fixed constants (one per input kind, which also keeps the kinds apart: the tuple
 * [0x00620061] and the string "ab" hash differently), so hashes written into files are the same on every
 * machine. Results are uint32 halves: the functions return the low half and leave the high half in
 * `hashState.hashHigh`, so that no call allocates.
 */

/** Where every hash function leaves the high 32 bits of its last result. */
export const hashState: { hashHigh: number } = { hashHigh: 0 };

const SEED_TUPLE_1 = 0x9e3779b9;
const SEED_TUPLE_2 = 0x7f4a7c15;
const SEED_STRING_1 = 0x2545f491;
const SEED_STRING_2 = 0x4f6cdd1d;
const SEED_BYTES_1 = 0x1b873593;
const SEED_BYTES_2 = 0xd1b54a32;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** Absorbs block k into lane 1 (MurmurHash3 x86_32 round). */
function lane1(h: number, k: number): number {
  k = Math.imul(rotl(Math.imul(k, 0xcc9e2d51), 15), 0x1b873593);
  h = rotl(h ^ k, 13);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Absorbs block k into lane 2 with other constants, so the lanes are not linear images of each other. */
function lane2(h: number, k: number): number {
  k = Math.imul(rotl(Math.imul(k, 0x85ebca6b), 17), 0xc2b2ae35);
  h = rotl(h ^ k, 15);
  return (Math.imul(h, 5) + 0x38495ab5) | 0;
}

/** MurmurHash3's 32-bit finalizer: every input bit affects every output bit with probability ≈ 1/2. */
export function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Mixes the length in (so that trailing zero blocks count), then cross-mixes and avalanches both lanes. */
function finish(h1: number, h2: number, length: number): number {
  h1 ^= length;
  h2 ^= length;
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  hashState.hashHigh = h2 >>> 0;
  return h1 >>> 0;
}

/** Hash of the uint32 tuple ids[offset .. offset+length) (an n-gram as word IDs). Low half returned. */
export function hashTuple(ids: Uint32Array, offset: number, length: number): number {
  let h1 = SEED_TUPLE_1;
  let h2 = SEED_TUPLE_2;
  const end = offset + length;
  for (let i = offset; i < end; i++) {
    const k = ids[i];
    h1 = lane1(h1, k);
    h2 = lane2(h2, k);
  }
  return finish(h1, h2, length);
}

/**
 * Hash of the JS string s[start .. end) as its UTF-16 code units (not UTF-8 bytes: reading code units
 * directly is the fastest way to hash a JS string, and is the same on every machine). Code units are
 * paired into 32-bit blocks. `hashString(s)` therefore differs from `hashBytes` of the UTF-8 encoding of
 * s. A range is hashed in place, so words of a line need no substring.
 */
export function hashString(s: string, start = 0, end = s.length): number {
  let h1 = SEED_STRING_1;
  let h2 = SEED_STRING_2;
  const pairsEnd = start + ((end - start) & ~1);
  for (let i = start; i < pairsEnd; i += 2) {
    const k = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    h1 = lane1(h1, k);
    h2 = lane2(h2, k);
  }
  if (pairsEnd < end) {
    const k = s.charCodeAt(pairsEnd);
    h1 = lane1(h1, k);
    h2 = lane2(h2, k);
  }
  return finish(h1, h2, end - start);
}

/** Hash of bytes[start .. end), read as little-endian 32-bit blocks. Low half returned. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h1 = SEED_BYTES_1;
  let h2 = SEED_BYTES_2;
  const blocksEnd = start + ((end - start) & ~3);
  let i = start;
  for (; i < blocksEnd; i += 4) {
    const k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    h1 = lane1(h1, k);
    h2 = lane2(h2, k);
  }
  if (i < end) {
    let k = 0;
    for (let shift = 0; i < end; i++, shift += 8) k |= bytes[i] << shift;
    h1 = lane1(h1, k);
    h2 = lane2(h2, k);
  }
  return finish(h1, h2, end - start);
}
