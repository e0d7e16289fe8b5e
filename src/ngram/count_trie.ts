import { TrieLevels, idsInHeap } from "./trie_levels.js";
import type { Heap } from "../bits/heap.js";
import { CM_BYTES, CM_COUNTS, CM_HASHED, CM_LEVELS, CM_ORDER, CM_RANKS, CM_VOCABULARY } from "../kernels/layout.js";
import type { Container, ContainerWriter } from "../container/container.js";
import { CountValues } from "./count_values.js";
import { Vocabulary } from "./vocabulary.js";
import {
  GRAM_SEQUENCES,
  RANK_SEQUENCES,
  codeOf,
  nameOf,
  orderOf,
  type GramSequenceKind,
  type RankSequence,
  type RankSequenceKind,
  totalBits,
} from "./sequences.js";

export interface CountTrieOptions {
  grams?: GramSequenceKind;
  ranks?: RankSequenceKind;
  remapping?: number;
}

export { TrieLevels };

export const TRIE_KINDS = { ef: "ef_trie/count", pef: "pef_trie/count" } as const;

/** A word that follows a context, with the count of the extended n-gram. */
export interface Continuation {
  word: string;
  id: number;
  count: number;
}

/** An n-gram count model stored as a compressed trie (Tongrams' ef_trie / pef_trie). */
export class CountTrie {
  /** The word IDs of a lookup, in the heap where the kernels read them. */
  private readonly ids: Uint32Array;
  /** Address of the descriptor the kernels read (layout.ts CM_*). */
  readonly desc: number;
  readonly heap: Heap;

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
    this.heap = vocabulary.heap;
    this.ids = this.heap.place(new Uint32Array(order));
    this.desc = countModelDescriptor(this, this.heap, order, { levels: levels.desc, vocabulary: vocabulary.desc, ranks, counts });
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
      if (!(Number.isInteger(id) && id >= 0 && id < this.vocabulary.size)) return 0;
    }
    return this.heap.kernels.trieCount(this.desc, idsInHeap(this.heap, ids, n), n);
  }

  /** Count of an n-gram given as words separated by whitespace, an array of words or an array of IDs; 0 if absent. */
  lookup(ngram: string | readonly string[] | ArrayLike<number>): number {
    const h = this.heap;
    if (typeof ngram === "string") return h.kernels.trieCountText(this.desc, h.text.byteOffset, h.encode(ngram), this.ids.byteOffset);
    const n = this.vocabulary.toIds(ngram, this.ids);
    return n < 1 ? 0 : h.kernels.trieCount(this.desc, this.ids.byteOffset, n);
  }

  /**
   * The k most frequent words that follow `context` (words or IDs), with the count of the extended n-gram;
   * ties in count go to the smaller word ID. Empty when the context is not stored or is of the top order.
   */
  topContinuations(context: string | readonly string[] | ArrayLike<number>, k: number): Continuation[] {
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
    const found: Continuation[] = [];
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
    return {
      vocabulary: this.vocabulary.sizeInBits(),
      grams: totalBits(this.levels.grams),
      pointers: totalBits(this.levels.pointers),
      ranks: totalBits(this.ranks),
      counts: totalBits(this.counts),
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
    this.levels.write(out);
    this.ranks.forEach((r, i) => r.write(out, `level${i + 1}.ranks`));
    this.counts.forEach((c, i) => c.write(out, `level${i + 1}.counts`));
  }

  static read(c: Container): CountTrie {
    const meta = c.meta("trie.meta", 4);
    const order = orderOf(c, "trie.meta", meta[0]);
    const remapping = c.whole("trie.meta", "the remapping order", meta[1], 0, 2);
    const gramsKind = nameOf(c, "trie.meta", GRAM_SEQUENCES, meta[2], "gram sequence");
    const ranksKind = nameOf(c, "trie.meta", RANK_SEQUENCES, meta[3], "rank sequence");
    const ranks: RankSequence[] = [];
    const counts: CountValues[] = [];
    for (let k = 1; k <= order; k++) {
      ranks.push(RANK_SEQUENCES[ranksKind].read(c, `level${k}.ranks`));
      counts.push(CountValues.read(c, `level${k}.counts`, ranks[k - 1]));
    }
    const vocabulary = Vocabulary.read(c, "vocabulary");
    if (vocabulary.size !== ranks[0].length) c.fail("level1.ranks", `holds ${ranks[0].length} ranks for ${vocabulary.size} words`);
    const sizes = ranks.map((r) => r.length);
    return new CountTrie(order, vocabulary, TrieLevels.read(c, sizes, remapping, gramsKind, vocabulary.size), ranks, counts, gramsKind, ranksKind);
  }
}

/**
 * The descriptor of a count model (layout.ts CM_*): a trie's levels and vocabulary, or a hash model's
 * orders, and per order the ranks and the table of counts; the arrays of per-order descriptors are owned
 * by the model too.
 */
export function countModelDescriptor(
  owner: object,
  h: Heap,
  order: number,
  parts: { levels?: number; vocabulary?: number; hashed?: readonly { desc: number }[]; ranks?: readonly { desc: number }[]; counts: readonly CountValues[] },
): number {
  const d = h.descriptor(CM_BYTES, owner);
  d.u32[CM_ORDER >>> 2] = order;
  d.u32[CM_LEVELS >>> 2] = parts.levels ?? 0;
  d.u32[CM_VOCABULARY >>> 2] = parts.vocabulary ?? 0;
  d.u32[CM_RANKS >>> 2] = parts.ranks ? h.table(parts.ranks.map((r) => r.desc), owner) : 0;
  d.u32[CM_HASHED >>> 2] = parts.hashed ? h.table(parts.hashed.map((l) => l.desc), owner) : 0;
  d.u32[CM_COUNTS >>> 2] = h.table(parts.counts.map((c) => c.values.desc), owner);
  return d.ptr;
}
