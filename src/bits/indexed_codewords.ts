import type { Container, ContainerWriter } from "../container/container.js";
import { BitVector, BitVectorBuilder } from "./bit_vector.js";
import { floorLog2, lowMask } from "./broadword.js";
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

  constructor(
    readonly codewords: BitVector,
    readonly marks: BitVector,
    readonly starts: DArray,
  ) {
    this.length = starts.count - 1;
  }

  access(i: number): number {
    const start = this.starts.select(i);
    const width = this.marks.nextOne(start + 1) - start;
    return lowMask(width) - 1 + this.codewords.getBits(start, width);
  }

  sizeInBits(): number {
    return this.codewords.sizeInBits() + this.marks.sizeInBits() + this.starts.sizeInBits();
  }

  /** Values are non-negative integers up to 2^32 − 1 (a codeword of at most 32 bits). */
  static build(values: ArrayLike<number>): IndexedCodewords {
    const n = values.length;
    const codewords = new BitVectorBuilder();
    const marks = new BitVectorBuilder();
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!(Number.isInteger(v) && v >= 0 && v <= MAX_CODE_VALUE)) {
        throw new RangeError(`value ${v} at index ${i} is not an integer in 0..${MAX_CODE_VALUE}`);
      }
      const width = floorLog2(v + 2);
      // v + 2 − 2^width, written as v + 1 − (2^width − 1) so that it stays below 2^32.
      codewords.append(v + 1 - lowMask(width), width);
      marks.pushBit(1);
      marks.appendZeros(width - 1);
    }
    marks.pushBit(1);
    const markBits = marks.build();
    return new IndexedCodewords(codewords.build(), markBits, DArray.build(markBits, true));
  }

  write(out: ContainerWriter, name: string): void {
    this.codewords.write(out, `${name}.codewords`);
    this.marks.write(out, `${name}.marks`);
    this.starts.write(out, `${name}.starts`);
  }

  static read(c: Container, name: string): IndexedCodewords {
    const marks = BitVector.read(c, `${name}.marks`);
    return new IndexedCodewords(BitVector.read(c, `${name}.codewords`), marks, DArray.read(c, `${name}.starts`, marks));
  }
}
