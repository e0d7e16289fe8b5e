import type { Container, ContainerWriter } from "../container/container.js";
import { BitVector, BitVectorBuilder } from "./bit_vector.js";
import { floorLog2, lowMaskValue } from "./broadword.js";
import { MAX_CODE_VALUE } from "./codes.js";
import { EliasFano, type EliasFanoCursor } from "./elias_fano.js";
import type { IntSequence } from "./prefix_summed.js";

/**
 * Tongrams' IC rank sequence: value v is stored as the binary code of v + 2 without its leading one,
 * ⌊log2(v + 2)⌋ bits (v = 0, 1 take 1 bit; 2..5 take 2 bits; 6..13 take 3 bits; …), the codewords
 * concatenated in one bit vector. Their start positions, plus the end of the last, are kept in
 * Elias-Fano. The distance between two consecutive pointers is the codeword's length, which with the
 * implicit leading one fixes its value, so no length prefix is stored: every codeword of n bits
 * stands for v = 2^n − 2 + bits.
 */
export class IndexedCodewords implements IntSequence {
  readonly length: number;
  /** Reads pointers i and i + 1 with one select; shared by every access so that access allocates nothing. */
  private readonly cursor: EliasFanoCursor;

  constructor(
    readonly codewords: BitVector,
    readonly pointers: EliasFano,
  ) {
    this.length = pointers.length - 1;
    this.cursor = pointers.cursor();
  }

  access(i: number): number {
    const c = this.cursor;
    c.reset(i);
    const start = c.next();
    const width = c.next() - start;
    return lowMaskValue(width) - 1 + this.codewords.getBits(start, width);
  }

  sizeInBits(): number {
    return this.codewords.sizeInBits() + this.pointers.sizeInBits();
  }

  /** Values are non-negative integers up to 2^32 − 1 (a codeword of at most 32 bits). */
  static build(values: ArrayLike<number>): IndexedCodewords {
    const n = values.length;
    const starts = new Float64Array(n + 1);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!(Number.isInteger(v) && v >= 0 && v <= MAX_CODE_VALUE)) {
        throw new RangeError(`value ${v} at index ${i} is not an integer in 0..${MAX_CODE_VALUE}`);
      }
      total += floorLog2(v + 2);
      starts[i + 1] = total;
    }
    const codewords = new BitVectorBuilder(total);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      const width = starts[i + 1] - starts[i];
      // v + 2 − 2^width, written as v + 1 − (2^width − 1) so that it stays below 2^32.
      codewords.append(v + 1 - lowMaskValue(width), width);
    }
    return new IndexedCodewords(codewords.build(), EliasFano.build(starts));
  }

  write(out: ContainerWriter, name: string): void {
    this.codewords.write(out, `${name}.codewords`);
    this.pointers.write(out, `${name}.pointers`);
  }

  static read(c: Container, name: string): IndexedCodewords {
    return new IndexedCodewords(BitVector.read(c, `${name}.codewords`), EliasFano.read(c, `${name}.pointers`));
  }
}
