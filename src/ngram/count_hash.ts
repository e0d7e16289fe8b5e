import type { Container, ContainerWriter } from "../container/container.js";
import { hashState, hashText } from "../hash/hash64.js";
import { MinimalPerfectHash } from "../hash/mphf.js";
import { fingerprintBytesOf, hashedLevelDescriptor, hashRows, LineNumbers, readFingerprints, readHashTable } from "./hashed_rows.js";
import { orderOf } from "./sequences.js";
import { InputError } from "../io/errors.js";
import { CountRanker, CountValues } from "./count_values.js";
import { IndexedCodewords } from "../bits/indexed_codewords.js";
import { WordList } from "./word_list.js";
import type { Vocabulary } from "./vocabulary.js";
import { countModelDescriptor, type Continuation } from "./count_trie.js";
import type { Heap } from "../bits/heap.js";
import { whitespaceWords } from "../text/whitespace.js";

export const HASH_KIND = "hash/count";

/**
 * One order of a hashed count model: a minimal perfect hash sends an n-gram (the hash of its word IDs)
 * to a slot, where a fingerprint of 4 or 8 bytes decides whether the slot really holds that n-gram and a
 * compact vector holds the rank of its count.
 */
export class HashedLevel {
  /** per slot: the high hash half (4 bytes), or the low and high halves (8 bytes) */
  readonly fingerprints: Uint32Array;
  /** Address of the descriptor the kernels read (layout.ts HL_*). */
  readonly desc: number;
  readonly heap: Heap;

  constructor(
    readonly mphf: MinimalPerfectHash,
    fingerprints: Uint32Array,
    /** per slot, the rank of the count: small numbers, mostly 0, so in indexed codewords */
    readonly ranks: IndexedCodewords,
  ) {
    this.heap = mphf.heap;
    this.fingerprints = this.heap.place(fingerprints);
    this.desc = hashedLevelDescriptor(this, mphf, this.fingerprints, ranks.length, ranks.desc);
  }

  get length(): number {
    return this.ranks.length;
  }

  /** Slot of the n-gram whose hash halves are (lo, hi), or −1 when the fingerprint says it is absent. */
  find(lo: number, hi: number): number {
    return this.heap.kernels.hashedFind(this.desc, lo, hi);
  }

  sizeInBits(): number {
    return this.mphf.sizeInBits() + this.fingerprints.length * 32 + this.ranks.sizeInBits();
  }

  write(out: ContainerWriter, name: string): void {
    this.mphf.write(out, `${name}.mphf`);
    out.add(`${name}.fingerprints`, this.fingerprints);
    this.ranks.write(out, `${name}.ranks`);
  }

  /** Refused unless the perfect hash, the fingerprints and the ranks have one entry per n-gram. */
  static read(c: Container, name: string, fingerprintBytes: 4 | 8): HashedLevel {
    const ranks = IndexedCodewords.read(c, `${name}.ranks`);
    return new HashedLevel(readHashTable(c, name, ranks.length), readFingerprints(c, name, ranks.length, fingerprintBytes), ranks);
  }
}

/**
 * An n-gram count model in hash tables, one per order (Tongrams' build_hash): fast, larger than a trie.
 * An n-gram is hashed as its text ("w1 w2 w3"), so a lookup by string is one hash, one perfect-hash probe
 * and one fingerprint comparison, with no word-by-word vocabulary step. The word list serves lookups by ID.
 */
export class CountHash {
  readonly structure = "hash";
  readonly remapping = 0;
  readonly ranksKind = "IC";
  /** Address of the descriptor the kernels read (layout.ts CM_*). */
  readonly desc: number;
  readonly heap: Heap;

  constructor(
    readonly order: number,
    readonly fingerprintBytes: 4 | 8,
    readonly words: WordList,
    /** levels[k − 1] holds order k */
    readonly levels: HashedLevel[],
    /** counts[k − 1]: the distinct counts of order k by rank */
    readonly counts: CountValues[],
  ) {
    this.heap = words.heap;
    this.desc = countModelDescriptor(this, this.heap, order, { hashed: levels, counts });
  }

