import type { ContainerWriter } from "../container/container.js";
import type { Heap } from "../bits/heap.js";
import { BM_BACKOFFS, BM_BOS_ID, BM_BYTES, BM_HASHED, BM_LEVELS, BM_ORDER, BM_PROBS, BM_UNK_ID, BM_UNK_PROB_F64, SCRATCH_A, SCRATCH_VALUE_F64 } from "../kernels/layout.js";
import { LogValues } from "./log_values.js";
import type { Vocabulary } from "./vocabulary.js";
import { ScoreState } from "./score_state.js";
import { SentenceScorer, type ScoringHandle } from "./sentence_scorer.js";

export { ScoreState };

export interface WordScore {
  log10Prob: number;
  /** The state after the word. */
  state: ScoreState;
  oov: boolean;
  /** Length of the longest stored n-gram ending in the word (1 for an OOV). */
  ngramLength: number;
}

/** Totals over a text, as Tongrams' and KenLM's `score`/`query` report them. */
export class TextScore {
  /** Sum of the log10 probabilities of all tokens (sentence sums in float32, added up in double). */
  totalLog10Prob = 0;
  /** Sum of the log10 probabilities of the OOV tokens alone. */
  oovLog10Prob = 0;
  tokens = 0;
  oovs = 0;
  sentences = 0;

  get perplexityIncludingOovs(): number {
    return 10 ** (-this.totalLog10Prob / this.tokens);
  }

  get perplexityExcludingOovs(): number {
    return 10 ** (-(this.totalLog10Prob - this.oovLog10Prob) / (this.tokens - this.oovs));
  }
}

export interface ScoreOptions {
  /** Score each line as `<s> … </s>` (KenLM's default); by default lines are scored as they are (Tongrams). */
  wrap?: boolean;
}

/**
 * A back-off language model (ARPA semantics) stored in some structure: the one scoring loop shared by
 * every structure. A structure supplies `walk`, which finds the longest stored n-gram ending in a word and
 * the backoffs of the contexts that n-gram starts; everything else (backoff sums, OOVs, states, sentence
 * and corpus totals) is here.
 */
export abstract class BackoffModel {
  /** Set by `scoreId`: the length of the longest stored n-gram ending in the word, and whether it was out of vocabulary. */
  lastNgramLength = 0;
  lastOov = false;
  /** Address of the descriptor the kernels read (layout.ts BM_*). */
  readonly desc: number;
  /** Room for a walk: the word and its context (order words), then the contexts' backoffs (order floats). */
  private readonly work: Uint32Array;
  private readonly workBackoffs: Float32Array;
  /** Scores the lines of `scoreLine`. */
  private readonly sentences: SentenceScorer;
  private readonly bosId: number;
  /** The heap the model lives in (its vocabulary's), where its states must live too. */
  readonly heap: Heap;
  private readonly eosId: number;

  constructor(
    readonly order: number,
    readonly vocabulary: Vocabulary,
    /** probs[k − 1], backoffs[k − 1]: the values of the k-grams, by position in their level. */
    readonly probs: LogValues[],
    readonly backoffs: LogValues[],
    /** ID of `<unk>`, or −1 when the vocabulary has none. */
    readonly unkId: number,
    /** log10 probability given to an OOV word (that of `<unk>`, or the value of --u). */
    readonly unkLog10Prob: number,
    /** How the structure finds n-grams: a trie's levels, or a hash table per order from 2 (their descriptors). */
    levels: { trie: number } | { hashed: readonly number[] },
  ) {
    const h = (this.heap = vocabulary.heap);
    const buffer = h.bytes().buffer;
    const workPtr = h.record(8 * order, this);
    this.work = new Uint32Array(buffer, workPtr, order);
    this.workBackoffs = new Float32Array(buffer, workPtr + 4 * order, order);
    this.bosId = vocabulary.lookup("<s>");
    this.eosId = vocabulary.lookup("</s>");
    const d = h.descriptor(BM_BYTES, this);
    d.u32[BM_ORDER >>> 2] = order;
    d.u32[BM_HASHED >>> 2] = "trie" in levels ? 0 : 1;
    d.u32[BM_LEVELS >>> 2] = "trie" in levels ? levels.trie : h.table(levels.hashed, this);
    d.u32[BM_PROBS >>> 2] = h.table(probs.map((p) => p.desc), this);
    d.u32[BM_BACKOFFS >>> 2] = h.table(backoffs.map((b) => b.desc), this);
    d.u32[BM_UNK_ID >>> 2] = unkId;
    d.u32[BM_BOS_ID >>> 2] = this.bosId;
    d.f64[BM_UNK_PROB_F64 >>> 3] = unkLog10Prob;
    this.desc = d.ptr;
    this.sentences = new SentenceScorer(h, this.scoringHandle());
  }

  /** The model as the kernels score with it: what a worker thread sharing its memory needs (SentenceScorer). */
  scoringHandle(): ScoringHandle {
    return { order: this.order, model: this.desc, vocabulary: this.vocabulary.desc, bosId: this.bosId, eosId: this.eosId, unkId: this.unkId };
  }

  abstract readonly structure: string;
  abstract readonly remapping: number;

