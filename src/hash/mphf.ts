import { CompactVector, CompactVectorBuilder, widthFor } from "../bits/compact_vector.js";
import { FormatError, type Container, type ContainerWriter } from "../container/container.js";
import { fmix32, hashBytes, hashState, hashString, hashTuple } from "./hash64.js";

/**
 * Minimal perfect hash function over 64-bit key hashes, of the PTHash family (Pibiri & Trani, SIGIR 2021)
 * with the choices of PtrHash (Groot Koerkamp, 2025):
 *
 * - keys are spread over B ≈ n/λ buckets by a mix of both hash halves through a skewed bucket function close
 *   to PHOBIC's optimal one, so the big buckets are placed first while the table is still empty;
 * - every bucket gets an 8-bit pilot p; a key goes to slot mix(k ⊕ p·C) of m = n/α slots. Pilots are
 *   plain bytes, so a lookup reads one byte instead of decoding a compressed pilot. A bucket that finds
 *   no free pilot among the 256 takes the one whose slots are held by the fewest (small) buckets and
 *   evicts them, as in cuckoo hashing;
 * - the (m − n) slots at and above n are remapped to the free slots below n through a compact vector.
 *
 * Space is 8/λ bits per key for the pilots plus (1/α − 1)·⌈log2 n⌉ for the remap (≈ 2.5 bits per key at
 * λ = 3.5, α = 0.99, n = 10M). Everything is 32-bit or exact double arithmetic: the bucket function is a
 * polynomial in doubles and slots are a 32-bit hash scaled by m/2^32, both deterministic under IEEE-754,
 * so a saved function gives the same answers on every machine.
 */

const FORMAT = 1;
const TWO_POW_32 = 4294967296;
const PILOTS = 256;
/** Odd multiplier turning a pilot into the 32-bit value xored into the key before mixing. */
const PILOT_MUL = 0x9e3779b1;
/**
 * Bucket function g(x) = ε·x + (1 − ε)·(x² + x³)/2 on x ∈ [0, 1): (x² + x³)/2 follows PHOBIC's optimal
 * x + (1 − x)·ln(1 − x) to third order near 0 and ends at 1; the linear ε part bounds the density near
 * 0, so that the first buckets do not grow with n.
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
 * Bucket of a key under a seed. Both halves are mixed in, so that keys given as structured 64-bit values
 * rather than as hashes (all with the same high half, say) still spread over the buckets, and a new seed
 * gives a new grouping.
 */
function bucketOf(lo: number, hi: number, seedMul: number, buckets: number): number {
  const x = fmix32(hi ^ Math.imul(lo, seedMul)) * (1 / TWO_POW_32);
  return Math.floor(buckets * (EPS * x + CUBIC * x * x * (1 + x)));
}

/** Slot of the key with seeded hash k under pilot p; slotScale = m / 2^32 keeps the product exact enough. */
function slotOf(k: number, pilot: number, slotScale: number): number {
  let t = k ^ Math.imul(pilot, PILOT_MUL);
  t = Math.imul(t ^ (t >>> 16), 0x7feb352d);
  t = Math.imul(t ^ (t >>> 15), 0x846ca68b);
  return Math.floor(((t ^ (t >>> 16)) >>> 0) * slotScale);
}

/** The seeded 32-bit key that pilots act on; a new seed changes which keys collide in every pilot. */
function seededKey(lo: number, hi: number, seedMul: number): number {
  return lo ^ Math.imul(hi, seedMul);
}

/** Maps each of n distinct 64-bit key hashes to its own position in [0, n). */
export class MinimalPerfectHash {
  private readonly buckets: number;
  private readonly slotScale: number;

  constructor(
    /** Number of keys n. */
    readonly size: number,
    /** Number of slots m ≥ n before the remap. */
    readonly slots: number,
    /** Odd multiplier derived from the seed that succeeded. */
    readonly seedMul: number,
    /** One pilot per bucket. */
    readonly pilots: Uint8Array,
    /** For each slot s ≥ n, the free slot below n that stands for it. */
    readonly remap: CompactVector,
  ) {
    this.buckets = pilots.length;
    this.slotScale = slots / TWO_POW_32;
  }

  static build(hashLo: Uint32Array, hashHi: Uint32Array, options: MPHFOptions = {}): MinimalPerfectHash {
    return new MPHFBuilder(hashLo, hashHi, options).build();
  }

  /** Position in [0, n) of the key whose hash halves are (lo, hi); any value for a key not in the set. */
  lookup(lo: number, hi: number): number {
    const pilot = this.pilots[bucketOf(lo, hi, this.seedMul, this.buckets)];
    const slot = slotOf(seededKey(lo, hi, this.seedMul), pilot, this.slotScale);
    return slot < this.size ? slot : this.remap.get(slot - this.size);
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
    return this.pilots.length * 8 + this.remap.sizeInBits() + 4 * 64;
  }

