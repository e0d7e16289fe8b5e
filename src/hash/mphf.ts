import { CompactVector, CompactVectorBuilder, widthFor } from "../bits/compact_vector.js";
import type { Container, ContainerWriter } from "../container/container.js";
import { fmix32, hashBytes, hashState, hashString, hashTuple } from "./hash64.js";
import type { Heap } from "../bits/heap.js";
import { MP_BYTES, MP_NPARTS, MP_PART_SCALE_F64, MP_PARTS, MP_PILOTS, MP_REMAP, MP_SEED_MUL, MP_SIZE } from "../kernels/layout.js";

/**
 * Minimal perfect hash function over 64-bit key hashes, of the PTHash family (Pibiri & Trani, SIGIR 2021)
 * with the choices of PtrHash (Groot Koerkamp, 2025):
 *
 * - keys are split into parts of about 2^16 keys, each with its own range of buckets and of slots, so
 *   that building one part touches only a few hundred kilobytes (the whole table would not stay in
 *   cache, and every pilot trial is a random access into it);
 * - inside a part, keys go to B_p ≈ n_p/λ buckets through a skewed bucket function close to PHOBIC's
 *   optimal one, so that the big buckets are placed first while the part is still empty;
 * - every bucket gets an 8-bit pilot p; a key goes to slot mix(k ⊕ p·C) of the part's m_p ≈ n_p/α slots.
 *   Pilots are plain bytes, so a lookup reads one byte instead of decoding a compressed pilot. A bucket
 *   that finds no free pilot among the 256 takes the one whose slots are held by the cheapest (smallest)
 *   buckets and evicts them, as in cuckoo hashing;
 * - the slots at and above n are remapped to the free slots below n through a compact vector.
 *
 * Space is 8/λ bits per key for the pilots plus (1/α − 1)·⌈log2 n⌉ for the remap (≈ 2.5 bits per key at
 * λ = 3.5, α = 0.99, n = 10M). Everything is 32-bit or exact double arithmetic: the bucket function is a
 * polynomial in doubles and slots are a 32-bit hash scaled by m_p/2^32, both deterministic under
 * IEEE-754, so a saved function gives the same answers on every machine.
 */

const FORMAT = 1;
const INV_TWO_POW_32 = 1 / 4294967296;
const PILOTS = 256;
const PART_KEYS = 1 << 16;
/** Odd multiplier turning a pilot into the 32-bit value xored into the key before mixing. */
const PILOT_MUL = 0x9e3779b1;
/**
 * Bucket function g(y) = ε·y + (1 − ε)·(y² + y³)/2 on y ∈ [0, 1): (y² + y³)/2 follows PHOBIC's optimal
 * y + (1 − y)·ln(1 − y) to third order near 0 and ends at 1; the linear ε part bounds the density near
 * 0, so that the first buckets stay below λ/ε keys.
 */
const EPS = 1 / 32;
const CUBIC = (1 - EPS) / 2;
/** The buckets that most recently evicted others are not evicted in turn, which breaks short cycles. */
const RECENT = 16;
const DEFAULT_LAMBDA = 3.5;
const DEFAULT_ALPHA = 0.99;
const MAX_ATTEMPTS = 16;

export interface MPHFOptions {
  /** Average number of keys per bucket: larger is smaller (8/λ bits per key) but slower to build. */
  lambda?: number;
  /** Load factor n/m of the table before the remap: closer to 1 means a smaller remap, slower build. */
  alpha?: number;
  /** First seed tried; the same seed and keys always give the same function. */
  seed?: number;
}

/**
 * Position of a key among the parts: the integer part is its part, the fraction its place inside the
 * part. Both halves are mixed in, so that keys given as structured 64-bit values rather than as hashes
 * (all with the same high half, say) still spread out, and a new seed gives a new grouping. The product
 * of a uint32 and parts < 2^21 is exact, so floor and fraction are exact too.
 */
