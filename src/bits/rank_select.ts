import { BitVector } from "./bit_vector.js";
import { ctz32, lowMask, popcount32, select32 } from "./broadword.js";
import type { Heap } from "./heap.js";
import { DA_BLOCKS, DA_BYTES, DA_COUNT, DA_FLIP, DA_LENGTH, DA_NWORDS, DA_OVERFLOW, DA_SUBS, DA_WORDS, RI_BYTES, RI_COUNTS, RI_LENGTH, RI_WORDS } from "../kernels/layout.js";
import type { Container, ContainerWriter } from "../container/container.js";

// DArray layout (Okanohara & Sadakane's darray, as in sdsl and Tongrams): the selected bits are cut into
// blocks of 1024. A block spanning fewer than 2^16 positions is "dense": its first position is sampled and
// every 128-th bit of it gets a 16-bit offset from that position, so a query scans at most 128 selected
// bits. A wider block is "sparse": its positions are stored outright, which costs at most half of the
// 2^16 / 1024 = 64 bits each of them already takes in the vector. For a vector of density 1/2 the index
// is 64 + 8·16 bits per 2048 bits, about 9%: sampling every 256-th bit would save 3% of the vector but
// doubles the words a select scans, and select is what trie lookups spend most of their time in.
const BLOCK_LOG = 10;
const BLOCK = 1 << BLOCK_LOG;
const SUB_LOG = 7;
const SUBS_PER_BLOCK = BLOCK >>> SUB_LOG;
const MAX_DENSE_SPAN = 1 << 16;

/**
 * select over the ones or over the zeros of a bit vector. The zero flavour reads every word through
 * `^ flip` (flip = all ones), so a single code path serves both.
 */
export class DArray {
  /** Address of the descriptor the kernels read (layout.ts DA_*). */
  readonly desc: number;
  readonly blocks: Float64Array;
  readonly subs: Uint16Array;
  readonly overflow: Uint32Array;
  readonly heap: Heap;

  constructor(
    readonly bits: BitVector,
    /** true: select1 over the ones; false: select0 over the zeros. */
    readonly ones: boolean,
    /** Number of selectable bits. */
    readonly count: number,
    /** Per block: its first position (dense), or -(start in `overflow`) - 1 (sparse). */
    blocks: Float64Array,
    /** Per 128 selected bits of a dense block: offset from the block's first position. */
    subs: Uint16Array,
    /** Every position of every sparse block. */
    overflow: Uint32Array,
  ) {
    const h = (this.heap = bits.heap);
    this.blocks = h.place(blocks);
    this.subs = h.place(subs);
    this.overflow = h.place(overflow);
    const d = h.descriptor(DA_BYTES, this);
    d.u32[DA_WORDS >>> 2] = bits.words.byteOffset;
    d.u32[DA_NWORDS >>> 2] = bits.words.length;
    d.u32[DA_FLIP >>> 2] = ones ? 0 : 0xffffffff;
    d.u32[DA_COUNT >>> 2] = count;
    d.u32[DA_BLOCKS >>> 2] = this.blocks.byteOffset;
    d.u32[DA_SUBS >>> 2] = this.subs.byteOffset;
    d.u32[DA_OVERFLOW >>> 2] = this.overflow.byteOffset;
    d.u32[DA_LENGTH >>> 2] = bits.length;
    this.desc = d.ptr;
  }

