import { CompactVector, widthFor } from "../bits/compact_vector.js";
import type { Container, ContainerWriter } from "../container/container.js";
import { hashState, hashText } from "../hash/hash64.js";
import { DuplicateKeyError, MinimalPerfectHash } from "../hash/mphf.js";
import { InputError, quote } from "../io/errors.js";
import { WordList, WordListBuilder } from "./word_list.js";
import type { Heap } from "../bits/heap.js";
import { VO_BYTES, VO_IDS, VO_MPHF, VO_SERIAL, VO_SIZE, VO_WORDS } from "../kernels/layout.js";

/** Vocabularies made so far in this thread: each gets the next number (0 marks a free cache entry). */
let serials = 0;

/** An ID of −1 as the kernels write it into an unsigned array. */
const NOT_FOUND = 0xffffffff;

/** Words whose lookup a load checks, evenly spread over the vocabulary. */
const WORDS_CHECKED = 16;

/**
 * Word ↔ ID for a model. Word → ID goes through a minimal perfect hash of the word, then a check against
 * the stored word itself, so a word outside the vocabulary is always rejected (−1), never mapped to some
 * other word's ID. ID → word reads the word list.
 */
export class Vocabulary {
  readonly size: number;
  /** Address of the descriptor the kernels read (layout.ts VO_*). */
  readonly desc: number;
  readonly heap: Heap;

  constructor(
    private readonly mphf: MinimalPerfectHash,
    /** slot of the perfect hash → word ID */
    private readonly idOfSlot: CompactVector,
    readonly words: WordList,
  ) {
    this.size = idOfSlot.length;
    this.heap = words.heap;
    const d = this.heap.descriptor(VO_BYTES, this);
    d.u32[VO_MPHF >>> 2] = mphf.desc;
    d.u32[VO_IDS >>> 2] = idOfSlot.desc;
    d.u32[VO_WORDS >>> 2] = words.desc;
    d.u32[VO_SIZE >>> 2] = this.size;
    d.u32[VO_SERIAL >>> 2] = ++serials;
    this.desc = d.ptr;
  }

  /** Builds the vocabulary of `words`, whose IDs are their positions. Repeated words are refused. */
  static build(words: readonly string[], source = "vocabulary"): Vocabulary {
    const b = new VocabularyBuilder(words.length, source);
    for (const w of words) b.add(w, 0, w.length);
    return b.build();
  }

  /**
   * ID of the word s[start .. end), or −1 when it is not in the vocabulary: its UTF-8 bytes are hashed, the
   * perfect hash probed and the stored word's bytes compared by the kernels.
   */
  lookupRange(s: string, start: number, end: number): number {
    const h = this.heap;
    const n = h.encode(start === 0 && end === s.length ? s : s.slice(start, end));
    return h.kernels.vocabularyLookup(this.desc, h.text.byteOffset, n);
  }

  lookup(word: string): number {
    return this.lookupRange(word, 0, word.length);
  }

  /** The word of ID `id`. */
  word(id: number): string {
    return this.words.word(id);
  }

  /**
   * Writes the word IDs of an n-gram (space-separated words, an array of words or an array of IDs) into
   * `out` and returns how many there are; −1 when a word is unknown or there are more than out.length.
   */
  toIds(ngram: string | readonly string[] | ArrayLike<number>, out: Uint32Array): number {
    if (typeof ngram === "string") return this.splitIds(ngram, out);
    const n = ngram.length;
    if (n > out.length) return -1;
    for (let i = 0; i < n; i++) {
      const w = ngram[i];
      const id = typeof w === "string" ? this.lookup(w) : Number.isInteger(w) && w >= 0 && w < this.size ? w : -1;
      if (id < 0) return -1;
      out[i] = id;
    }
    return n;
  }

