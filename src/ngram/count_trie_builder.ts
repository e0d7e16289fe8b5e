import { CountRanker, CountValues } from "./count_values.js";
import { CountTrie, type CountTrieOptions } from "./count_trie.js";
import { TrieLevelsBuilder } from "./trie_levels.js";
import type { Vocabulary } from "./vocabulary.js";
import { GRAM_SEQUENCES, RANK_SEQUENCES, type GramSequenceKind, type RankSequenceKind } from "./sequences.js";

/**
 * Builds a CountTrie one order at a time from n-grams in prefix order (the order of the sorted count
 * files): first the unigrams, whose order fixes the word IDs, then every level k = 2..N, gram by gram.
 *
 * Memory: the finished lower levels plus, for the level being read, what TrieLevelsBuilder keeps and one
 * uint32 per gram for its count (the index of its value among the distinct counts). The parent of each gram is found by searching the levels already built, which
 * needs neither the lower-order files nor their n-grams in memory.
 */
export class CountTrieBuilder {
  readonly remapping: number;
  readonly gramsKind: GramSequenceKind;
  readonly ranksKind: RankSequenceKind;
  private vocabulary: Vocabulary | undefined;
  private readonly trie: TrieLevelsBuilder;
  private readonly ranks: CountTrie["ranks"] = [];
  private readonly counts: CountValues[] = [];
  private level = 0;
  /** The counts of the level being read, ranked as they come. */
  private levelCounts: CountRanker | undefined;

  constructor(
    readonly order: number,
    options: CountTrieOptions = {},
  ) {
    if (!(Number.isInteger(order) && order >= 1 && order <= 16)) throw new RangeError(`order must be 1..16, got ${order}`);
    this.remapping = options.remapping ?? 0;
    if (![0, 1, 2].includes(this.remapping)) throw new RangeError(`remapping order must be 0, 1 or 2, got ${this.remapping}`);
    this.gramsKind = options.grams ?? "ef";
    this.ranksKind = options.ranks ?? "IC";
    if (!(this.gramsKind in GRAM_SEQUENCES)) throw new RangeError(`unknown gram sequence "${this.gramsKind}"`);
    if (!(this.ranksKind in RANK_SEQUENCES)) throw new RangeError(`unknown ranks "${this.ranksKind}": expected IC, PSEF or PSPEF`);
    this.trie = new TrieLevelsBuilder(this.gramsKind, this.remapping, "prefix");
  }

  /** Level 1: the words (their IDs fix the order of every level) and their counts, by ID. */
  setUnigrams(vocabulary: Vocabulary, counts: ArrayLike<number>): void {
    if (this.level !== 0) throw new Error("unigrams must come first");
    this.vocabulary = vocabulary;
    this.addRanks(CountValues.rank(counts));
    this.level = 1;
  }

  get vocab(): Vocabulary {
    if (!this.vocabulary) throw new Error("unigrams must come first");
    return this.vocabulary;
  }

  /** Starts level `level` (2..order), which will receive exactly `rows` n-grams. */
  beginLevel(level: number, rows: number, source: string): void {
    if (level !== this.level + 1 || this.levelCounts || level > this.order) {
      throw new Error(`level ${level} cannot start after level ${this.level}`);
    }
    this.trie.beginLevel(level, rows, this.ranks[level - 2].length, source);
    this.levelCounts = new CountRanker(rows);
  }

  /**
   * Adds the next n-gram of the current level, as the vocabulary IDs of its words. `line` is its line in
   * `source`, for error messages.
   */
  addGram(ids: ArrayLike<number>, count: number, line: number): void {
    this.trie.add(ids, line);
    this.levelCounts!.add(count);
  }

  /** Finishes the current level: its grams, its ranks and the child pointers of the level below. */
  endLevel(): void {
    this.trie.endLevel();
    this.addRanks(this.levelCounts!.finish());
    this.level++;
    this.levelCounts = undefined;
  }

  private addRanks({ table, ranks }: { table: CountValues; ranks: Uint32Array }): void {
    this.counts.push(table);
    this.ranks.push(RANK_SEQUENCES[this.ranksKind].build(ranks));
  }

  build(): CountTrie {
    if (this.level !== this.order) throw new Error(`only ${this.level} of ${this.order} levels were given`);
    return new CountTrie(this.order, this.vocab, this.trie.levels, this.ranks, this.counts, this.gramsKind, this.ranksKind);
  }
}