  /**
   * Built a word at a time: a popcount per word, and a select inside the word only for the bits sampled
   * (every 128th and each block's last). A block found to be sparse is rescanned bit by bit. A caller that
   * knows how many bits are selectable passes `knownCount` and saves a pass over the words.
   */
  static build(bits: BitVector, ones = true, knownCount?: number): DArray {
    const flip = ones ? 0 : -1;
    const words = bits.words;
    const length = bits.length;
    const wordCount = (length + 31) >>> 5;
    const count = knownCount ?? countSelectable(words, wordCount, length, flip);
    const blockCount = Math.ceil(count / BLOCK);
    const blocks = new Float64Array(blockCount);
    const subs = new Uint16Array(blockCount * SUBS_PER_BLOCK);
    const overflow: number[] = [];
    let k = 0;
    /** The next selected bit to sample: a multiple of 128, or the last of a block. */
    let next = 0;
    let blockFirst = 0;
    for (let w = 0; w < wordCount && next < count; w++) {
      const x = wordAt(words, w, wordCount, length, flip);
      const c = popcount32(x);
      while (next < k + c) {
        const pos = w * 32 + select32(x, next - k);
        const b = next >>> BLOCK_LOG;
        const inBlock = next - b * BLOCK;
        const last = Math.min(BLOCK, count - b * BLOCK) - 1;
        if (inBlock === 0) blockFirst = blocks[b] = pos;
        if ((inBlock & ((1 << SUB_LOG) - 1)) === 0) subs[next >>> SUB_LOG] = pos - blockFirst;
        if (inBlock === last && pos - blockFirst >= MAX_DENSE_SPAN) makeSparse(words, flip, b, blockFirst, pos, blocks, subs, overflow);
        next = inBlock === last ? next + 1 : Math.min((next | ((1 << SUB_LOG) - 1)) + 1, b * BLOCK + last);
      }
      k += c;
    }
    return new DArray(bits, ones, count, blocks, subs, Uint32Array.from(overflow));
  }

  /** Position of the k-th (0-based) selected bit; k < count. */
  select(k: number): number {
    return this.heap.kernels.select(this.desc, k) >>> 0;
  }

  sizeInBits(): number {
    return this.blocks.length * 64 + this.subs.length * 16 + this.overflow.length * 32;
  }

  /** Writes the index only; the owner writes the bit vector. */
  write(out: ContainerWriter, name: string): void {
    out.add(`${name}.blocks`, this.blocks);
    out.add(`${name}.subs`, this.subs);
    out.add(`${name}.overflow`, this.overflow);
    out.addScalars(`${name}.meta`, [this.ones ? 1 : 0, this.count]);
  }

  /**
   * Refused unless the samples are what `count` selectable bits give: one block entry per 1024 of them,
   * dense blocks' first positions increasing inside the vector with offsets that grow from 0, sparse
   * blocks' positions increasing in `overflow`, which holds them all. `ones` is the flavour the owner
   * needs. With `c.verifying`, the index is built again from the bits and must equal the stored one.
   */
  static read(c: Container, name: string, bits: BitVector, ones = true): DArray {
    const meta = c.meta(`${name}.meta`, 2);
    c.check(meta[0] === (ones ? 1 : 0), `${name}.meta`, `selects ${meta[0] === 1 ? "ones" : "zeros"}, expected ${ones ? "ones" : "zeros"}`);
    const count = c.whole(`${name}.meta`, "the number of selectable bits", meta[1], 0, bits.length);
    const index = new DArray(bits, ones, count, c.f64(`${name}.blocks`), c.u16(`${name}.subs`), c.u32(`${name}.overflow`));
    checkSamples(c, name, index);
    if (c.verifying) {
      const built = DArray.build(bits, ones);
      const same = built.count === count && equalArrays(built.blocks, index.blocks) && equalArrays(built.subs, index.subs) && equalArrays(built.overflow, index.overflow);
      if (!same) c.fail(`${name}.blocks`, "the select samples differ from the bits they index");
    }
    return index;
  }
}

/** The checks of DArray.read on its samples: linear in the samples, one per 128 selectable bits. */
function checkSamples(c: Container, name: string, index: DArray): void {
  const { blocks, subs, overflow, count } = index;
  const length = index.bits.length;
  const blockCount = Math.ceil(count / BLOCK);
  if (blocks.length !== blockCount) c.fail(`${name}.blocks`, `holds ${blocks.length} blocks, ${count} selectable bits make ${blockCount}`);
  if (subs.length !== blockCount * SUBS_PER_BLOCK) c.fail(`${name}.subs`, `holds ${subs.length} samples, expected ${blockCount * SUBS_PER_BLOCK}`);
  let sparse = 0;
  let previous = -1;
  for (let b = 0; b < blockCount; b++) {
    const start = blocks[b];
    const size = Math.min(BLOCK, count - b * BLOCK);
    if (start < 0) {
      if (start !== -sparse - 1) c.fail(`${name}.blocks`, `block ${b} starts at ${-start - 1} in the overflow, expected ${sparse}`);
      if (sparse + size > overflow.length) c.fail(`${name}.overflow`, `holds ${overflow.length} positions, block ${b} needs ${sparse + size}`);
      for (let i = sparse; i < sparse + size; i++) {
        if (!(overflow[i] > previous && overflow[i] < length)) c.fail(`${name}.overflow`, `position ${i} is not increasing inside the ${length} bits`);
        previous = overflow[i];
      }
      sparse += size;
      continue;
    }
    if (!(Number.isInteger(start) && start > previous && start < length)) c.fail(`${name}.blocks`, `block ${b} starts at ${start}, not increasing inside the ${length} bits`);
    const subs0 = b * SUBS_PER_BLOCK;
    const used = (size + (1 << SUB_LOG) - 1) >>> SUB_LOG;
    if (subs[subs0] !== 0) c.fail(`${name}.subs`, `block ${b}'s first sample is ${subs[subs0]}, expected 0`);
    for (let s = 1; s < used; s++) {
      if (subs[subs0 + s] <= subs[subs0 + s - 1]) c.fail(`${name}.subs`, `sample ${subs0 + s} is not increasing`);
    }
    previous = start + subs[subs0 + used - 1];
    if (previous >= length) c.fail(`${name}.subs`, `block ${b} reaches past the ${length} bits`);
  }
  if (sparse !== overflow.length) c.fail(`${name}.overflow`, `holds ${overflow.length} positions, the sparse blocks ${sparse}`);
}