function partPosition(lo: number, hi: number, seedMul: number, partScale: number): number {
  return fmix32(hi ^ Math.imul(lo, seedMul)) * partScale;
}

/** Bucket in [0, buckets) of a key at place y ∈ [0, 1) of its part (`| 0` is floor: the value is below 2^31). */
function localBucket(y: number, buckets: number): number {
  return (buckets * (EPS * y + CUBIC * y * y * (1 + y))) | 0;
}

/** The seeded 32-bit key that pilots act on; a new seed changes which keys collide under every pilot. */
function seededKey(lo: number, hi: number, seedMul: number): number {
  return lo ^ Math.imul(hi, seedMul);
}

/**
 * Slot in [0, slots) of seeded key k under pilot p. The full avalanche after the xor makes the slots of
 * one key under different pilots look independent; the product by slots is below 2^64 and rounds to a
 * double that stays below 2^32·slots, so the floor is in range. A part has fewer than 2^31 slots, so
 * `| 0` is that floor.
 */
function localSlot(k: number, pilot: number, slots: number): number {
  let t = k ^ Math.imul(pilot, PILOT_MUL);
  t = Math.imul(t ^ (t >>> 16), 0x7feb352d);
  t = Math.imul(t ^ (t >>> 15), 0x846ca68b);
  return (((t ^ (t >>> 16)) >>> 0) * slots * INV_TWO_POW_32) | 0;
}

/** Maps each of n distinct 64-bit key hashes to its own position in [0, n). */
export class MinimalPerfectHash {
  /** Number of slots m ≥ n before the remap. */
  readonly slots: number;
  /** For part p: first slot at [2p], first bucket at [2p + 1]; totals at the end. */
  readonly partOffsets: Uint32Array;
  /** One pilot per bucket. */
  readonly pilots: Uint8Array;
  /** Address of the descriptor the kernels read (layout.ts MP_*). */
  readonly desc: number;
  readonly heap: Heap;

  constructor(
    /** Number of keys n. */
    readonly size: number,
    /** Odd multiplier derived from the seed that succeeded. */
    readonly seedMul: number,
    partOffsets: Uint32Array,
    pilots: Uint8Array,
    /** For each slot s ≥ n, the free slot below n that stands for it. */
    readonly remap: CompactVector,
  ) {
    const h = (this.heap = remap.heap);
    this.partOffsets = h.place(partOffsets);
    this.pilots = h.place(pilots);
    const parts = (partOffsets.length >>> 1) - 1;
    this.slots = partOffsets[2 * parts];
    const d = h.descriptor(MP_BYTES, this);
    d.u32[MP_SIZE >>> 2] = size;
    d.u32[MP_SEED_MUL >>> 2] = seedMul;
    d.u32[MP_PARTS >>> 2] = this.partOffsets.byteOffset;
    d.u32[MP_PILOTS >>> 2] = this.pilots.byteOffset;
    d.u32[MP_REMAP >>> 2] = remap.desc;
    d.u32[MP_NPARTS >>> 2] = parts;
    d.f64[MP_PART_SCALE_F64 >>> 3] = parts * INV_TWO_POW_32;
    this.desc = d.ptr;
  }

  static build(hashLo: Uint32Array, hashHi: Uint32Array, options: MPHFOptions = {}): MinimalPerfectHash {
    return new MPHFBuilder(hashLo, hashHi, options).build();
  }

  /** Position in [0, n) of the key whose hash halves are (lo, hi); some position for a key not in the set. */
  lookup(lo: number, hi: number): number {
    return this.heap.kernels.mphfLookup(this.desc, lo, hi);
  }

  /** lookup of hashString(s, start, end). */
  lookupString(s: string, start = 0, end = s.length): number {
    const lo = hashString(s, start, end);
    return this.lookup(lo, hashState.hashHigh);
  }

  /** lookup of hashTuple(ids, offset, length). */
  lookupTuple(ids: Uint32Array, offset: number, length: number): number {
    const lo = hashTuple(ids, offset, length);
    return this.lookup(lo, hashState.hashHigh);
  }