  write(out: ContainerWriter, name: string): void {
    out.add(`${name}.pilots`, this.pilots);
    this.remap.write(out, `${name}.remap`);
    out.addScalars(`${name}.meta`, [FORMAT, this.size, this.slots, this.seedMul]);
  }

  static read(c: Container, name: string): MinimalPerfectHash {
    const [format, size, slots, seedMul] = c.scalars(`${name}.meta`);
    if (format !== FORMAT) throw new FormatError(`${name}: minimal perfect hash format ${format}, expected ${FORMAT}`);
    return new MinimalPerfectHash(size, slots, seedMul, c.u8(`${name}.pilots`), CompactVector.read(c, `${name}.remap`));
  }
}

/**
 * Pilot search. Each attempt derives a seed, groups the keys by bucket (counting sort), places buckets
 * from the largest down, and either succeeds or gives up after a bounded number of evictions, or when a
 * bucket has two keys that collide under every pilot; the next attempt then starts over with a new seed.
 */
export class MPHFBuilder {
  private readonly n: number;
  private readonly slots: number;
  private readonly buckets: number;
  private readonly slotScale: number;
  private readonly seed: number;
  /** Keys of the current attempt sorted by bucket: bucket b holds keys bucketStart[b] .. bucketStart[b+1]. */
  private readonly sortedLo: Uint32Array;
  private readonly sortedHi: Uint32Array;
  /** Seeded keys, in the order of sortedLo. */
  private readonly keys: Uint32Array;
  private readonly bucketStart: Uint32Array;
  /** Non-empty buckets, largest first: order[0 .. nonEmpty). */
  private readonly order: Uint32Array;
  private nonEmpty = 0;
  private readonly pilots: Uint8Array;
  /** Bitmap of occupied slots, and the bucket that occupies each one (valid where the bit is set). */
  private readonly taken: Uint32Array;
  private readonly owner: Uint32Array;
  private readonly stack: Uint32Array;
  private readonly recent: Int32Array;
  private recentPos = 0;
  /** Slots of the bucket being placed; as long as the largest bucket. */
  private scratch = new Uint32Array(0);
  private evictions = 0;

  constructor(
    private readonly hashLo: Uint32Array,
    private readonly hashHi: Uint32Array,
    options: MPHFOptions = {},
  ) {
    const n = hashLo.length;
    if (hashHi.length !== n) throw new RangeError(`hash halves differ in length: ${n} low, ${hashHi.length} high`);
    const lambda = options.lambda ?? DEFAULT_LAMBDA;
    const alpha = options.alpha ?? DEFAULT_ALPHA;
    if (!(lambda >= 1 && lambda <= 8)) throw new RangeError(`lambda ${lambda} is outside 1..8`);
    if (!(alpha > 0.5 && alpha <= 1)) throw new RangeError(`alpha ${alpha} is outside (0.5, 1]`);
    const slots = Math.max(1, Math.ceil(n / alpha));
    if (slots >= TWO_POW_32) throw new RangeError(`${n} keys need ${slots} slots, more than 2^32`);
    this.n = n;
    this.slots = slots;
    this.buckets = Math.max(1, Math.ceil(n / lambda));
    this.slotScale = slots / TWO_POW_32;
    this.seed = (options.seed ?? 0) >>> 0;
    this.sortedLo = new Uint32Array(n);
    this.sortedHi = new Uint32Array(n);
    this.keys = new Uint32Array(n);
    this.bucketStart = new Uint32Array(this.buckets + 1);
    this.order = new Uint32Array(this.buckets);
    this.pilots = new Uint8Array(this.buckets);
    this.taken = new Uint32Array(((slots + 31) >>> 5) + 1);
    this.owner = new Uint32Array(slots);
    this.stack = new Uint32Array(this.buckets);
    this.recent = new Int32Array(Math.min(RECENT, this.buckets >>> 2));
  }

