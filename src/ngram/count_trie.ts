import { EliasFano } from "../bits/elias_fano.js";
import type { Container, ContainerWriter } from "../container/container.js";
import { CountValues } from "./count_values.js";
import { Vocabulary } from "./vocabulary.js";
import {
  GRAM_SEQUENCES,
  RANK_SEQUENCES,
  codeOf,
  nameOf,
  type GramSequence,
  type SequenceCursor,
  type GramSequenceKind,
  type RankSequence,
  type RankSequenceKind,
} from "./sequences.js";

/**
 * The levels of a forward trie, shared by the query structure and its builder.
 *
 * Level k holds the k-grams in prefix order. The children of the (k−1)-gram at position p occupy the
 * positions [pointers(k−1)[p], pointers(k−1)[p+1]) of level k. Level k stores, per k-gram, the ID of its
 * last word plus the last stored value of the preceding sibling range, which makes the whole level one
 * non-decreasing sequence (so one Elias-Fano sequence holds it) while a search inside a range subtracts
 * that base again. Level 1 stores no IDs: the word ID is the position.
 *
 * With context-based remapping of order R, a word at level k > R + 1 is stored not as its vocabulary ID
 * but as its index among the successors of the R words before it; those indices are small, so the levels
 * that hold most n-grams shrink.
 */
export class TrieLevels {
  private readonly gramCursors: SequenceCursor[];
  private readonly pointerCursors: SequenceCursor[];

  constructor(
    /** grams[k − 2] holds level k, for k = 2..order. */
    readonly grams: GramSequence[],
    /** pointers[k − 1] holds the child ranges of level k, for k = 1..order − 1. */
    readonly pointers: EliasFano[],
    readonly remapping: number,
  ) {
    this.gramCursors = grams.map((g) => g.cursor());
    this.pointerCursors = pointers.map((p) => p.cursor());
  }

  /** Called by the builder after it appended a level. */
  levelAdded(): void {
    while (this.gramCursors.length < this.grams.length) this.gramCursors.push(this.grams[this.gramCursors.length].cursor());
    while (this.pointerCursors.length < this.pointers.length) this.pointerCursors.push(this.pointers[this.pointerCursors.length].cursor());
  }

  /** Set by `childRange`: the end of the range whose begin it returns. */
  rangeEnd = 0;
  /** Set by `find`: the base subtracted from the values of the range searched. */
  rangeBase = 0;

  /** Begin of the children of the node at `pos` of `level` (their end goes to rangeEnd). */
  childRange(level: number, pos: number): number {
    // Both ends with one select: the end is the next one of the high bits.
    const c = this.pointerCursors[level - 1];
    c.reset(pos);
    const begin = c.next();
    this.rangeEnd = c.next();
    return begin;
  }

  /**
   * Position of the word `id` among the stored values of level `level` in [begin, end), or −1. Short
   * ranges (most of them) are read sequentially from the base on, with one select for the whole range;
   * long ones are searched.
   */
  find(level: number, begin: number, end: number, id: number): number {
    if (begin >= end) return -1;
    const grams = this.grams[level - 2];
    if (end - begin > SCAN_LIMIT) {
      const base = begin === 0 ? 0 : grams.access(begin - 1);
      this.rangeBase = base;
      return grams.findInRange(begin, end, id + base);
    }
    const c = this.gramCursors[level - 2];
    let base = 0;
    if (begin === 0) c.reset(0);
    else {
      c.reset(begin - 1);
      base = c.next();
    }
    this.rangeBase = base;
    const x = id + base;
    for (let p = begin; p < end; p++) {
      const v = c.next();
      if (v >= x) return v === x ? p : -1;
    }
    return -1;
  }

  /** Position in level `level` of the child `id` of the node at `parentPos` of level − 1, or −1. */
  child(level: number, parentPos: number, id: number): number {
    const begin = this.childRange(level - 1, parentPos);
    return this.find(level, begin, this.rangeEnd, id);
  }

