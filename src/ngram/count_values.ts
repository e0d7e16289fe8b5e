import { CompactVector, widthFor } from "../bits/compact_vector.js";
import type { Container, ContainerWriter } from "../container/container.js";

/**
 * The distinct count values of one order, ranked by how many n-grams have them: rank 0 is the most common
 * count (usually 1), so most n-grams store a rank of one or two bits. Ties go to the smaller value, so the
 * same input always yields the same ranks and the same bytes.
 */
export class CountValues {
  constructor(readonly values: CompactVector) {}

  /** The count of rank r. */
  get(rank: number): number {
    return this.values.get(rank);
  }

  get size(): number {
    return this.values.length;
  }

  sizeInBits(): number {
    return this.values.sizeInBits();
  }

  write(out: ContainerWriter, name: string): void {
    this.values.write(out, name);
  }

  static read(c: Container, name: string): CountValues {
    return new CountValues(CompactVector.read(c, name));
  }

  /** Ranks every count of `counts` (in place, as the returned array) and the table that undoes it. */
  static rank(counts: ArrayLike<number>): { table: CountValues; ranks: Uint32Array } {
    const frequency = new Map<number, number>();
    for (let i = 0; i < counts.length; i++) frequency.set(counts[i], (frequency.get(counts[i]) ?? 0) + 1);
    const distinct = [...frequency.keys()].sort((a, b) => frequency.get(b)! - frequency.get(a)! || a - b);
    const rankOf = new Map<number, number>();
    distinct.forEach((v, r) => rankOf.set(v, r));
    const ranks = new Uint32Array(counts.length);
    for (let i = 0; i < counts.length; i++) ranks[i] = rankOf.get(counts[i])!;
    const max = distinct.reduce((m, v) => Math.max(m, v), 0);
    return { table: new CountValues(CompactVector.from(distinct, widthFor(max))), ranks };
  }
}