  gramsPerOrder(): number[] {
    return this.levels.map((l) => l.length);
  }

  /** Count of an n-gram given as space-separated words, an array of words or an array of IDs; 0 if absent. */
  lookup(ngram: string | readonly string[] | ArrayLike<number>): number {
    if (typeof ngram === "string") return this.lookupText(ngram);
    if (ngram.length < 1 || ngram.length > this.order) return 0;
    const words = this.wordsOf(ngram);
    return words === undefined ? 0 : this.lookupText(words.join(" "));
  }

  /** Count of the n-gram of word IDs ids[0..n), or 0. */
  lookupIds(ids: ArrayLike<number>, n = ids.length): number {
    return this.lookup(Array.prototype.slice.call(ids, 0, n) as number[]);
  }

  /**
   * The k most frequent words that follow `context` (words or IDs), with the count of the extended n-gram;
   * ties in count go to the smaller word ID, as CountTrie.topContinuations. A hash table keeps no children:
   * every word of the vocabulary is probed after the context, so a call costs one probe per word.
   */
  topContinuations(context: string | readonly string[] | ArrayLike<number>, k: number): Continuation[] {
    const words = this.wordsOf(context);
    if (words === undefined || words.length === 0 || words.length >= this.order || this.lookupText(words.join(" ")) === 0) return [];
    const prefix = `${words.join(" ")} `;
    const found: Continuation[] = [];
    for (let id = 0; id < this.words.size; id++) {
      const word = this.words.word(id);
      const count = this.lookupText(prefix + word);
      if (count > 0) found.push({ word, id, count });
    }
    found.sort((a, b) => b.count - a.count || a.id - b.id);
    return found.slice(0, Math.max(0, k));
  }

  /** The words of an n-gram given as text, words or IDs; undefined when an ID is out of range. */
  private wordsOf(ngram: string | readonly string[] | ArrayLike<number>): string[] | undefined {
    if (typeof ngram === "string") return whitespaceWords(ngram);
    const words: string[] = [];
    for (let i = 0; i < ngram.length; i++) {
      const w = ngram[i];
      if (typeof w === "string") words.push(w);
      else if (Number.isInteger(w) && w >= 0 && w < this.words.size) words.push(this.words.word(w));
      else return undefined;
    }
    return words;
  }

  /** The count of the n-gram spelled `text` (words split at whitespace), or 0: one call to the kernels. */
  private lookupText(text: string): number {
    const h = this.heap;
    return h.kernels.hashCountText(this.desc, h.text.byteOffset, h.encode(text));
  }

  components(): Record<string, number> {
    return {
      words: this.words.sizeInBits(),
      hash_functions: this.levels.reduce((s, l) => s + l.mphf.sizeInBits(), 0),
      fingerprints: this.levels.reduce((s, l) => s + l.fingerprints.length * 32, 0),
      ranks: this.levels.reduce((s, l) => s + l.ranks.sizeInBits(), 0),
      counts: this.counts.reduce((s, c) => s + c.sizeInBits(), 0),
    };
  }

  write(out: ContainerWriter): void {
    out.addScalars("hash.meta", [this.order, this.fingerprintBytes]);
    this.words.write(out, "words");
    this.levels.forEach((l, i) => l.write(out, `level${i + 1}`));
    this.counts.forEach((c, i) => c.write(out, `level${i + 1}.counts`));
  }

