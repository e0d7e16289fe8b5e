import { EliasFano, EliasFanoBuilder } from "../bits/elias_fano.js";
import { heap, type Heap } from "../bits/heap.js";
import { SCRATCH_BASE_F64, SCRATCH_END, TL_BYTES, TL_GRAMS, TL_ORDER, TL_POINTERS, TL_REMAPPING } from "../kernels/layout.js";
import type { Container, ContainerWriter } from "../container/container.js";
import { InputError } from "../io/errors.js";
import { GRAM_SEQUENCES, type GramSequence, type GramSequenceKind } from "./sequences.js";

/**
 * The levels of a trie of word-ID tuples, shared by every trie model and its builder. A count trie stores
 * the n-grams as they read (a forward trie); a probability trie stores them reversed, last word first (a
 * backward trie), so that the tuples of one level are its n-grams in suffix order.
 *
 * Level k holds the k-tuples in prefix order. The children of the (k−1)-gram at position p occupy the
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
  /** Address of the descriptor the kernels read (layout.ts TL_*). */
  readonly desc: number;
  /** The heap of the levels (the default one while a builder adds them). */
  readonly heap: Heap;
  /** The descriptors of the levels' sequences, as the kernels find them: grams from level 2, pointers from 1. */
  private readonly gramDescs: Uint32Array;
  private readonly pointerDescs: Uint32Array;

  constructor(
    /** grams[k − 2] holds level k, for k = 2..order. */
    readonly grams: GramSequence[],
    /** pointers[k − 1] holds the child ranges of level k, for k = 1..order − 1. */
    readonly pointers: EliasFano[],
    readonly remapping: number,
  ) {
    const h = (this.heap = pointers[0]?.heap ?? grams[0]?.heap ?? heap());
    this.gramDescs = h.place(new Uint32Array(MAX_LEVELS));
    this.pointerDescs = h.place(new Uint32Array(MAX_LEVELS));
    const d = h.descriptor(TL_BYTES, this);
    d.u32[TL_REMAPPING >>> 2] = remapping;
    d.u32[TL_GRAMS >>> 2] = this.gramDescs.byteOffset;
    d.u32[TL_POINTERS >>> 2] = this.pointerDescs.byteOffset;
    this.desc = d.ptr;
    this.levelAdded();
  }

  /** Called by the builder after it appended a level (and once by the constructor). */
  levelAdded(): void {
    this.grams.forEach((g, i) => (this.gramDescs[i] = g.desc));
    this.pointers.forEach((p, i) => (this.pointerDescs[i] = p.desc));
    this.heap.u32View(this.desc, TL_BYTES)[TL_ORDER >>> 2] = this.grams.length + 1;
  }

  /** Set by `childRange`: the end of the range whose begin it returns. */
  get rangeEnd(): number {
    return this.heap.scratchU32[SCRATCH_END >>> 2];
  }

  /** Set by `find`: the base subtracted from the values of the range searched. */
  get rangeBase(): number {
    return this.heap.scratchF64[SCRATCH_BASE_F64 >>> 3];
  }

  /** Begin of the children of the node at `pos` of `level` (their end goes to rangeEnd). */
  childRange(level: number, pos: number): number {
    return this.heap.kernels.childRange(this.desc, level, pos);
  }

  /**
   * Position of the word `id` among the stored values of level `level` in [begin, end), or −1. Short
   * ranges (most of them) are read sequentially from the base on, with one select for the whole range;
   * long ones are searched.
   */
  find(level: number, begin: number, end: number, id: number): number {
    return this.heap.kernels.find(this.desc, level, begin, end, id);
  }

  /** Position in level `level` of the child `id` of the node at `parentPos` of level − 1, or −1. */
  child(level: number, parentPos: number, id: number): number {
    return this.heap.kernels.child(this.desc, level, parentPos, id);
  }

  /**
   * The ID stored at level k + 1 for the word ids[k] (0-based k): its vocabulary ID up to level R + 1,
   * beyond that its index among the successors of ids[k − R .. k − 1]. −1 when that context or successor
   * is not stored (then the n-gram is not stored either).
   */
  storedId(ids: ArrayLike<number>, k: number): number {
    return this.heap.kernels.storedId(this.desc, idsInHeap(this.heap, ids, k + 1), k);
  }

  /** Position of the n-gram ids[0..n) in level n, or −1 when it is not stored. IDs must be valid. */
  locate(ids: ArrayLike<number>, n: number): number {
    return this.heap.kernels.locate(this.desc, idsInHeap(this.heap, ids, n), n);
  }

  /** Writes the levels as sections `level<k>.grams` (k ≥ 2) and `level<k>.pointers` (k < order). */
  write(out: ContainerWriter): void {
    this.grams.forEach((g, i) => g.write(out, `level${i + 2}.grams`));
    this.pointers.forEach((p, i) => p.write(out, `level${i + 1}.pointers`));
  }

  /**
   * The levels of a trie holding sizes[k − 1] k-grams (k = 1..order), refused unless each level holds
   * that many and the pointers of level k partition level k + 1 (from 0 to its size). With `c.verifying`,
   * unless the stored IDs of every sibling range increase and stay below `words` (the vocabulary's size).
   */
  static read(c: Container, sizes: readonly number[], remapping: number, gramsKind: GramSequenceKind, words: number): TrieLevels {
    const grams: GramSequence[] = [];
    const pointers: EliasFano[] = [];
    for (let k = 2; k <= sizes.length; k++) {
      const level = GRAM_SEQUENCES[gramsKind].read(c, `level${k}.grams`);
      if (level.length !== sizes[k - 1]) c.fail(`level${k}.grams.meta`, `holds ${level.length} IDs for ${sizes[k - 1]} ${k}-grams`);
      const p = EliasFano.read(c, `level${k - 1}.pointers`);
      if (p.length !== sizes[k - 2] + 1 || p.access(0) !== 0 || p.last !== sizes[k - 1]) {
        c.fail(`level${k - 1}.pointers.meta`, `expected ${sizes[k - 2] + 1} pointers from 0 to ${sizes[k - 1]}`);
      }
      grams.push(level);
      pointers.push(p);
    }
    const levels = new TrieLevels(grams, pointers, remapping);
    if (c.verifying) for (let k = 2; k <= sizes.length; k++) levels.checkSiblings(c, k, words);
    return levels;
  }

  /** The payload check of level k: in every sibling range, stored IDs increasing and below `words`. */
  private checkSiblings(c: Container, k: number, words: number): void {
    const ends = this.pointers[k - 2].cursor(1);
    const values = this.grams[k - 2].cursor(0);
    for (let p = 0, i = 0, base = 0; p < this.pointers[k - 2].length - 1; p++) {
      const end = ends.next();
      for (let previous = -1; i < end; i++) {
        const v = values.next();
        const id = v - base;
        if (!(id > previous && id < words)) c.fail(`level${k}.grams`, `the ${k}-gram at ${i} stores ID ${id}, after ${previous} in its range (${words} words)`);
        previous = id;
        if (i === end - 1) base = v;
      }
    }
  }
}