/** Whether two arrays hold the same numbers. */
export function equalArrays(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Block b spans positions [first, last]: it keeps every position in `overflow` and no offsets. */
function makeSparse(words: Uint32Array, flip: number, b: number, first: number, last: number, blocks: Float64Array, subs: Uint16Array, overflow: number[]): void {
  blocks[b] = -overflow.length - 1;
  subs.fill(0, b * SUBS_PER_BLOCK, (b + 1) * SUBS_PER_BLOCK);
  for (let w = first >>> 5; w <= last >>> 5; w++) {
    let x = words[w] ^ flip;
    if (w === first >>> 5) x &= -1 << (first & 31);
    if (w === last >>> 5 && (last & 31) !== 31) x &= (1 << ((last & 31) + 1)) - 1;
    for (; x !== 0; x &= x - 1) overflow.push(w * 32 + ctz32(x));
  }
}

/** The number of selectable bits: ones, or zeros through `flip`. */
function countSelectable(words: Uint32Array, wordCount: number, length: number, flip: number): number {
  let count = 0;
  for (let w = 0; w < wordCount; w++) count += popcount32(wordAt(words, w, wordCount, length, flip));
  return count;
}

/** Word w as seen by a flavour (flipped for zeros), with the bits past `length` cleared. */
function wordAt(words: Uint32Array, w: number, wordCount: number, length: number, flip: number): number {
  const x = words[w] ^ flip;
  return w === wordCount - 1 && (length & 31) !== 0 ? x & lowMask(length & 31) : x;
}

// RankIndex layout (two 32-bit words per 512 bits, 12.5%): the number of ones before the block, then the
// counts of its 128-bit sub-blocks 1..3 relative to the block (each ≤ 384, 9 bits). A query adds at most
// three whole-word popcounts and one partial word.
const RANK_BLOCK_LOG = 9;
const RANK_SUB_LOG = 7;
const REL_BITS = 9;

/** rank1 in O(1) over a bit vector whose bits past `length` are zero (as BitVectorBuilder leaves them). */
export class RankIndex {
  /** Address of the descriptor the kernels read (layout.ts RI_*). */
  readonly desc: number;
  /** Interleaved per 512-bit block: absolute count, packed relative counts. */
  readonly counts: Uint32Array;
  readonly heap: Heap;

  constructor(
    readonly bits: BitVector,
    counts: Uint32Array,
  ) {
    const h = (this.heap = bits.heap);
    this.counts = h.place(counts);
    const d = h.descriptor(RI_BYTES, this);
    d.u32[RI_WORDS >>> 2] = bits.words.byteOffset;
    d.u32[RI_COUNTS >>> 2] = this.counts.byteOffset;
    d.u32[RI_LENGTH >>> 2] = bits.length;
    this.desc = d.ptr;
  }

  static build(bits: BitVector): RankIndex {
    const words = bits.words;
    const wordCount = (bits.length + 31) >>> 5;
    const blockCount = (bits.length >>> RANK_BLOCK_LOG) + 1;
    const counts = new Uint32Array(blockCount * 2);
    const wordsPerSub = 1 << (RANK_SUB_LOG - 5);
    const subsPerBlock = 1 << (RANK_BLOCK_LOG - RANK_SUB_LOG);
    let total = 0;
    for (let b = 0; b < blockCount; b++) {
      counts[2 * b] = total;
      let rel = 0;
      let packed = 0;
      for (let s = 0; s < subsPerBlock; s++) {
        if (s > 0) packed |= rel << (REL_BITS * (s - 1));
        for (let q = 0; q < wordsPerSub; q++) {
          const w = (b * subsPerBlock + s) * wordsPerSub + q;
          if (w < wordCount) rel += popcount32(words[w]);
        }
      }
      counts[2 * b + 1] = packed;
      total += rel;
    }
    return new RankIndex(bits, counts);
  }

  /** Number of ones in positions [0, i), for 0 ≤ i ≤ length. */
  rank1(i: number): number {
    return this.heap.kernels.rank1(this.desc, i) >>> 0;
  }

  sizeInBits(): number {
    return this.counts.length * 32;
  }

  /** Writes the index only; the owner writes the bit vector. */
  write(out: ContainerWriter, name: string): void {
    out.add(`${name}.counts`, this.counts);
  }

  /**
   * Refused unless there is one pair of counts per 512 bits (plus one) and the counts grow by no more
   * than the bits they cover; with `c.verifying`, unless they are the counts of the bits.
   */
  static read(c: Container, name: string, bits: BitVector): RankIndex {
    const counts = c.u32(`${name}.counts`);
    const blockCount = (bits.length >>> RANK_BLOCK_LOG) + 1;
    if (counts.length !== 2 * blockCount) c.fail(`${name}.counts`, `holds ${counts.length} numbers, ${bits.length} bits need ${2 * blockCount}`);
    const mask = (1 << REL_BITS) - 1;
    for (let b = 0; b < blockCount; b++) {
      const packed = counts[2 * b + 1];
      const r1 = packed & mask;
      const r2 = (packed >>> REL_BITS) & mask;
      const r3 = packed >>> (2 * REL_BITS);
      const grows = b === 0 ? counts[0] === 0 : counts[2 * b] >= counts[2 * b - 2] && counts[2 * b] - counts[2 * b - 2] <= 1 << RANK_BLOCK_LOG;
      if (!(grows && r1 <= 128 && r2 >= r1 && r2 - r1 <= 128 && r3 >= r2 && r3 - r2 <= 128)) c.fail(`${name}.counts`, `block ${b}'s counts do not fit its bits`);
    }
    const index = new RankIndex(bits, counts);
    if (c.verifying && !equalArrays(RankIndex.build(bits).counts, counts)) c.fail(`${name}.counts`, "the counts differ from the bits they count");
    return index;
  }
}

/** A bit vector with rank1/rank0, select1 and select0. */
export class RankSelect {
  constructor(
    readonly bits: BitVector,
    readonly ranks: RankIndex,
    readonly ones: DArray,
    readonly zeros: DArray,
  ) {}

  static build(bits: BitVector): RankSelect {
    return new RankSelect(bits, RankIndex.build(bits), DArray.build(bits, true), DArray.build(bits, false));
  }

  get length(): number {
    return this.bits.length;
  }

  rank1(i: number): number {
    return this.ranks.rank1(i);
  }

  rank0(i: number): number {
    return i - this.ranks.rank1(i);
  }

  /** Position of the k-th one; k < ones.count. */
  select1(k: number): number {
    return this.ones.select(k);
  }

  /** Position of the k-th zero; k < zeros.count. */
  select0(k: number): number {
    return this.zeros.select(k);
  }

  sizeInBits(): number {
    return this.bits.sizeInBits() + this.ranks.sizeInBits() + this.ones.sizeInBits() + this.zeros.sizeInBits();
  }

  write(out: ContainerWriter, name: string): void {
    this.bits.write(out, `${name}.bits`);
    this.ranks.write(out, `${name}.ranks`);
    this.ones.write(out, `${name}.ones`);
    this.zeros.write(out, `${name}.zeros`);
  }

  static read(c: Container, name: string): RankSelect {
    const bits = BitVector.read(c, `${name}.bits`);
    return new RankSelect(
      bits,
      RankIndex.read(c, `${name}.ranks`, bits),
      DArray.read(c, `${name}.ones`, bits, true),
      DArray.read(c, `${name}.zeros`, bits, false),
    );
  }
}
