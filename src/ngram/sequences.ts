import { EliasFano, EliasFanoBuilder } from "../bits/elias_fano.js";
import { UniformPartitionedEliasFano, UniformPartitionedEliasFanoBuilder } from "../bits/uniform_partitioned_elias_fano.js";
import { IndexedCodewords } from "../bits/indexed_codewords.js";
import { PrefixSummedEliasFano, PrefixSummedPartitionedEliasFano } from "../bits/prefix_summed.js";
import type { Container, ContainerWriter } from "../container/container.js";
import type { Heap } from "../bits/heap.js";

/**
 * The sequence types a model is assembled from, chosen by name when it is built and recorded in the file
 * so that loading picks the same ones.
 */

/** Sequential reader of a sequence: `reset(i)` costs one select, each `next()` a few word operations. */
export interface SequenceCursor {
  reset(i: number): void;
  next(): number;
}

/** The word IDs of one trie level: non-decreasing, searched inside a sibling range. */
export interface GramSequence {
  readonly length: number;
  /** Address of its descriptor in the kernels' heap, and that heap. */
  readonly desc: number;
  readonly heap: Heap;
  access(i: number): number;
  /** Position of the value x inside [begin, end), or −1. */
  findInRange(begin: number, end: number, x: number): number;
  cursor(i?: number): SequenceCursor;
  sizeInBits(): number;
  write(out: ContainerWriter, name: string): void;
}

/** Per n-gram, a small integer (the rank of its count, or of its probability). */
export interface RankSequence {
  readonly length: number;
  /** Address of its descriptor in the kernels' heap. */
  readonly desc: number;
  access(i: number): number;
  sizeInBits(): number;
  write(out: ContainerWriter, name: string): void;
}

interface Codec<T> {
  build(values: ArrayLike<number>): T;
  read(c: Container, name: string): T;
}

/** Takes exactly n non-decreasing values below a universe, one by one, so the input need not be kept whole. */
export interface GramSequenceBuilder {
  push(v: number): void;
  build(): GramSequence;
}

interface GramCodec {
  builder(n: number, universe: number): GramSequenceBuilder;
  read(c: Container, name: string): GramSequence;
}

export const GRAM_SEQUENCES = {
  ef: { builder: (n: number, universe: number) => new EliasFanoBuilder(n, universe), read: EliasFano.read },
  pef: { builder: (n: number) => new UniformPartitionedEliasFanoBuilder(n), read: UniformPartitionedEliasFano.read },
} satisfies Record<string, GramCodec>;
export type GramSequenceKind = keyof typeof GRAM_SEQUENCES;

export const RANK_SEQUENCES = {
  IC: IndexedCodewords,
  PSEF: PrefixSummedEliasFano,
  PSPEF: PrefixSummedPartitionedEliasFano,
} satisfies Record<string, Codec<RankSequence>>;
export type RankSequenceKind = keyof typeof RANK_SEQUENCES;

/** The position of `name` among the keys of `table` (stored in files), refused when unknown. */
export function codeOf(table: object, name: string, what: string): number {
  const i = Object.keys(table).indexOf(name);
  if (i < 0) throw new RangeError(`unknown ${what} "${name}"; expected one of ${Object.keys(table).join(", ")}`);
  return i;
}

/** The key of `table` that a file stores as `code` in section `name`, refused when there is none. */
export function nameOf<T extends object>(c: Container, name: string, table: T, code: number, what: string): keyof T {
  const keys = Object.keys(table);
  return keys[c.whole(name, `the ${what} code`, code, 0, keys.length - 1)] as keyof T;
}

/**
 * The order of a model: as many levels as its meta section says, refused when the file cannot hold them
 * (every level has sections of its own), before anything is allocated per level.
 */
export function orderOf(c: Container, name: string, order: number): number {
  return c.whole(name, "the order", order, 1, c.sectionCount);
}

/** Refuses a sequence of ranks unless every rank is below `table` (the distinct values there are). */
export function checkRanks(c: Container, name: string, ranks: RankSequence, table: number): void {
  for (let i = 0; i < ranks.length; i++) {
    const r = ranks.access(i);
    if (!(r < table)) c.fail(name, `rank ${i} is ${r}, the table holds ${table} values`);
  }
}

/** Bits of a list of structures together, for the per-component sizes of print_stats. */
export function totalBits(parts: readonly { sizeInBits(): number }[]): number {
  return parts.reduce((s, x) => s + x.sizeInBits(), 0);
}