  build(): MinimalPerfectHash {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const seedMul = (fmix32((this.seed ^ 0x3c6ef372) + Math.imul(attempt, 0x632be5ab)) | 1) >>> 0;
      this.group(seedMul);
      if (attempt === 0) this.checkDistinct();
      if (this.search()) {
        return new MinimalPerfectHash(this.n, this.slots, seedMul, this.pilots.slice(), this.buildRemap());
      }
    }
    throw new Error(`minimal perfect hash: no seed out of ${MAX_ATTEMPTS} placed all ${this.n} keys; try a smaller lambda or alpha`);
  }

  /** Counting sort of the keys by their bucket under seedMul, then of the buckets by decreasing size. */
  private group(seedMul: number): void {
    const n = this.n;
    const start = this.bucketStart;
    const bucketOfKey = new Uint32Array(n);
    start.fill(0);
    for (let i = 0; i < n; i++) {
      const b = bucketOf(this.hashLo[i], this.hashHi[i], seedMul, this.buckets);
      bucketOfKey[i] = b;
      start[b + 1]++;
    }
    let maxSize = 0;
    for (let b = 0; b < this.buckets; b++) {
      maxSize = Math.max(maxSize, start[b + 1]);
      start[b + 1] += start[b];
    }
    const fill = start.slice(0, this.buckets);
    for (let i = 0; i < n; i++) {
      const at = fill[bucketOfKey[i]]++;
      this.sortedLo[at] = this.hashLo[i];
      this.sortedHi[at] = this.hashHi[i];
      this.keys[at] = seededKey(this.hashLo[i], this.hashHi[i], seedMul);
    }
    if (this.scratch.length < maxSize) this.scratch = new Uint32Array(maxSize);

    // Buckets by decreasing size: position of size s starts after all larger sizes; empty ones are left out.
    const firstOfSize = new Uint32Array(maxSize + 2);
    for (let b = 0; b < this.buckets; b++) firstOfSize[maxSize - (start[b + 1] - start[b])]++;
    this.nonEmpty = this.buckets - firstOfSize[maxSize];
    let sum = 0;
    for (let s = 0; s <= maxSize; s++) {
      const c = firstOfSize[s];
      firstOfSize[s] = sum;
      sum += c;
    }
    for (let b = 0; b < this.buckets; b++) this.order[firstOfSize[maxSize - (start[b + 1] - start[b])]++] = b;
  }

  /** Equal keys share a bucket under any seed, where they would collide under every pilot. */
  private checkDistinct(): void {
    const lo = this.sortedLo;
    const hi = this.sortedHi;
    for (let b = 0; b < this.buckets; b++) {
      const end = this.bucketStart[b + 1];
      for (let i = this.bucketStart[b]; i < end; i++) {
        for (let j = i + 1; j < end; j++) {
          if (lo[i] === lo[j] && hi[i] === hi[j]) {
            const hex = (x: number) => x.toString(16).padStart(8, "0");
            throw new Error(`minimal perfect hash: duplicate key, two keys have the 64-bit hash 0x${hex(hi[i])}${hex(lo[i])}`);
          }
        }
      }
    }
  }

  /** One attempt with one seed: true when every bucket got a pilot. */
  private search(): boolean {
    this.pilots.fill(0);
    this.taken.fill(0);
    this.recent.fill(-1);
    this.evictions = 0;
    const budget = 64 * this.n + 4096;
    const stack = this.stack;
    for (let o = 0; o < this.nonEmpty; o++) {
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
    return true;
  }

  private remember(b: number): void {
    if (this.recent.length === 0) return;
    this.recent[this.recentPos] = b;
    this.recentPos = (this.recentPos + 1) % this.recent.length;
  }

  private isRecent(b: number): boolean {
    for (let i = 0; i < this.recent.length; i++) if (this.recent[i] === b) return true;
    return false;
  }

  /** Tries pilot p for bucket b: claims its slots and returns true when all are free and distinct. */
  private tryPilot(b: number, p: number): boolean {
    const taken = this.taken;
    const scratch = this.scratch;
    const start = this.bucketStart[b];
    const size = this.bucketStart[b + 1] - start;
    for (let i = 0; i < size; i++) {
      const s = slotOf(this.keys[start + i], p, this.slotScale);
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
      const s = slotOf(this.keys[i], p, this.slotScale);
      this.taken[s >>> 5] &= ~(1 << (s & 31));
    }
  }

  private placeFree(b: number): boolean {
    for (let p = 0; p < PILOTS; p++) if (this.tryPilot(b, p)) return true;
    return false;
  }

  /**
   * Places bucket b on the pilot whose slots belong to the cheapest set of buckets (cost: sum of squared
   * sizes, so small buckets are evicted rather than big ones), evicts those buckets and pushes them on
   * the stack above `top`. Returns how many were pushed, or −1 when every pilot either collides inside b
   * or hits a recently placed bucket.
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
        const s = slotOf(this.keys[start + i], p, this.slotScale);
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
      const s = slotOf(this.keys[start + i], best, this.slotScale);
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
    const taken = this.taken;
    const out = new CompactVectorBuilder(this.slots - n, widthFor(Math.max(0, n - 1)));
    let free = 0;
    for (let s = n; s < this.slots; s++) {
      if (!(taken[s >>> 5] & (1 << (s & 31)))) continue;
      while (taken[free >>> 5] & (1 << (free & 31))) free++;
      out.set(s - n, free++);
    }
    return out.build();
  }
}