  /** lookup of hashBytes(bytes, start, end). */
  lookupBytes(bytes: Uint8Array, start: number, end: number): number {
    const lo = hashBytes(bytes, start, end);
    return this.lookup(lo, hashState.hashHigh);
  }

  sizeInBits(): number {
    return this.pilots.length * 8 + this.partOffsets.length * 32 + this.remap.sizeInBits() + 3 * 64;
  }

  write(out: ContainerWriter, name: string): void {
    out.add(`${name}.pilots`, this.pilots);
    out.add(`${name}.parts`, this.partOffsets);
    this.remap.write(out, `${name}.remap`);
    out.addScalars(`${name}.meta`, [FORMAT, this.size, this.seedMul]);
  }

  /**
   * Refused unless the part table grows from 0 to the pilots and slots there are, every part with fewer
   * than 2^31 slots; with `c.verifying`, unless every remapped slot lands below n.
   */
  static read(c: Container, name: string): MinimalPerfectHash {
    const meta = c.meta(`${name}.meta`, 3);
    if (meta[0] !== FORMAT) c.fail(`${name}.meta`, `minimal perfect hash format ${meta[0]}, expected ${FORMAT}`);
    const size = c.whole(`${name}.meta`, "the number of keys", meta[1], 0, 0xffffffff);
    const seedMul = c.whole(`${name}.meta`, "the seed multiplier", meta[2], 0, 0xffffffff);
    const offsets = c.u32(`${name}.parts`);
    const pilots = c.u8(`${name}.pilots`);
    const remap = CompactVector.read(c, `${name}.remap`);
    const parts = (offsets.length >>> 1) - 1;
    if (parts < 1 || offsets.length % 2 !== 0 || offsets[0] !== 0 || offsets[1] !== 0) c.fail(`${name}.parts`, "the part table must hold two numbers per part and start with 0, 0");
    for (let p = 0; p < parts; p++) {
      const slots = offsets[2 * p + 2] - offsets[2 * p];
      const buckets = offsets[2 * p + 3] - offsets[2 * p + 1];
      if (!(slots >= 0 && slots < 2 ** 31 && buckets >= 0)) c.fail(`${name}.parts`, `part ${p}'s slots or buckets do not grow`);
    }
    if (offsets[2 * parts + 1] !== pilots.length) c.fail(`${name}.pilots`, `holds ${pilots.length} pilots, the part table ${offsets[2 * parts + 1]}`);
    if (offsets[2 * parts] !== size + remap.length) c.fail(`${name}.remap.meta`, `remaps ${remap.length} slots, the table has ${offsets[2 * parts] - size} past its ${size} keys`);
    if (c.verifying) {
      for (let i = 0; i < remap.length; i++) if (remap.get(i) >= size) c.fail(`${name}.remap`, `slot ${size + i} is remapped to ${remap.get(i)}, past the ${size} keys`);
    }
    return new MinimalPerfectHash(size, seedMul, offsets, pilots, remap);
  }
}

/**
 * Pilot search. Each attempt derives a seed, groups the keys by part and bucket (counting sorts), places
 * each part's buckets from the largest down, and either succeeds or gives up after a bounded number of
 * evictions, or when a bucket has two keys that collide under every pilot; the next attempt then starts
 * over with a new seed.
 */