  static read(c: Container): CountHash {
    const meta = c.meta("hash.meta", 2);
    const order = orderOf(c, "hash.meta", meta[0]);
    const fingerprintBytes = fingerprintBytesOf(c, "hash.meta", meta[1]);
    const levels: HashedLevel[] = [];
    const counts: CountValues[] = [];
    for (let k = 1; k <= order; k++) {
      levels.push(HashedLevel.read(c, `level${k}`, fingerprintBytes));
      counts.push(CountValues.read(c, `level${k}.counts`, levels[k - 1].ranks));
    }
    const words = WordList.read(c, "words");
    if (words.size !== levels[0].length) c.fail("words.offsets.meta", `holds ${words.size} words for ${levels[0].length} 1-grams`);
    return new CountHash(order, fingerprintBytes, words, levels, counts);
  }
}


/** Builds a CountHash order by order; the n-grams of an order may come in any order. */
export class CountHashBuilder {
  private words: WordList | undefined;
  private readonly levels: HashedLevel[] = [];
  private readonly counts: CountValues[] = [];
  private current: LevelInProgress | undefined;

  constructor(
    readonly order: number,
    readonly fingerprintBytes: 4 | 8,
  ) {
    if (fingerprintBytes !== 4 && fingerprintBytes !== 8) throw new RangeError(`fingerprints must be 4 or 8 bytes, got ${fingerprintBytes}`);
  }

  setUnigrams(vocabulary: Vocabulary, counts: ArrayLike<number>, source: string): void {
    this.words = vocabulary.words;
    this.beginLevel(1, vocabulary.size, source);
    for (let i = 0; i < vocabulary.size; i++) {
      const word = vocabulary.word(i);
      this.addGram(UNUSED_IDS, counts[i], i + 2, word, word.length);
    }
    this.endLevel();
  }

  beginLevel(level: number, rows: number, source: string): void {
    this.current = new LevelInProgress(level, rows, source);
  }

  /** The n-gram is row[0 .. gramEnd), its words separated by single spaces; it is hashed as text. */
  addGram(_ids: ArrayLike<number>, count: number, line: number, row: string, gramEnd: number): void {
    const cur = this.current!;
    if (cur.filled === cur.rows) throw new InputError(cur.source, line, `more ${cur.level}-grams than the ${cur.rows} announced`);
    cur.lo[cur.filled] = hashText(row, 0, gramEnd);
    cur.hi[cur.filled] = hashState.hashHigh;
    cur.counts.add(count);
    cur.lines.set(cur.filled, line);
    cur.filled++;
  }

  endLevel(): void {
    const cur = this.current!;
    if (cur.filled !== cur.rows) throw new InputError(cur.source, 0, `${cur.rows} ${cur.level}-grams announced, ${cur.filled} found`);
    const { mphf, fingerprints, slotOf } = hashRows(cur.lo, cur.hi, cur.lines, cur.source, this.fingerprintBytes);
    const { table, ranks } = cur.counts.finish();
    const slotRanks = new Uint32Array(cur.rows);
    for (let i = 0; i < cur.rows; i++) slotRanks[slotOf[i]] = ranks[i];
    this.levels.push(new HashedLevel(mphf, fingerprints, IndexedCodewords.build(slotRanks)));
    this.counts.push(table);
    this.current = undefined;
  }

  build(): CountHash {
    if (!this.words || this.levels.length !== this.order) throw new Error(`only ${this.levels.length} of ${this.order} orders were given`);
    return new CountHash(this.order, this.fingerprintBytes, this.words, this.levels, this.counts);
  }
}

const UNUSED_IDS = new Uint32Array(0);

/** An order being read: per n-gram its 64-bit hash, its count (ranked as it comes) and its input line. */
class LevelInProgress {
  readonly lo: Uint32Array;
  readonly hi: Uint32Array;
  readonly lines: LineNumbers;
  readonly counts: CountRanker;
  filled = 0;

  constructor(
    readonly level: number,
    readonly rows: number,
    readonly source: string,
  ) {
    this.lo = new Uint32Array(rows);
    this.hi = new Uint32Array(rows);
    this.lines = new LineNumbers(rows);
    this.counts = new CountRanker(rows);
  }
}
