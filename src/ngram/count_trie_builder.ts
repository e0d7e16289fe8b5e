import { EliasFano } from "../bits/elias_fano.js";
import { InputError } from "../io/errors.js";
import { CountValues } from "./count_values.js";
import { CountTrie, TrieLevels, type CountTrieOptions } from "./count_trie.js";
import { Vocabulary } from "./vocabulary.js";
import { GRAM_SEQUENCES, RANK_SEQUENCES, type GramSequenceKind, type RankSequenceKind } from "./sequences.js";

/**
 * Builds a CountTrie one order at a time from n-grams in prefix order (the order of the sorted count
 * files): first the unigrams, whose order fixes the word IDs, then every level k = 2..N, gram by gram.
 *
 * Memory: the finished lower levels plus, for the level being read, two float64 arrays (values and counts)
 * and one uint32 per parent. The parent of each gram is found by searching the levels already built,
 * which needs neither the lower-order files nor their n-grams in memory.
 */
export class CountTrieBuilder {
  readonly remapping: number;
  readonly gramsKind: GramSequenceKind;
  readonly ranksKind: RankSequenceKind;
  private vocabulary: Vocabulary | undefined;
  private readonly levels: TrieLevels;
  private readonly ranks: CountTrie["ranks"] = [];
  private readonly counts: CountValues[] = [];
  private level = 0;
  private current: LevelInProgress | undefined;

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
    this.levels = new TrieLevels([], [], this.remapping);
  }

  /** Level 1: the words in ID order with their counts. */
  setUnigrams(words: readonly string[], counts: ArrayLike<number>, source = "1-grams"): void {
    if (this.level !== 0) throw new Error("unigrams must come first");
    this.vocabulary = Vocabulary.build(words, source);
    this.addRanks(counts);
    this.level = 1;
  }

  get vocab(): Vocabulary {
    if (!this.vocabulary) throw new Error("unigrams must come first");
    return this.vocabulary;
  }

  /** Starts level `level` (2..order), which will receive exactly `rows` n-grams. */
  beginLevel(level: number, rows: number, source: string): void {
    if (level !== this.level + 1 || this.current || level > this.order) {
      throw new Error(`level ${level} cannot start after level ${this.level}`);
    }
    this.current = new LevelInProgress(level, rows, this.ranks[level - 2].length, source);
  }

  /**
   * Adds the next n-gram of the current level, as the vocabulary IDs of its words. `line` is its line in
   * `source`, for error messages.
   */
  addGram(ids: ArrayLike<number>, count: number, line: number): void {
    const cur = this.current!;
    const k = cur.level;
    const fail = (what: string): never => {
      throw new InputError(cur.source, line, what);
    };
    if (cur.filled === cur.rows) fail(`more ${k}-grams than the ${cur.rows} announced`);
    const prefixPos = this.prefixPosition(cur, ids);
    if (prefixPos < 0) fail(`its ${k - 1}-word prefix is not among the ${k - 1}-grams`);
    if (prefixPos < cur.lastParent || (prefixPos === cur.lastParent && ids[k - 1] <= cur.lastId)) {
      fail(`not in prefix order: n-grams must be sorted by the IDs of their words (1-gram file order), without repeats`);
    }
    const stored = this.levels.storedId(ids, k - 1);
    if (stored < 0) {
      fail(`its last ${this.remapping + 1} words are not among the ${this.remapping + 1}-grams (needed by remapping)`);
    }
    if (prefixPos !== cur.lastParent) cur.base = cur.filled === 0 ? 0 : cur.values[cur.filled - 1];
    cur.lastParent = prefixPos;
    cur.lastId = ids[k - 1];
    cur.children[prefixPos]++;
    cur.values[cur.filled] = stored + cur.base;
    cur.counts[cur.filled] = count;
    cur.filled++;
  }

  private prefixPosition(cur: LevelInProgress, ids: ArrayLike<number>): number {
    const n = cur.level - 1;
    let same = cur.lastParent >= 0;
    for (let i = 0; i < n && same; i++) same = cur.prefix[i] === ids[i];
    if (same) return cur.lastParent;
    for (let i = 0; i < n; i++) cur.prefix[i] = ids[i];
    return this.levels.locate(ids, n);
  }

  /** Finishes the current level: its grams, its ranks and the child pointers of the level below. */
  endLevel(): void {
    const cur = this.current!;
    if (cur.filled !== cur.rows) {
      throw new InputError(cur.source, 0, `${cur.rows} ${cur.level}-grams announced, ${cur.filled} found`);
    }
    const pointers = new Float64Array(cur.children.length + 1);
    for (let i = 0; i < cur.children.length; i++) pointers[i + 1] = pointers[i] + cur.children[i];
    this.levels.pointers.push(EliasFano.build(pointers, undefined, { indexZeros: false }));
    this.levels.grams.push(GRAM_SEQUENCES[this.gramsKind].build(cur.values));
    this.levels.levelAdded();
    this.addRanks(cur.counts);
    this.level = cur.level;
    this.current = undefined;
  }

  private addRanks(counts: ArrayLike<number>): void {
    const { table, ranks } = CountValues.rank(counts);
    this.counts.push(table);
    this.ranks.push(RANK_SEQUENCES[this.ranksKind].build(ranks));
  }

  build(): CountTrie {
    if (this.level !== this.order) throw new Error(`only ${this.level} of ${this.order} levels were given`);
    return new CountTrie(this.order, this.vocab, this.levels, this.ranks, this.counts, this.gramsKind, this.ranksKind);
  }
}

class LevelInProgress {
  readonly values: Float64Array;
  readonly counts: Float64Array;
  readonly children: Uint32Array;
  readonly prefix: Int32Array;
  filled = 0;
  lastParent = -1;
  lastId = -1;
  base = 0;

  constructor(
    readonly level: number,
    readonly rows: number,
    parents: number,
    readonly source: string,
  ) {
    this.values = new Float64Array(rows);
    this.counts = new Float64Array(rows);
    this.children = new Uint32Array(parents);
    this.prefix = new Int32Array(level - 1);
  }
}
