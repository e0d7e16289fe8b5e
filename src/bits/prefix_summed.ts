import type { Container, ContainerWriter } from "../container/container.js";
import { EliasFano } from "./elias_fano.js";
import { UniformPartitionedEliasFano } from "./uniform_partitioned_elias_fano.js";
import type { Heap } from "./heap.js";
import { PS_BYTES, PS_LENGTH, PS_SUMS, TAG, TAG_PSEF, TAG_PSPEF } from "../kernels/layout.js";

/**
 * Random access to a read-only sequence of non-negative integers that saves itself into a container.
 * The three rank sequences (IndexedCodewords, PrefixSummedEliasFano, PrefixSummedPartitionedEliasFano)
 * implement it and each have a static `read(c, name)`, so a model picks one by name and uses them alike.
 */
export interface IntSequence {
  readonly length: number;
  access(i: number): number;
  sizeInBits(): number;
  write(out: ContainerWriter, name: string): void;
}

/** An IntSequence whose values never decrease (Elias-Fano, uniform partitioned Elias-Fano): what sums are kept in. */
export interface MonotoneSequence extends IntSequence {
  /** Address of its descriptor in the kernels' heap, and that heap. */
  readonly desc: number;
  readonly heap: Heap;
}

/**
 * S(0) = 0 and S(i + 1) = S(i) + values[i]: values.length + 1 sums. Float64 holds them exactly up to
 * 2^53, the largest universe Elias-Fano accepts.
 */
export function prefixSums(values: ArrayLike<number>): Float64Array {
  const sums = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(Number.isInteger(v) && v >= 0)) throw new RangeError(`value ${v} at index ${i} is not a non-negative integer`);
    sums[i + 1] = sums[i] + v;
  }
  return sums;
}

/**
 * values[i] = S(i + 1) − S(i), the sums held in a monotone sequence S. Sharing one class between the
 * Elias-Fano and partitioned Elias-Fano variants keeps their access path identical; the subclasses only
 * say which sequence to build and load.
 */
export class PrefixSummed<S extends MonotoneSequence> implements IntSequence {
  readonly length: number;
  /** Address of the descriptor the kernels read (layout.ts PS_*). */
  readonly desc: number;
  readonly heap: Heap;

  constructor(
    readonly sums: S,
    tag: number,
  ) {
    this.length = sums.length - 1;
    this.heap = sums.heap;
    const d = this.heap.descriptor(PS_BYTES, this);
    d.u32[TAG >>> 2] = tag;
    d.u32[PS_SUMS >>> 2] = sums.desc;
    d.u32[PS_LENGTH >>> 2] = this.length;
    this.desc = d.ptr;
  }

  access(i: number): number {
    return this.heap.kernels.seqAccess(this.desc, i);
  }

  sizeInBits(): number {
    return this.sums.sizeInBits();
  }

  write(out: ContainerWriter, name: string): void {
    this.sums.write(out, `${name}.sums`);
  }
}

/** Tongrams' PSEF: the prefix sums of the values in Elias-Fano. */
export class PrefixSummedEliasFano extends PrefixSummed<EliasFano> {
  constructor(sums: EliasFano) {
    super(sums, TAG_PSEF);
  }

  static build(values: ArrayLike<number>): PrefixSummedEliasFano {
    return new PrefixSummedEliasFano(EliasFano.build(prefixSums(values), undefined, { indexZeros: false }));
  }

  static read(c: Container, name: string): PrefixSummedEliasFano {
    return new PrefixSummedEliasFano(checkSums(c, `${name}.sums`, EliasFano.read(c, `${name}.sums`)));
  }
}

/**
 * Tongrams' PSPEF: the prefix sums of the values in partitioned Elias-Fano, with partitions of fixed
 * size as Tongrams has them: the sums of count ranks grow in runs of equal steps, which small partitions
 * follow closely, and a partition needs no select index.
 */
export class PrefixSummedPartitionedEliasFano extends PrefixSummed<UniformPartitionedEliasFano> {
  constructor(sums: UniformPartitionedEliasFano) {
    super(sums, TAG_PSPEF);
  }

  static build(values: ArrayLike<number>): PrefixSummedPartitionedEliasFano {
    return new PrefixSummedPartitionedEliasFano(UniformPartitionedEliasFano.build(prefixSums(values)));
  }

  static read(c: Container, name: string): PrefixSummedPartitionedEliasFano {
    return new PrefixSummedPartitionedEliasFano(checkSums(c, `${name}.sums`, UniformPartitionedEliasFano.read(c, `${name}.sums`)));
  }
}

/** Prefix sums start with S(0) = 0: at least one of them, the first 0. */
function checkSums<S extends MonotoneSequence>(c: Container, name: string, sums: S): S {
  if (sums.length === 0 || sums.access(0) !== 0) c.fail(`${name}.meta`, "prefix sums must start with 0");
  return sums;
}