export class MPHFBuilder {
  private readonly n: number;
  private readonly lambda: number;
  private readonly alpha: number;
  private readonly seed: number;
  private readonly parts: number;
  private readonly partScale: number;
  /** Part table of the current attempt, as in MinimalPerfectHash.partOffsets. */
  private readonly partOffsets: Uint32Array;
  /**
   * Seeded keys sorted by (global) bucket: bucket b holds keys bucketStart[b] .. bucketStart[b+1]; and
   * the low hash halves in the same order, to tell duplicates from seeded keys that merely collide.
   */
  private readonly keys: Uint32Array;
  private readonly sortedLo: Uint32Array;
  private readonly bucketStart: Uint32Array;
  /** The non-empty buckets of part p, largest first, are order[orderStart[p] .. orderStart[p+1]). */
  private readonly order: Uint32Array;
  private readonly orderStart: Uint32Array;
  private readonly pilots: Uint8Array;
  /** Bitmap of occupied slots, and the bucket that occupies each one (valid where the bit is set). */
  private readonly taken: Uint32Array;
  private readonly owner: Uint32Array;
  private readonly stack: Uint32Array;
  /** Per bucket, the count of eviction placements when it last evicted others (+1; 0 = never). */
  private readonly evictedAt: Uint32Array;
  private evictionPlacements = 0;
  /** How many of the latest evicting buckets are protected (fewer for tiny inputs, which have few buckets). */
  private readonly recentWindow: number;
  /** Slots of the bucket being placed; as long as the largest bucket. */
  private scratch = new Uint32Array(0);
  private evictions = 0;
  /** Slot range of the part being placed. */
  private slotBase = 0;
  private partSlots = 0;

  constructor(
    private readonly hashLo: Uint32Array,
    private readonly hashHi: Uint32Array,
    options: MPHFOptions = {},
  ) {
    const n = hashLo.length;
    if (hashHi.length !== n) throw new RangeError(`hash halves differ in length: ${n} low, ${hashHi.length} high`);
    this.lambda = options.lambda ?? DEFAULT_LAMBDA;
    this.alpha = options.alpha ?? DEFAULT_ALPHA;
    if (!(this.lambda >= 1 && this.lambda <= 8)) throw new RangeError(`lambda ${this.lambda} is outside 1..8`);
    if (!(this.alpha > 0.5 && this.alpha <= 1)) throw new RangeError(`alpha ${this.alpha} is outside (0.5, 1]`);
    this.n = n;
    this.seed = (options.seed ?? 0) >>> 0;
    this.parts = Math.max(1, Math.round(n / PART_KEYS));
    this.partScale = this.parts * INV_TWO_POW_32;
    // Every part rounds its slot and bucket counts up, and has at least one of each.
    const maxSlots = Math.ceil(n / this.alpha) + this.parts;
    const maxBuckets = Math.ceil(n / this.lambda) + this.parts;
    if (maxSlots >= 2 ** 32) throw new RangeError(`${n} keys need ${maxSlots} slots, more than 2^32`);
    this.partOffsets = new Uint32Array(2 * (this.parts + 1));
    this.sortedLo = new Uint32Array(n);
    this.keys = new Uint32Array(n);
    this.bucketStart = new Uint32Array(maxBuckets + 1);
    this.order = new Uint32Array(maxBuckets);
    this.orderStart = new Uint32Array(this.parts + 1);
    this.pilots = new Uint8Array(maxBuckets);
    this.taken = new Uint32Array(((maxSlots + 31) >>> 5) + 1);
    this.owner = new Uint32Array(maxSlots);
    this.stack = new Uint32Array(maxBuckets);
    this.evictedAt = new Uint32Array(maxBuckets);
    this.recentWindow = Math.min(RECENT, Math.floor(n / this.lambda) >>> 2);
  }

