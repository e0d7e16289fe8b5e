import { lowMask } from "./broadword.js";
import { heapOf, type Heap } from "./heap.js";
import type { Container, ContainerWriter } from "../container/container.js";

/** Largest number of bits one vector holds: positions stay in uint32 range so `>>> 5` is exact. */
export const MAX_BITS = 2 ** 32 - 64;

/**
 * An immutable sequence of bits packed little-endian into 32-bit words: bit i is bit (i & 31) of
 * word (i >>> 5). Integers of any width up to 53 bits can be read at any position. The words live in the
 * kernels' heap (heap.ts), where the structures made of bit vectors query them.
 */
export class BitVector {
  readonly words: Uint32Array;
  /** The heap the words live in: that of the given words when they are in one, else the default heap. */
  readonly heap: Heap;

  constructor(words: Uint32Array, readonly length: number) {
    this.heap = heapOf(words);
    this.words = this.heap.place(words);
  }

  get(i: number): number {
    return (this.words[i >>> 5] >>> (i & 31)) & 1;
  }

  /** The `width`-bit integer (0 ≤ width ≤ 53) stored from bit `pos` on, least significant bit first. */
  getBits(pos: number, width: number): number {
    return this.heap.kernels.bitsGet(this.words.byteOffset, pos, width);
  }

  /** getBits, for code that names the wide case. */
  getBitsWide(pos: number, width: number): number {
    return this.getBits(pos, width);
  }

  /** Position of the first set bit at or after `pos`, or `length` when there is none. */
  nextOne(pos: number): number {
    return this.heap.kernels.nextOneAt(this.words.byteOffset, this.length, pos) >>> 0;
  }

  /** Calls `fn` with the position of every set bit, in increasing order (not for hot paths). */
  forEachOne(fn: (pos: number) => void): void {
    for (let p = this.nextOne(0); p < this.length; p = this.nextOne(p + 1)) fn(p);
  }

  sizeInBits(): number {
    return this.words.length * 32;
  }

  write(out: ContainerWriter, name: string): void {
    out.add(`${name}.words`, this.words);
    out.addScalars(`${name}.meta`, [this.length]);
  }

  /** Refused unless the words hold exactly `length` bits, those past it zero (rank counts whole words). */
  static read(c: Container, name: string): BitVector {
    const length = c.whole(`${name}.meta`, "the length in bits", c.meta(`${name}.meta`, 1)[0], 0, MAX_BITS);
    const words = c.u32(`${name}.words`);
    const expected = (length + 31) >>> 5;
    if (words.length !== expected) c.fail(`${name}.words`, `holds ${words.length} words, ${length} bits need ${expected}`);
    if ((length & 31) !== 0 && words[expected - 1] >>> (length & 31) !== 0) c.fail(`${name}.words`, `bits are set past the length ${length}`);
    return new BitVector(words, length);
  }
}

/**
 * `words` itself when it holds n words, else a copy grown to n or twice its length, whichever is more:
 * the growth of every append-only word array (doubling keeps appends amortized O(1)).
 */
export function withRoom(words: Uint32Array, n: number): Uint32Array {
  if (n <= words.length) return words;
  const grown = new Uint32Array(Math.max(n, 2 * words.length));
  grown.set(words);
  return grown;
}

/**
 * ORs the first `length` bits of `src` (whose later bits are zero) into `dst` from bit `at` on; dst must hold
 * them, its bits from `at` on being zero: the concatenation of bit arrays built apart, a word at a time.
 */
export function orBitsAt(dst: Uint32Array, at: number, src: Uint32Array, length: number): void {
  const words = (length + 31) >>> 5;
  const shift = at & 31;
  const w0 = at >>> 5;
  if (shift === 0) {
    for (let i = 0; i < words; i++) dst[w0 + i] |= src[i];
  } else {
    for (let i = 0; i < words; i++) {
      const x = src[i];
      dst[w0 + i] |= x << shift;
      if (x >>> (32 - shift) !== 0) dst[w0 + i + 1] |= x >>> (32 - shift);
    }
  }
}

/** Appends bits and integers into a growing word array, then freezes it into a BitVector. */
export class BitVectorBuilder {
  private words: Uint32Array;
  length = 0;

  constructor(capacityBits = 0) {
    this.words = new Uint32Array(Math.max(2, (capacityBits + 31) >>> 5));
  }

  /** A builder of `length` zero bits, ready for `set` / `setBits`. */
  static zeros(length: number): BitVectorBuilder {
    const b = new BitVectorBuilder(length);
    b.length = length;
    return b;
  }

  /** Makes room for `bits` bits in all, so that appending up to there does not reallocate. */
  reserve(bits: number): void {
    if (bits > MAX_BITS) throw new RangeError(`bit vector of ${bits} bits exceeds the limit of ${MAX_BITS}`);
    const need = (bits + 31) >>> 5;
    if (need <= this.words.length) return;
    const grown = new Uint32Array(Math.max(need, Math.min(this.words.length * 2, (MAX_BITS + 31) >>> 5)));
    grown.set(this.words);
    this.words = grown;
  }

  pushBit(bit: number): void {
    this.reserve(this.length + 1);
    if (bit) this.words[this.length >>> 5] |= 1 << (this.length & 31);
    this.length++;
  }

  /** Appends the low `width` bits of `value` (0 ≤ width ≤ 32). */
  append(value: number, width: number): void {
    if (width === 0) return;
    const pos = this.length;
    this.reserve(pos + width);
    value = width === 32 ? value >>> 0 : value & lowMask(width);
    const w = pos >>> 5;
    const off = pos & 31;
    this.words[w] |= value << off;
    if (off + width > 32) this.words[w + 1] |= value >>> (32 - off);
    this.length = pos + width;
  }

  /** Appends an integer of up to 53 bits. */
  appendWide(value: number, width: number): void {
    if (width <= 32) return this.append(value, width);
    this.append(value % 4294967296, 32);
    this.append(Math.floor(value / 4294967296), width - 32);
  }

  /** Appends `count` zero bits. */
  appendZeros(count: number): void {
    this.reserve(this.length + count);
    this.length += count;
  }

  set(pos: number, bit: number): void {
    const mask = 1 << (pos & 31);
    if (bit) this.words[pos >>> 5] |= mask;
    else this.words[pos >>> 5] &= ~mask;
  }

  /** Overwrites `width` bits (≤ 32) at `pos` with `value`. */
  setBits(pos: number, value: number, width: number): void {
    if (width === 0) return;
    const mask = lowMask(width);
    value &= mask;
    const w = pos >>> 5;
    const off = pos & 31;
    this.words[w] = (this.words[w] & ~(mask << off)) | (value << off);
    if (off + width > 32) {
      const shift = 32 - off;
      this.words[w + 1] = (this.words[w + 1] & ~(mask >>> shift)) | (value >>> shift);
    }
  }

  /** Overwrites an integer of up to 53 bits at `pos`. */
  setBitsWide(pos: number, value: number, width: number): void {
    if (width <= 32) return this.setBits(pos, value, width);
    this.setBits(pos, value % 4294967296, 32);
    this.setBits(pos + 32, Math.floor(value / 4294967296), width - 32);
  }

  get(pos: number): number {
    return (this.words[pos >>> 5] >>> (pos & 31)) & 1;
  }

  build(): BitVector {
    const n = (this.length + 31) >>> 5;
    const words = n === this.words.length ? this.words : this.words.slice(0, n);
    const v = new BitVector(words, this.length);
    this.words = new Uint32Array(2);
    this.length = 0;
    return v;
  }
}