/** Levels a trie can have: more than any order a model is built with. */
const MAX_LEVELS = 64;

/** The address of ids[0 .. n) in heap h: the array's own when it lives there, else a copy's. */
export function idsInHeap(h: Heap, ids: ArrayLike<number>, n: number): number {
  if (ids instanceof Uint32Array && h.holds(ids)) return ids.byteOffset;
  const room = h.idsRoom(n);
  for (let i = 0; i < n; i++) room[i] = ids[i];
  return room.byteOffset;
}

/**
 * Builds TrieLevels one level at a time from tuples in prefix order; what each tuple carries (a count, a
 * probability) is kept by the caller, by the tuple's position in its level. Level 1 is implicit: a
 * word's position is its ID.
 *
 * Memory: the finished lower levels plus, for the level being read, one uint32 per tuple and one per
 * parent. The parent of each tuple is found by searching the levels already built.
 */
export class TrieLevelsBuilder {
  readonly levels: TrieLevels;
  private current: LevelInProgress | undefined;

  constructor(
    readonly gramsKind: GramSequenceKind,
    remapping: number,
    /** What the first k − 1 IDs of a tuple are, for error messages: "prefix" (forward) or "suffix" (backward). */
    private readonly parentName: "prefix" | "suffix",
  ) {
    this.levels = new TrieLevels([], [], remapping);
  }

  /** The level being filled, or the last one finished. */
  get level(): number {
    return this.current ? this.current.level : this.levels.grams.length + 1;
  }

  /** How many tuples the current level holds so far: the position of the next one. */
  get filled(): number {
    return this.current ? this.current.filled : 0;
  }

