import type { Container, ContainerWriter } from "../container/container.js";
import { BitVector, withRoom } from "./bit_vector.js";
import type { Heap } from "./heap.js";
import { IC_BYTES, IC_CODEWORDS, IC_LENGTH, IC_MARKS, IC_MARKS_BITS, IC_STARTS, TAG, TAG_IC } from "../kernels/layout.js";
import { MAX_CODE_VALUE } from "./codes.js";
import { DArray } from "./rank_select.js";
import type { IntSequence } from "./prefix_summed.js";

/**
 * Tongrams' IC rank sequence: value v is stored as the binary code of v + 2 without its leading one,
 * ⌊log2(v + 2)⌋ bits (v = 0, 1 take 1 bit; 2..5 take 2 bits; 6..13 take 3 bits; …), the codewords
 * concatenated in one bit vector. A second bit vector of the same length marks where each codeword
 * starts (plus one mark past the last), with select1 over the marks. The distance between two marks is
 * the codeword's length, which with the implicit leading one fixes its value, so no length is stored.
 * Codewords are never empty, so the marks are a plain bitmap: for the typical ranks (mostly 0 and 1)
 * that is two bits per value plus the select index, less than Elias-Fano pointers would take.
 */
export class IndexedCodewords implements IntSequence {
  readonly length: number;
  /** Address of the descriptor the kernels read (layout.ts IC_*). */
  readonly desc: number;
  readonly heap: Heap;

  constructor(
    readonly codewords: BitVector,
    readonly marks: BitVector,
    readonly starts: DArray,
  ) {
    this.length = starts.count - 1;
    this.heap = codewords.heap;
    const d = this.heap.descriptor(IC_BYTES, this);
    d.u32[TAG >>> 2] = TAG_IC;
    d.u32[IC_CODEWORDS >>> 2] = codewords.words.byteOffset;
    d.u32[IC_MARKS >>> 2] = marks.words.byteOffset;
    d.u32[IC_MARKS_BITS >>> 2] = marks.length;
    d.u32[IC_STARTS >>> 2] = starts.desc;
    d.u32[IC_LENGTH >>> 2] = this.length;
    this.desc = d.ptr;
  }

  access(i: number): number {
    return this.heap.kernels.seqAccess(this.desc, i);
  }

  sizeInBits(): number {
    return this.codewords.sizeInBits() + this.marks.sizeInBits() + this.starts.sizeInBits();
  }

  /** Values are non-negative integers up to 2^32 − 1 (a codeword of at most 32 bits). */
  static build(values: ArrayLike<number>): IndexedCodewords {
    const b = new IndexedCodewordsBuilder();
    b.append(values, 0, values.length);
    return b.build();
  }

  write(out: ContainerWriter, name: string): void {
    this.codewords.write(out, `${name}.codewords`);
    this.marks.write(out, `${name}.marks`);
    this.starts.write(out, `${name}.starts`);
  }

  /**
   * Refused unless there is a mark per codeword and one past the last, which ends the codewords; with
   * `c.verifying`, unless no codeword is longer than 32 bits.
   */
  static read(c: Container, name: string): IndexedCodewords {
    const codewords = BitVector.read(c, `${name}.codewords`);
    const marks = BitVector.read(c, `${name}.marks`);
    if (marks.length !== codewords.length + 1) c.fail(`${name}.marks.meta`, `holds ${marks.length} bits, expected one more than the ${codewords.length} codeword bits`);
    const starts = DArray.read(c, `${name}.starts`, marks, true);
    if (starts.count === 0 || starts.select(starts.count - 1) !== codewords.length) c.fail(`${name}.marks`, "the last mark does not end the codewords");
    if (c.verifying) {
      for (let p = 0, next = marks.nextOne(1); next < marks.length; p = next, next = marks.nextOne(next + 1)) {
        if (next - p > 32) c.fail(`${name}.marks`, `a codeword at bit ${p} is longer than 32 bits`);
      }
    }
    return new IndexedCodewords(codewords, marks, starts);
  }
}

/**
 * Appends values in batches, writing codewords and start marks straight into word arrays: a long sequence
 * (tens of millions of values) needs neither all its values in one array first nor a bit-vector call per
 * value.
 */
export class IndexedCodewordsBuilder {
  private codewords: Uint32Array = new Uint32Array(1 << 6);
  private marks: Uint32Array = new Uint32Array(1 << 6);
  private bits = 0;
  private count = 0;

  /**
   * Appends values[i] − subtract for i in [from, to); each must be an integer in 0..2^32 − 1. Bits gather
   * in local words stored once full: or-ing each codeword into memory would chain it to the store of the
   * one before.
   */
  append(values: ArrayLike<number>, from: number, to: number, subtract = 0): void {
    this.reserve(this.bits + 32 * (to - from));
    const codewords = this.codewords;
    const marks = this.marks;
    let w = this.bits >>> 5;
    let off = this.bits & 31;
    let code = codewords[w];
    let mark = marks[w];
    for (let i = from; i < to; i++) {
      const v = values[i] - subtract;
      if (!(v >= 0 && v <= MAX_CODE_VALUE && v === Math.floor(v))) {
        throw new RangeError(`value ${v} at index ${this.count + i - from} is not an integer in 0..${MAX_CODE_VALUE}`);
      }
      // The codeword of v is v + 2 without its leading one: width ⌊log2(v + 2)⌋, 32 when v + 2 ≥ 2^32,
      // whose leading one the 32-bit truncation drops.
      const width = v >= 0xfffffffe ? 32 : 31 - Math.clz32(v + 2);
      const bits = ((v + 2) | 0) ^ (width === 32 ? 0 : 1 << width);
      mark |= 1 << off;
      code |= bits << off;
      off += width;
      if (off >= 32) {
        codewords[w] = code;
        marks[w++] = mark;
        off -= 32;
        code = off === 0 ? 0 : bits >>> (width - off);
        mark = 0;
      }
    }
    codewords[w] = code;
    marks[w] = mark;
    this.bits = w * 32 + off;
    this.count += to - from;
  }

  /** The sequence; the builder is left empty. */
  build(): IndexedCodewords {
    const bits = this.bits;
    this.reserve(bits + 1);
    this.marks[bits >>> 5] |= 1 << (bits & 31);
    const codewords = new BitVector(this.codewords.slice(0, (bits + 31) >>> 5), bits);
    const marks = new BitVector(this.marks.slice(0, (bits + 32) >>> 5), bits + 1);
    this.codewords = new Uint32Array(1 << 6);
    this.marks = new Uint32Array(1 << 6);
    this.bits = this.count = 0;
    return new IndexedCodewords(codewords, marks, DArray.build(marks, true));
  }

  /** Room for `bits` bits and a word past them. */
  private reserve(bits: number): void {
    const need = (bits >>> 5) + 2;
    this.codewords = withRoom(this.codewords, need);
    this.marks = withRoom(this.marks, need);
  }
}