  /**
   * The ID stored at level k + 1 for the word ids[k] (0-based k): its vocabulary ID up to level R + 1,
   * beyond that its index among the successors of ids[k − R .. k − 1]. −1 when that context or successor
   * is not stored (then the n-gram is not stored either).
   */
  storedId(ids: ArrayLike<number>, k: number): number {
    const r = this.remapping;
    if (r === 0 || k <= r) return ids[k];
    let pos = ids[k - r];
    for (let j = 1; j < r; j++) {
      pos = this.child(j + 1, pos, ids[k - r + j]);
      if (pos < 0) return -1;
    }
    const begin = this.childRange(r, pos);
    const found = this.find(r + 1, begin, this.rangeEnd, ids[k]);
    return found < 0 ? -1 : found - begin;
  }

  /** Position of the n-gram ids[0..n) in level n, or −1 when it is not stored. IDs must be valid. */
  locate(ids: ArrayLike<number>, n: number): number {
    let pos = ids[0];
    for (let k = 1; k < n; k++) {
      const id = this.storedId(ids, k);
      if (id < 0) return -1;
      pos = this.child(k + 1, pos, id);
      if (pos < 0) return -1;
    }
    return pos;
  }
}

/** Sibling ranges up to this length are scanned; longer ones are searched. */
const SCAN_LIMIT = 24;

export interface CountTrieOptions {
  grams?: GramSequenceKind;
  ranks?: RankSequenceKind;
  remapping?: number;
}

export const TRIE_KINDS = { ef: "ef_trie/count", pef: "pef_trie/count" } as const;

/** An n-gram count model stored as a compressed trie (Tongrams' ef_trie / pef_trie). */
export class CountTrie {
  private readonly ids: Uint32Array;

  constructor(
    readonly order: number,
    readonly vocabulary: Vocabulary,
    readonly levels: TrieLevels,
    /** ranks[k − 1]: per k-gram, the rank of its count. */
    readonly ranks: RankSequence[],
    /** counts[k − 1]: the distinct counts of order k by rank. */
    readonly counts: CountValues[],
    readonly gramsKind: GramSequenceKind,
    readonly ranksKind: RankSequenceKind,
  ) {
    this.ids = new Uint32Array(order);
  }

  /** Tongrams' name of the structure: ef_trie or pef_trie. */
  get structure(): string {
    return `${this.gramsKind}_trie`;
  }

  get remapping(): number {
    return this.levels.remapping;
  }

  /** Number of stored n-grams of each order, from 1 up. */
  gramsPerOrder(): number[] {
    return this.ranks.map((r) => r.length);
  }

  /** Count of the n-gram given by word IDs, or 0 when it is not stored. */
  lookupIds(ids: ArrayLike<number>, n = ids.length): number {
    if (n < 1 || n > this.order) return 0;
    for (let k = 0; k < n; k++) {
      const id = ids[k];
      if (!(id >= 0 && id < this.vocabulary.size)) return 0;
    }
    const pos = this.levels.locate(ids, n);
    return pos < 0 ? 0 : this.counts[n - 1].get(this.ranks[n - 1].access(pos));
  }

  /** Count of an n-gram given as space-separated words, an array of words or an array of IDs; 0 if absent. */
  lookup(ngram: string | readonly string[] | ArrayLike<number>): number {
    const n = this.vocabulary.toIds(ngram, this.ids);
    return n < 0 ? 0 : this.lookupIds(this.ids, n);
  }