  /** Starts level `level` with `rows` tuples, below which level − 1 holds `parents` tuples. */
  beginLevel(level: number, rows: number, parents: number, source: string): void {
    if (level !== this.levels.grams.length + 2 || this.current) throw new Error(`level ${level} cannot start after level ${this.level}`);
    this.current = new LevelInProgress(level, rows, parents, source);
  }

  /** Adds the next tuple ids[0..level) of the current level; `line` is its line in the source, for errors. */
  add(ids: ArrayLike<number>, line: number): void {
    const cur = this.current!;
    const k = cur.level;
    if (cur.filled === cur.rows) cur.fail(line, `more ${k}-grams than the ${cur.rows} announced`);
    const parentPos = this.parentPosition(cur, ids);
    if (parentPos < 0) cur.fail(line, `its ${k - 1}-word ${this.parentName} is not among the ${k - 1}-grams`);
    if (parentPos < cur.lastParent || (parentPos === cur.lastParent && ids[k - 1] <= cur.lastId)) {
      cur.fail(line, `not in ${this.parentName} order: n-grams must be sorted by the IDs of their words (1-gram order), without repeats`);
    }
    const stored = this.levels.storedId(ids, k - 1);
    const r = this.levels.remapping;
    if (stored < 0) cur.fail(line, `its ${this.parentName === "prefix" ? "last" : "first"} ${r + 1} words are not among the ${r + 1}-grams (needed by remapping)`);
    if (parentPos !== cur.lastParent) cur.beginRange(parentPos);
    cur.lastId = ids[k - 1];
    cur.stored[cur.filled++] = stored;
  }

  private parentPosition(cur: LevelInProgress, ids: ArrayLike<number>): number {
    const n = cur.level - 1;
    let same = cur.lastParent >= 0;
    for (let i = 0; i < n && same; i++) same = cur.parent[i] === ids[i];
    if (same) return cur.lastParent;
    for (let i = 0; i < n; i++) cur.parent[i] = ids[i];
    return this.levels.locate(ids, n);
  }

  /** Finishes the current level: its IDs and the child pointers of the level below. */
  endLevel(): void {
    const cur = this.current!;
    if (cur.filled !== cur.rows) throw new InputError(cur.source, 0, `${cur.rows} ${cur.level}-grams announced, ${cur.filled} found`);
    const pointers = cur.finishPointers();
    // A range's values are its stored IDs plus the last value of the range before (the running base).
    const { stored } = cur;
    const grams = GRAM_SEQUENCES[this.gramsKind].builder(cur.rows, cur.rows === 0 ? 1 : cur.base + stored[cur.rows - 1] + 1);
    const ends = pointers.cursor(1);
    for (let p = 0, i = 0, base = 0; p < pointers.length - 1; p++) {
      const end = ends.next();
      if (end === i) continue;
      for (; i < end; i++) grams.push(stored[i] + base);
      base += stored[end - 1];
    }
    this.levels.pointers.push(pointers);
    this.levels.grams.push(grams.build());
    this.levels.levelAdded();
    this.current = undefined;
  }
}

/**
 * A level being read. The child pointers of the level below are written as the tuples come (they arrive
 * grouped by parent); per tuple only the ID stored for its last word is kept until the level ends.
 */
class LevelInProgress {
  readonly stored: Uint32Array;
  readonly parent: Int32Array;
  private readonly pointers: EliasFanoBuilder;
  /** Parents whose range begin is written. */
  private pointed = 0;
  filled = 0;
  lastParent = -1;
  lastId = -1;
  /** The sum of the last stored IDs of the ranges before the current one: the value its IDs are stored above. */
  base = 0;

  constructor(
    readonly level: number,
    readonly rows: number,
    readonly parents: number,
    readonly source: string,
  ) {
    this.stored = new Uint32Array(rows);
    this.parent = new Int32Array(level - 1);
    this.pointers = new EliasFanoBuilder(parents + 1, rows + 1, { indexZeros: false });
  }

  /** The tuple about to be added is the first child of `parentPos`. */
  beginRange(parentPos: number): void {
    if (this.filled > 0) this.base += this.stored[this.filled - 1];
    this.lastParent = parentPos;
    this.pointTo(parentPos);
  }

  /** Writes the range begins of the parents up to `parentPos`: the ranges before it end here. */
  private pointTo(parentPos: number): void {
    for (; this.pointed <= parentPos; this.pointed++) this.pointers.push(this.filled);
  }

  finishPointers(): EliasFano {
    this.pointTo(this.parents);
    return this.pointers.build();
  }

  fail(line: number, what: string): never {
    throw new InputError(this.source, line, what);
  }
}