  build(): MinimalPerfectHash {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const seedMul = (fmix32((this.seed ^ 0x3c6ef372) + Math.imul(attempt, 0x632be5ab)) | 1) >>> 0;
      this.group(seedMul);
      if (attempt === 0) this.checkDistinct();
      if (this.search()) {
        const buckets = this.partOffsets[2 * this.parts + 1];
        return new MinimalPerfectHash(this.n, seedMul, this.partOffsets.slice(), this.pilots.slice(0, buckets), this.buildRemap());
      }
    }
    throw new Error(`minimal perfect hash: no seed out of ${MAX_ATTEMPTS} placed all ${this.n} keys; try a smaller lambda or alpha`);
  }

  /**
   * Groups the keys by part, then by bucket inside each part (a two-pass radix sort: scattering all keys
   * straight to their buckets would be one cache miss per key at 10M keys), then orders each part's
   * buckets by decreasing size.
   */
  private group(seedMul: number): void {
    const n = this.n;
    const parts = this.parts;
    const offsets = this.partOffsets;
    const partStart = new Uint32Array(parts + 1);
    for (let i = 0; i < n; i++) partStart[(partPosition(this.hashLo[i], this.hashHi[i], seedMul, this.partScale) | 0) + 1]++;
    let maxPartKeys = 0;
    for (let p = 0; p < parts; p++) {
      const keys = partStart[p + 1];
      if (keys >= 2 ** 30) throw new RangeError(`minimal perfect hash: ${keys} keys fell into one part, more than 2^30`);
      maxPartKeys = Math.max(maxPartKeys, keys);
      partStart[p + 1] += partStart[p];
      offsets[2 * p + 2] = offsets[2 * p] + Math.max(1, Math.ceil(keys / this.alpha));
      offsets[2 * p + 3] = offsets[2 * p + 1] + Math.max(1, Math.ceil(keys / this.lambda));
    }
    // First pass: the hashes grouped by part, in the arrays that end up holding the keys by bucket (their
    // high halves in `keys` for now), so that grouping needs no arrays of n beyond those.
    const lo = this.sortedLo;
    const hi = this.keys;
    const partFill = partStart.slice(0, parts);
    for (let i = 0; i < n; i++) {
      const at = partFill[partPosition(this.hashLo[i], this.hashHi[i], seedMul, this.partScale) | 0]++;
      lo[at] = this.hashLo[i];
      hi[at] = this.hashHi[i];
    }

    // Second pass, part by part: a copy of the part's hashes, scattered back to their buckets (which
    // occupy the same range of positions).
    const start = this.bucketStart;
    start.fill(0);
    const partLo = new Uint32Array(maxPartKeys);
    const partHi = new Uint32Array(maxPartKeys);
    const bucketOfKey = new Uint32Array(maxPartKeys);
    const fill = new Uint32Array(Math.ceil(maxPartKeys / this.lambda) + 1);
    let maxSize = 0;
    for (let p = 0; p < parts; p++) {
      const from = partStart[p];
      const to = partStart[p + 1];
      partLo.set(lo.subarray(from, to));
      partHi.set(hi.subarray(from, to));
      const b0 = offsets[2 * p + 1];
      const buckets = offsets[2 * p + 3] - b0;
      for (let j = 0; j < to - from; j++) {
        const u = partPosition(partLo[j], partHi[j], seedMul, this.partScale);
        const b = b0 + localBucket(u - p, buckets);
        bucketOfKey[j] = b;
        start[b + 1]++;
      }
      // start[b0] already counts the keys of the earlier parts.
      for (let b = b0; b < b0 + buckets; b++) {
        maxSize = Math.max(maxSize, start[b + 1]);
        start[b + 1] += start[b];
        fill[b - b0] = start[b];
      }
      for (let j = 0; j < to - from; j++) {
        const at = fill[bucketOfKey[j] - b0]++;
        lo[at] = partLo[j];
        this.keys[at] = seededKey(partLo[j], partHi[j], seedMul);
      }
    }
    if (this.scratch.length < maxSize) this.scratch = new Uint32Array(maxSize);

    // Per part, buckets by decreasing size: size s goes after all larger sizes; empty buckets are left out.
    const firstOfSize = new Uint32Array(maxSize + 2);
    let at = 0;
    for (let p = 0; p < parts; p++) {
      this.orderStart[p] = at;
      const from = offsets[2 * p + 1];
      const to = offsets[2 * p + 3];
      firstOfSize.fill(0);
      for (let b = from; b < to; b++) firstOfSize[maxSize - (start[b + 1] - start[b])]++;
      let sum = at;
      for (let s = 0; s <= maxSize; s++) {
        const c = firstOfSize[s];
        firstOfSize[s] = sum;
        sum += c;
      }
      at = firstOfSize[maxSize];
      for (let b = from; b < to; b++) {
        const size = start[b + 1] - start[b];
        if (size > 0) this.order[firstOfSize[maxSize - size]++] = b;
      }
    }
    this.orderStart[parts] = at;
  }

  /**
   * Equal keys share a bucket under any seed, where they would collide under every pilot. Equal seeded
   * keys and equal low halves imply equal high halves (the seed multiplier is odd, so invertible).
   */
  private checkDistinct(): void {
    const lo = this.sortedLo;
    const keys = this.keys;
    const buckets = this.partOffsets[2 * this.parts + 1];
    for (let b = 0; b < buckets; b++) {
      const end = this.bucketStart[b + 1];
      for (let i = this.bucketStart[b]; i < end; i++) {
        for (let j = i + 1; j < end; j++) {
          if (keys[i] === keys[j] && lo[i] === lo[j]) this.duplicate(lo[i]);
        }
      }
    }
  }

  /** Reports the first two input positions that hold the same hash, whose low half is `lo`. */
  private duplicate(lo: number): never {
    const same: number[] = [];
    for (let i = 0; i < this.n; i++) if (this.hashLo[i] === lo) same.push(i);
    let first = 0;
    let second = 0; // a later position, so 0 means "not found yet"
    for (const i of same) {
      for (const j of same) if (second === 0 && i < j && this.hashHi[i] === this.hashHi[j]) [first, second] = [i, j];
    }
    throw new DuplicateKeyError(first, second, this.hashHi[first], lo);
  }

  /** One attempt with the current grouping: true when every bucket got a pilot. */
  private search(): boolean {
    this.taken.fill(0);
    this.pilots.fill(0); // empty buckets keep pilot 0, whatever earlier attempts left
    this.evictedAt.fill(0);
    this.evictionPlacements = 0;
    this.evictions = 0;
    const budget = 64 * this.n + 4096;
    const stack = this.stack;
    for (let p = 0; p < this.parts; p++) {
      this.slotBase = this.partOffsets[2 * p];
      this.partSlots = this.partOffsets[2 * p + 2] - this.slotBase;
      for (let o = this.orderStart[p]; o < this.orderStart[p + 1]; o++) {
        let top = 0;
        stack[top++] = this.order[o];
        while (top > 0) {
          const b = stack[--top];
          if (this.placeFree(b)) continue;
          const evicted = this.placeEvicting(b, top);
          if (evicted < 0 || this.evictions > budget) return false;
          top += evicted;
        }
      }
    }
    return true;
  }

  /** Global slot of key i (in sorted order) under pilot p, in the part being placed. */
  private slot(i: number, p: number): number {
    return this.slotBase + localSlot(this.keys[i], p, this.partSlots);
  }

  private remember(b: number): void {
    this.evictedAt[b] = ++this.evictionPlacements;
  }

  private isRecent(b: number): boolean {
    const at = this.evictedAt[b];
    return at !== 0 && this.evictionPlacements - at < this.recentWindow;
  }

  /** Tries pilot p for bucket b: claims its slots and returns true when all are free and distinct. */
  private tryPilot(b: number, p: number): boolean {
    const taken = this.taken;
    const scratch = this.scratch;
    const start = this.bucketStart[b];
    const size = this.bucketStart[b + 1] - start;
    for (let i = 0; i < size; i++) {
      const s = this.slot(start + i, p);
      if (taken[s >>> 5] & (1 << (s & 31))) {
        for (let j = 0; j < i; j++) taken[scratch[j] >>> 5] &= ~(1 << (scratch[j] & 31));
        return false;
      }
      taken[s >>> 5] |= 1 << (s & 31);
      scratch[i] = s;
    }
    for (let i = 0; i < size; i++) this.owner[scratch[i]] = b;
    this.pilots[b] = p;
    return true;
  }

  /** Frees the slots of placed bucket b. */
  private release(b: number): void {
    const p = this.pilots[b];
    for (let i = this.bucketStart[b]; i < this.bucketStart[b + 1]; i++) {
      const s = this.slot(i, p);
      this.taken[s >>> 5] &= ~(1 << (s & 31));
    }
  }

  /** Tries the pilots in order; the first key is checked inline since most pilots already fail on it. */
  private placeFree(b: number): boolean {
    const taken = this.taken;
    const k = this.keys[this.bucketStart[b]];
    const base = this.slotBase;
    const slots = this.partSlots;
    for (let p = 0; p < PILOTS; p++) {
      const s = base + localSlot(k, p, slots);
      if (!(taken[s >>> 5] & (1 << (s & 31))) && this.tryPilot(b, p)) return true;
    }
    return false;
  }

  /**
   * Places bucket b on the pilot whose slots belong to the cheapest set of buckets (cost: sum of squared
   * sizes, so small buckets are evicted rather than big ones), evicts those buckets and pushes them on
   * the stack above `top`. Returns how many were pushed, or −1 when every pilot either collides inside b
   * or hits a bucket that itself evicted others recently.
   */
  private placeEvicting(b: number, top: number): number {
    const start = this.bucketStart[b];
    const size = this.bucketStart[b + 1] - start;
    const scratch = this.scratch;
    let best = -1;
    let bestCost = Infinity;
    // A varying first pilot keeps ties from always resolving the same way, which would favour cycles.
    const first = fmix32(this.evictions + b) & (PILOTS - 1);
    for (let t = 0; t < PILOTS; t++) {
      const p = (first + t) & (PILOTS - 1);
      let cost = 0;
      for (let i = 0; i < size && cost < bestCost; i++) {
        const s = this.slot(start + i, p);
        scratch[i] = s;
        for (let j = 0; j < i; j++) if (scratch[j] === s) cost = Infinity;
        if (this.taken[s >>> 5] & (1 << (s & 31))) {
          const o = this.owner[s];
          if (this.isRecent(o)) cost = Infinity;
          const os = this.bucketStart[o + 1] - this.bucketStart[o];
          cost += os * os;
        }
      }
      if (cost < bestCost) {
        bestCost = cost;
        best = p;
      }
    }
    if (best < 0) return -1;
    let pushed = 0;
    for (let i = 0; i < size; i++) {
      const s = this.slot(start + i, best);
      if (this.taken[s >>> 5] & (1 << (s & 31))) {
        const o = this.owner[s];
        this.release(o);
        this.stack[top + pushed++] = o;
      }
    }
    this.evictions += pushed;
    this.tryPilot(b, best);
    this.remember(b);
    return pushed;
  }

  /** For every occupied slot s ≥ n, the next free slot below n, in increasing order of both. */
  private buildRemap(): CompactVector {
    const n = this.n;
    const slots = this.partOffsets[2 * this.parts];
    const taken = this.taken;
    const out = new CompactVectorBuilder(slots - n, widthFor(Math.max(0, n - 1)));
    let free = 0;
    for (let s = n; s < slots; s++) {
      if (!(taken[s >>> 5] & (1 << (s & 31)))) continue;
      while (taken[free >>> 5] & (1 << (free & 31))) free++;
      out.set(s - n, free++);
    }
    return out.build();
  }
}

/**
 * Two keys with the same 64-bit hash: the same key given twice (or, with odds of about n²/2^65, two keys
 * that collide). Builders catch it to name the input lines of both.
 */
export class DuplicateKeyError extends Error {
  constructor(
    /** Input positions of the two keys, first < second. */
    readonly first: number,
    readonly second: number,
    hashHi: number,
    hashLo: number,
  ) {
    const hex = (x: number) => x.toString(16).padStart(8, "0");
    super(`minimal perfect hash: duplicate key, keys ${first} and ${second} have the same 64-bit hash 0x${hex(hashHi)}${hex(hashLo)}`);
    this.name = "DuplicateKeyError";
  }
}
