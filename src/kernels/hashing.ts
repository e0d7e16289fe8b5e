// The minimal perfect hash's lookup and the 64-bit hash of ID tuples, bit for bit as hash/hash64.ts and
// hash/mphf.ts define them (the build side stays in TypeScript; JS hashes strings and hands over the halves).
import { MP_PART_SCALE_F64, MP_PARTS, MP_PILOTS, MP_REMAP, MP_SEED_MUL, MP_SIZE, SCRATCH_A } from "./layout";
import { cvGet32 } from "./select";
import { scratch } from "./scratch";

const SEED_TUPLE_1: u32 = 0x9e3779b9;
const SEED_TUPLE_2: u32 = 0x7f4a7c15;

// @ts-ignore: decorator
@inline
function scramble1(k: u32): u32 {
  return rotl<u32>(k * 0x239b961b, 15) * 0xab0e9789;
}

// @ts-ignore: decorator
@inline
function scramble2(k: u32): u32 {
  return rotl<u32>(k * 0xab0e9789, 16) * 0x38b34ae5;
}

export function fmix32(h: u32): u32 {
  h = (h ^ (h >> 16)) * 0x85ebca6b;
  h = (h ^ (h >> 13)) * 0xc2b2ae35;
  return h ^ (h >> 16);
}

const SEED_BYTES_1: u32 = 0x1b873593;
const SEED_BYTES_2: u32 = 0xd1b54a32;

/** The lanes' finish: the length mixed in, then cross-adds around an avalanche of each lane. */
// @ts-ignore: decorator
@inline
function finish(h1: u32, h2: u32, tail1: u32, tail2: u32, length: u32): u64 {
  h1 ^= tail1 ^ length;
  h2 ^= tail2 ^ length;
  h1 += h2;
  h2 += h1;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h1 += h2;
  h2 += h1;
  return (<u64>h2 << 32) | <u64>h1;
}

/** The little-endian word of the bytes at p, of which only `left` (1..4) count: the others read as zeros. */
// @ts-ignore: decorator
@inline
function partialWord(p: usize, left: u32): u32 {
  const word = load<u32>(p);
  return left >= 4 ? word : word & ((<u32>1 << (left << 3)) - 1);
}

/**
 * The 64-bit hash of `length` bytes at p (the bytes of a word or of an n-gram's text, UTF-8): 64-bit blocks
 * of two little-endian words, one into each lane; a partial last block zero-padded. The low half in the
 * low 32 bits. The bytes are followed by at least 8 readable bytes.
 */
export function hashBytes(p: usize, length: u32): u64 {
  let h1 = SEED_BYTES_1;
  let h2 = SEED_BYTES_2;
  const blocks = length & ~7;
  let i: u32 = 0;
  for (; i < blocks; i += 8) {
    h1 = (rotl<u32>(h1 ^ scramble1(load<u32>(p + i)), 19) + h2) * 5 + 0x561ccd1b;
    h2 = (rotl<u32>(h2 ^ scramble2(load<u32>(p + i, 4)), 17) + h1) * 5 + 0x0bcaa747;
  }
  const tail1 = i < length ? scramble1(partialWord(p + i, length - i)) : 0;
  const tail2 = i + 4 < length ? scramble2(partialWord(p + i + 4, length - i - 4)) : 0;
  return finish(h1, h2, tail1, tail2, length);
}

/** hashBytes for JavaScript: the low half returned, the high half to SCRATCH_A. */
export function hashUtf8(p: usize, length: u32): u32 {
  const h = hashBytes(p, length);
  store<u32>(scratch, <u32>(h >> 32), SCRATCH_A);
  return <u32>h;
}

/** The 64-bit hash of the `length` IDs at `ids` (u32 each): the low half in the low 32 bits, the high half above. */
export function hashIds(ids: usize, length: u32): u64 {
  let h1 = SEED_TUPLE_1;
  let h2 = SEED_TUPLE_2;
  const blocks = length & ~1;
  for (let i: u32 = 0; i < blocks; i += 2) {
    h1 = (rotl<u32>(h1 ^ scramble1(load<u32>(ids + (<usize>i << 2))), 19) + h2) * 5 + 0x561ccd1b;
    h2 = (rotl<u32>(h2 ^ scramble2(load<u32>(ids + (<usize>i << 2), 4)), 17) + h1) * 5 + 0x0bcaa747;
  }
  return finish(h1, h2, blocks < length ? scramble1(load<u32>(ids + (<usize>blocks << 2))) : 0, 0, length);
}

const INV_TWO_POW_32: f64 = 1.0 / 4294967296.0;
const PILOT_MUL: u32 = 0x9e3779b1;
const EPS: f64 = 1.0 / 32.0;
const CUBIC: f64 = (1.0 - EPS) / 2.0;

/** Position in [0, n) of the key whose hash halves are (lo, hi); some position for a key not in the set. */
export function mphfLookup(mp: usize, lo: u32, hi: u32): u32 {
  const offsets = load<usize>(mp, MP_PARTS);
  const seedMul = load<u32>(mp, MP_SEED_MUL);
  const u = <f64>fmix32(hi ^ (lo * seedMul)) * load<f64>(mp, MP_PART_SCALE_F64);
  const part = <u32>u;
  const at = offsets + (<usize>part << 3);
  const slotBase = load<u32>(at);
  const bucketBase = load<u32>(at, 4);
  const y = u - <f64>part;
  const bucket = bucketBase + <u32>(<f64>(load<u32>(at, 12) - bucketBase) * (EPS * y + CUBIC * y * y * (1 + y)));
  const pilot = <u32>load<u8>(load<usize>(mp, MP_PILOTS) + bucket);
  let t = (lo ^ (hi * seedMul)) ^ (pilot * PILOT_MUL);
  t = (t ^ (t >> 16)) * 0x7feb352d;
  t = (t ^ (t >> 15)) * 0x846ca68b;
  const slot = slotBase + <u32>(<f64>(t ^ (t >> 16)) * <f64>(load<u32>(at, 8) - slotBase) * INV_TWO_POW_32);
  const size = load<u32>(mp, MP_SIZE);
  return slot < size ? slot : cvGet32(load<usize>(mp, MP_REMAP), slot - size);
}

/** hashIds for JavaScript: the low half returned, the high half to SCRATCH_A. */
export function hashTuple(ids: usize, length: u32): u32 {
  const h = hashIds(ids, length);
  store<u32>(scratch, <u32>(h >> 32), SCRATCH_A);
  return <u32>h;
}