  abstract components(): Record<string, number>;
  abstract write(out: ContainerWriter): void;

  /** Number of stored n-grams of each order, from 1 up. */
  gramsPerOrder(): number[] {
    return this.probs.map((p) => p.length);
  }

  sizeInBits(): number {
    return Object.values(this.components()).reduce((a, b) => a + b, 0);
  }

  /**
   * The stored log10 probability and backoff (0 at the highest order) of an n-gram given as words or IDs
   * in reading order, or undefined when it is not stored.
   */
  lookupValues(ngram: readonly string[] | readonly number[]): { log10Prob: number; backoff: number } | undefined {
    const n = ngram.length;
    if (n < 1 || n > this.order) return undefined;
    const ids = this.work;
    for (let j = 0; j < n; j++) {
      const w = ngram[n - 1 - j];
      const id = typeof w === "string" ? this.vocabulary.lookup(w) : Number.isInteger(w) && w >= 0 && w < this.vocabulary.size ? w : -1;
      if (id < 0) return undefined;
      ids[j] = id;
    }
    const h = this.heap;
    if (h.kernels.walk(this.desc, ids.byteOffset, n - 1, this.workBackoffs.byteOffset) !== n) return undefined;
    return { log10Prob: h.scratchF64[SCRATCH_VALUE_F64 >>> 3], backoff: n < this.order ? this.workBackoffs[n - 1] : 0 };
  }

  /** The empty context: how an unwrapped line starts. */
  nullContext(): ScoreState {
    return new ScoreState(this.order, this.heap);
  }

  /** The context `<s>`: how a wrapped sentence starts. */
  beginSentence(): ScoreState {
    const state = new ScoreState(this.order, this.heap);
    this.setBeginSentence(state);
    return state;
  }

  private setBeginSentence(state: ScoreState): void {
    if (this.bosId < 0) throw new Error("the model has no <s> unigram, so sentences cannot be wrapped");
    this.heap.kernels.beginSentence(this.desc, state.ptr);
  }

  /** Scores `word` after `state`; the state after it goes to `next` (a new one unless given; may be `state`). */
  scoreWord(state: ScoreState, word: string, next: ScoreState = this.nullContext()): WordScore {
    const log10Prob = this.scoreId(state, this.vocabulary.lookup(word), next);
    return { log10Prob, state: next, oov: this.lastOov, ngramLength: this.lastNgramLength };
  }

  /**
   * log10 p(word `id` | state) as KenLM computes it, in float32: the probability of the longest stored
   * n-gram ending in the word plus the backoffs of the longer contexts. An OOV (id −1 or `<unk>`) scores
   * p(<unk>) plus all the context's backoffs and empties the context. `next` may be `state`.
   */
  scoreId(state: ScoreState, id: number, next: ScoreState): number {
    const h = this.heap;
    if (state.heap !== h || next.heap !== h) throw new Error("a state of another model's memory: make states with this model's nullContext() or beginSentence()");
    const log10Prob = h.kernels.scoreWord(this.desc, state.ptr, id, next.ptr, this.work.byteOffset);
    const length = h.scratchU32[SCRATCH_A >>> 2];
    this.lastOov = length === 0;
    this.lastNgramLength = Math.max(1, length);
    return log10Prob;
  }

  /**
   * Adds the tokens of one line (words separated by whitespace) to `totals`: the words are looked up here,
   * the sentence is scored by the kernels in one call.
   */
  scoreLine(line: string, totals: TextScore, options: ScoreOptions = {}): void {
    const s = this.sentences;
    s.setTotals(totals.totalLog10Prob, totals.oovLog10Prob, totals.tokens, totals.oovs, totals.sentences);
    s.scoreText(line, options.wrap === true, "kenlm");
    totals.totalLog10Prob = s.log10Prob;
    totals.oovLog10Prob = s.oovLog10Prob;
    totals.tokens = s.tokens;
    totals.oovs = s.oovs;
    totals.sentences = s.sentences;
  }

  /** Scores a text (lines separated by newlines, or an iterable of lines): totals and perplexities. */
  scoreText(text: string | Iterable<string>, options: ScoreOptions = {}): TextScore {
    const totals = new TextScore();
    for (const line of typeof text === "string" ? linesOf(text) : text) this.scoreLine(line, totals, options);
    return totals;
  }
}

/** The lines of a text; a final newline ends the last line rather than starting an empty one. */
function linesOf(text: string): string[] {
  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  return lines;
}

/** Bits per quantized value unless told otherwise: Tongrams' default. */
export const DEFAULT_BITS = 8;

/** The values of every order from the n-grams' log10 probabilities and backoffs (none for the highest). */
export function buildLogValues(
  logProbs: readonly Float32Array[],
  backoffs: readonly Float32Array[],
  options: { probBits?: number; backoffBits?: number },
): { probs: LogValues[]; backoffs: LogValues[] } {
  const top = logProbs.length - 1;
  return {
    probs: logProbs.map((p) => LogValues.build(p, options.probBits ?? DEFAULT_BITS, false)),
    backoffs: backoffs.map((b, i) => (i === top ? LogValues.empty() : LogValues.build(b, options.backoffBits ?? DEFAULT_BITS, true))),
  };
}