  /** The words of s are the runs between whitespace (as `grampack count` splits text): split by the kernels. */
  private splitIds(s: string, out: Uint32Array): number {
    const h = this.heap;
    const bytes = h.encode(s);
    const ids = h.idsRoom(out.length + 1);
    const n = h.kernels.textIds(this.desc, h.text.byteOffset, bytes, ids.byteOffset, out.length, false);
    if (n > out.length) return -1;
    for (let i = 0; i < n; i++) {
      if (ids[i] === NOT_FOUND) return -1;
      out[i] = ids[i];
    }
    return n;
  }

  sizeInBits(): number {
    return this.mphf.sizeInBits() + this.idOfSlot.sizeInBits() + this.words.sizeInBits();
  }

  write(out: ContainerWriter, name: string): void {
    this.mphf.write(out, `${name}.mphf`);
    this.idOfSlot.write(out, `${name}.ids`);
    this.words.write(out, `${name}.words`);
  }

  /**
   * Refused unless the perfect hash, the slot table and the word list have one entry per word; with
   * `c.verifying`, unless every word hashes to the slot that holds its ID.
   */
  static read(c: Container, name: string): Vocabulary {
    const mphf = MinimalPerfectHash.read(c, `${name}.mphf`);
    const ids = CompactVector.read(c, `${name}.ids`);
    const words = WordList.read(c, `${name}.words`);
    const n = mphf.size;
    if (ids.length !== n || ids.width !== widthFor(Math.max(0, n - 1))) c.fail(`${name}.ids.meta`, `expected ${n} IDs of ${widthFor(Math.max(0, n - 1))} bits`);
    if (words.size !== n) c.fail(`${name}.words.offsets.meta`, `holds ${words.size} words, the perfect hash ${n}`);
    const vocabulary = new Vocabulary(mphf, ids, words);
    // A few words spread over the vocabulary (every word with `c.verifying`) must find their own IDs: a
    // perfect hash or slot table that no longer fits the words fails at once.
    const step = c.verifying ? 1 : Math.max(1, Math.floor(n / WORDS_CHECKED));
    for (let id = 0; id < n; id += step) {
      if (vocabulary.lookup(words.word(id)) !== id) c.fail(`${name}.ids`, `word ${id} does not hash to its own ID`);
    }
    return vocabulary;
  }
}

/** Takes exactly n words, the next ID each, as ranges of strings (no string is kept). */
export class VocabularyBuilder {
  private readonly lo: Uint32Array;
  private readonly hi: Uint32Array;
  private readonly words: WordListBuilder;
  private count = 0;

  constructor(
    readonly n: number,
    /** The input, named in errors. */
    private readonly source = "vocabulary",
  ) {
    this.lo = new Uint32Array(n);
    this.hi = new Uint32Array(n);
    this.words = new WordListBuilder(n);
  }

  /** Adds the word s[start .. end) with the next ID. */
  add(s: string, start: number, end: number): void {
    this.words.add(s, start, end);
    this.lo[this.count] = hashText(s, start, end);
    this.hi[this.count] = hashState.hashHigh;
    this.count++;
  }

  build(): Vocabulary {
    const words = this.words.build();
    const { lo, hi } = this;
    let mphf: MinimalPerfectHash;
    try {
      mphf = MinimalPerfectHash.build(lo, hi);
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
      const [a, b] = [words.word(e.first), words.word(e.second)];
      const entries = `entries ${e.first + 1} and ${e.second + 1}`;
      throw new InputError(this.source, 0, a === b ? `word ${quote(a)} appears twice (${entries})` : `words ${quote(a)} and ${quote(b)} have the same 64-bit hash (${entries})`);
    }
    const idOfSlot = new Uint32Array(this.n);
    for (let i = 0; i < this.n; i++) idOfSlot[mphf.lookup(lo[i], hi[i])] = i;
    return new Vocabulary(mphf, CompactVector.from(idOfSlot, widthFor(Math.max(0, this.n - 1))), words);
  }
}
