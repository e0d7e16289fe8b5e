import { BitVector, BitVectorBuilder, MAX_BITS } from "./bit_vector.js";
import { ceilLog2 } from "./broadword.js";
import type { Heap } from "./heap.js";
import { CV_BYTES, CV_LENGTH, CV_WIDTH, CV_WORDS, TAG, TAG_CV } from "../kernels/layout.js";
import type { Container, ContainerWriter } from "../container/container.js";

/** Width in bits needed to store every integer in [0, maxValue]; at least 1. */
export function widthFor(maxValue: number): number {
  return Math.max(1, ceilLog2(maxValue + 1));
}

/** Widest value a compact vector holds: integers stay exact doubles. */
const MAX_WIDTH = 53;

/** n unsigned integers of one fixed width w (1..53 bits) packed back to back. */
export class CompactVector {
  /** Address of the descriptor the kernels read (layout.ts CV_*). */
  readonly desc: number;
  readonly heap: Heap;

  constructor(
    readonly bits: BitVector,
    readonly length: number,
    readonly width: number,
  ) {
    this.heap = bits.heap;
    const d = this.heap.descriptor(CV_BYTES, this);
    d.u32[TAG >>> 2] = TAG_CV;
    d.u32[CV_WORDS >>> 2] = bits.words.byteOffset;
    d.u32[CV_LENGTH >>> 2] = length;
    d.u32[CV_WIDTH >>> 2] = width;
    this.desc = d.ptr;
  }

  get(i: number): number {
    return this.heap.kernels.compactGet(this.desc, i);
  }

  /** Every value, decoded in one call (for walks over a whole table, such as the checks of loading). */
  values(): Float64Array {
    const out = this.heap.f64View(this.length);
    this.heap.kernels.compactDecode(this.desc, out.byteOffset);
    return out;
  }

  sizeInBits(): number {
    return this.bits.sizeInBits();
  }

  /** Builds from any array of non-negative integers, using the smallest width that holds them all. */
  static from(values: ArrayLike<number>, width = widthFor(maxOf(values))): CompactVector {
    const b = new CompactVectorBuilder(values.length, width);
    for (let i = 0; i < values.length; i++) b.set(i, values[i]);
    return b.build();
  }

  write(out: ContainerWriter, name: string): void {
    this.bits.write(out, `${name}.bits`);
    out.addScalars(`${name}.meta`, [this.length, this.width]);
  }

  static read(c: Container, name: string): CompactVector {
    const meta = c.meta(`${name}.meta`, 2);
    const width = c.whole(`${name}.meta`, "the width", meta[1], 1, MAX_WIDTH);
    const length = c.whole(`${name}.meta`, "the length", meta[0], 0, Math.floor(MAX_BITS / width));
    const bits = BitVector.read(c, `${name}.bits`);
    if (bits.length !== length * width) c.fail(`${name}.bits`, `holds ${bits.length} bits, ${length} values of ${width} bits need ${length * width}`);
    return new CompactVector(bits, length, width);
  }
}

function maxOf(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}

/** Fixed-size compact vector under construction: values may be set in any order. */
export class CompactVectorBuilder {
  private readonly bits: BitVectorBuilder;

  constructor(
    readonly length: number,
    readonly width: number,
  ) {
    if (!(width >= 1 && width <= MAX_WIDTH)) throw new RangeError(`compact vector width ${width} is outside 1..${MAX_WIDTH}`);
    this.bits = BitVectorBuilder.zeros(length * width);
  }

  set(i: number, value: number): void {
    if (!(value >= 0 && value < 2 ** this.width)) {
      throw new RangeError(`value ${value} does not fit in ${this.width} bits`);
    }
    this.bits.setBitsWide(i * this.width, value, this.width);
  }

  build(): CompactVector {
    return new CompactVector(this.bits.build(), this.length, this.width);
  }
}
