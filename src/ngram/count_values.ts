import { CompactVector, widthFor } from "../bits/compact_vector.js";
import type { Container, ContainerWriter } from "../container/container.js";
import { checkRanks, type RankSequence } from "./sequences.js";

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

  /**
   * The table of the counts of `ranks`, refused when it is empty while there are ranks; with
   * `c.verifying`, unless every rank is below its size.
   */
  static read(c: Container, name: string, ranks: RankSequence): CountValues {
    const values = CompactVector.read(c, name);
    if (values.length === 0 && ranks.length > 0) c.fail(`${name}.meta`, "holds no count for the n-grams of its order");
    if (c.verifying) checkRanks(c, name, ranks, values.length);
    return new CountValues(values);
  }

  /** Ranks every count of `counts` and returns the table that undoes it. */
  static rank(counts: ArrayLike<number>): { table: CountValues; ranks: Uint32Array } {
    const ranker = new CountRanker(counts.length);
    for (let i = 0; i < counts.length; i++) ranker.add(counts[i]);
    return ranker.finish();
  }
}

/**
 * Ranks counts as they arrive, keeping 4 bytes per count: each count is stored as the index of its value
 * among the distinct values seen so far (few: a level of millions of n-grams has thousands of distinct
 * counts), and `finish` turns those indexes into ranks by frequency in place.
 */
export class CountRanker {
  private readonly indexes: Uint32Array;
  private readonly indexOf = new Map<number, number>();
  private readonly values: number[] = [];
  private readonly frequencies: number[] = [];
  private filled = 0;

  constructor(readonly length: number) {
    this.indexes = new Uint32Array(length);
  }

  add(count: number): void {
    let index = this.indexOf.get(count);
    if (index === undefined) {
      index = this.values.length;
      this.indexOf.set(count, index);
      this.values.push(count);
      this.frequencies.push(0);
    }
    this.frequencies[index]++;
    this.indexes[this.filled++] = index;
  }

  /** The ranks, by position, and the table of values by rank; the ranker is spent. */
  finish(): { table: CountValues; ranks: Uint32Array } {
    if (this.filled !== this.length) throw new Error(`${this.filled} counts added, ${this.length} announced`);
    const { values, frequencies } = this;
    const byRank = values.map((_, i) => i).sort((a, b) => frequencies[b] - frequencies[a] || values[a] - values[b]);
    const rankOfIndex = new Uint32Array(values.length);
    byRank.forEach((index, rank) => (rankOfIndex[index] = rank));
    const ranks = this.indexes;
    for (let i = 0; i < ranks.length; i++) ranks[i] = rankOfIndex[ranks[i]];
    const table = byRank.map((index) => values[index]);
    const max = table.reduce((m, v) => Math.max(m, v), 0);
    return { table: new CountValues(CompactVector.from(table, widthFor(max))), ranks };
  }
}