  /**
   * The k most frequent words that follow `context` (words or IDs), with the count of the extended n-gram;
   * ties in count go to the smaller word ID. Empty when the context is not stored or is of the top order.
   */
  topContinuations(context: string | readonly string[] | ArrayLike<number>, k: number): { word: string; id: number; count: number }[] {
    const n = this.vocabulary.toIds(context, this.ids);
    if (n < 1 || n >= this.order) return [];
    const parent = this.levels.locate(this.ids, n);
    if (parent < 0) return [];
    const levels = this.levels;
    const begin = levels.childRange(n, parent);
    const end = levels.rangeEnd;
    const grams = levels.grams[n - 1];
    const base = begin === 0 ? 0 : grams.access(begin - 1);
    // Beyond level R + 1 a stored value is an index among the successors of the last R context words.
    const remapped = levels.remapping > 0 && n > levels.remapping;
    let succBegin = 0;
    let succBase = 0;
    let succGrams = grams;
    if (remapped) {
      const r = levels.remapping;
      let pos = this.ids[n - r];
      for (let j = 1; j < r; j++) pos = levels.child(j + 1, pos, this.ids[n - r + j]);
      succBegin = levels.childRange(r, pos);
      succGrams = levels.grams[r - 1];
      succBase = succBegin === 0 ? 0 : succGrams.access(succBegin - 1);
    }
    const found: { word: string; id: number; count: number }[] = [];
    for (let p = begin; p < end; p++) {
      let id = grams.access(p) - base;
      if (remapped) id = succGrams.access(succBegin + id) - succBase;
      found.push({ word: "", id, count: this.counts[n].get(this.ranks[n].access(p)) });
    }
    found.sort((a, b) => b.count - a.count || a.id - b.id);
    return found.slice(0, Math.max(0, k)).map((c) => ({ ...c, word: this.vocabulary.word(c.id) }));
  }

  /** Bits used by each component, for print_stats. */
  components(): Record<string, number> {
    const sum = (xs: { sizeInBits(): number }[]) => xs.reduce((s, x) => s + x.sizeInBits(), 0);
    return {
      vocabulary: this.vocabulary.sizeInBits(),
      grams: sum(this.levels.grams),
      pointers: sum(this.levels.pointers),
      ranks: sum(this.ranks),
      counts: sum(this.counts),
    };
  }

  sizeInBits(): number {
    return Object.values(this.components()).reduce((a, b) => a + b, 0);
  }

  write(out: ContainerWriter): void {
    out.addScalars("trie.meta", [
      this.order,
      this.levels.remapping,
      codeOf(GRAM_SEQUENCES, this.gramsKind, "gram sequence"),
      codeOf(RANK_SEQUENCES, this.ranksKind, "rank sequence"),
    ]);
    this.vocabulary.write(out, "vocabulary");
    this.levels.grams.forEach((g, i) => g.write(out, `level${i + 2}.grams`));
    this.levels.pointers.forEach((p, i) => p.write(out, `level${i + 1}.pointers`));
    this.ranks.forEach((r, i) => r.write(out, `level${i + 1}.ranks`));
    this.counts.forEach((c, i) => c.write(out, `level${i + 1}.counts`));
  }

  static read(c: Container): CountTrie {
    const [order, remapping, gramsCode, ranksCode] = c.scalars("trie.meta");
    const gramsKind = nameOf(GRAM_SEQUENCES, gramsCode);
    const ranksKind = nameOf(RANK_SEQUENCES, ranksCode);
    const levelsUpTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    const grams = levelsUpTo(order - 1).map((k) => GRAM_SEQUENCES[gramsKind].read(c, `level${k + 1}.grams`));
    const pointers = levelsUpTo(order - 1).map((k) => EliasFano.read(c, `level${k}.pointers`));
    const ranks = levelsUpTo(order).map((k) => RANK_SEQUENCES[ranksKind].read(c, `level${k}.ranks`));
    const counts = levelsUpTo(order).map((k) => CountValues.read(c, `level${k}.counts`));
    return new CountTrie(
      order,
      Vocabulary.read(c, "vocabulary"),
      new TrieLevels(grams, pointers, remapping),
      ranks,
      counts,
      gramsKind,
      ranksKind,
    );
  }
}
