import type { ContainerWriter } from "../container/container.js";
import { LogValues } from "./log_values.js";
import type { Vocabulary } from "./vocabulary.js";

/**
 * What a language model remembers between words: the most recent words (most recent first) that can
 * still start a stored n-gram, and the log10 backoff of each of those contexts. Reused, never reallocated.
 */
export class ScoreState {
  /** words[j]: the word j + 1 positions back. */
  readonly words: Uint32Array;
  /** backoffs[j]: log10 backoff of the context words[0..j] (of length j + 1). */
  readonly backoffs: Float32Array;
  length = 0;

  constructor(order: number) {
    this.words = new Uint32Array(Math.max(1, order - 1));
    this.backoffs = new Float32Array(Math.max(1, order - 1));
  }
}

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

const SPACE = 32;
const TAB = 9;
const CR = 13;
const NUL = 0;
const VTAB = 11;
const FORM_FEED = 12;

function isSeparator(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === NUL || c === VTAB || c === FORM_FEED;
}

/**
 * A back-off language model (ARPA semantics) stored in some structure: the one scoring loop shared by
 * every structure. A structure supplies `walk`, which finds the longest stored n-gram ending in a word and
 * the backoffs of the contexts that n-gram starts; everything else (backoff sums, OOVs, states, sentence
 * and corpus totals) is here.
 */
export abstract class BackoffModel {
  /** Set by `walk`: log10 probability of the longest stored n-gram it found. */
  protected matchedLog10Prob = 0;
  /** Set by `scoreId`: the length of that n-gram, and whether the word was out of vocabulary. */
  lastNgramLength = 0;
  lastOov = false;
  /** The word and its context for `walk`, most recent first. */
  private readonly walkIds: Uint32Array;
  /** Backoffs of the contexts the current word starts, filled by `walk`. */
  private readonly walkBackoffs: Float32Array;
  private readonly sentenceState: ScoreState;
  private readonly bosId: number;
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
  ) {
    this.walkIds = new Uint32Array(order);
    this.walkBackoffs = new Float32Array(order);
    this.sentenceState = new ScoreState(order);
    this.bosId = vocabulary.lookup("<s>");
    this.eosId = vocabulary.lookup("</s>");
  }

  abstract readonly structure: string;
  abstract readonly remapping: number;

  /**
   * Where the structure stores the n-gram ids[0..k] (k ≥ 1), given where it stores ids[0..k−1]: its
   * position in level k + 1, or −1 when it is not stored. The one thing each structure does its own way.
   */
  protected abstract extend(ids: Uint32Array, k: number, previous: number): number;

  /**
   * Finds the longest stored n-gram ids[0..L) with L ≤ m + 1, where ids[0] is the word and ids[1..m] its
   * context, most recent first. Returns L, leaves its log10 probability in `matchedLog10Prob` and, for
   * j < min(L, order − 1), the backoff of the n-gram ids[0..j] in backoffs[j].
   */
  protected walk(ids: Uint32Array, m: number, backoffs: Float32Array): number {
    const contexts = this.order - 1;
    let pos = ids[0];
    let found = 1;
    if (contexts > 0) backoffs[0] = this.backoffs[0].get(pos);
    for (let k = 1; k <= m; k++) {
      const next = this.extend(ids, k, pos);
      if (next < 0) break;
      pos = next;
      found = k + 1;
      if (k < contexts) backoffs[k] = this.backoffs[k].get(pos);
    }
    // Only the longest match's probability is needed: one read.
    this.matchedLog10Prob = this.probs[found - 1].get(pos);
    return found;
  }

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
    const ids = this.walkIds;
    for (let j = 0; j < n; j++) {
      const w = ngram[n - 1 - j];
      const id = typeof w === "string" ? this.vocabulary.lookup(w) : Number.isInteger(w) && w >= 0 && w < this.vocabulary.size ? w : -1;
      if (id < 0) return undefined;
      ids[j] = id;
    }
    if (this.walk(ids, n - 1, this.walkBackoffs) !== n) return undefined;
    return { log10Prob: this.matchedLog10Prob, backoff: n < this.order ? this.walkBackoffs[n - 1] : 0 };
  }

  /** The empty context: how an unwrapped line starts. */
  nullContext(): ScoreState {
    return new ScoreState(this.order);
  }

  /** The context `<s>`: how a wrapped sentence starts. */
  beginSentence(): ScoreState {
    const state = new ScoreState(this.order);
    this.setBeginSentence(state);
    return state;
  }

  private setBeginSentence(state: ScoreState): void {
    if (this.bosId < 0) throw new Error("the model has no <s> unigram, so sentences cannot be wrapped");
    state.words[0] = this.bosId;
    state.backoffs[0] = this.order > 1 ? this.backoffs[0].get(this.bosId) : 0;
    state.length = this.order > 1 ? 1 : 0;
  }

  /** Scores `word` after `state`; the state after it goes to `next` (a new one unless given; may be `state`). */
  scoreWord(state: ScoreState, word: string, next: ScoreState = new ScoreState(this.order)): WordScore {
    const log10Prob = this.scoreId(state, this.vocabulary.lookup(word), next);
    return { log10Prob, state: next, oov: this.lastOov, ngramLength: this.lastNgramLength };
  }

  /**
   * log10 p(word `id` | state) as KenLM computes it, in float32: the probability of the longest stored
   * n-gram ending in the word plus the backoffs of the longer contexts. An OOV (id −1 or `<unk>`) scores
   * p(<unk>) plus all the context's backoffs and empties the context. `next` may be `state`.
   */
  scoreId(state: ScoreState, id: number, next: ScoreState): number {
    const m = state.length;
    let log10Prob: number;
    if (id < 0 || id === this.unkId) {
      log10Prob = this.unkLog10Prob;
      for (let j = 0; j < m; j++) log10Prob = Math.fround(log10Prob + state.backoffs[j]);
      this.lastOov = true;
      this.lastNgramLength = 1;
      next.length = 0;
      return log10Prob;
    }
    const ids = this.walkIds;
    ids[0] = id;
    for (let j = 0; j < m; j++) ids[j + 1] = state.words[j];
    const found = this.walk(ids, m, this.walkBackoffs);
    log10Prob = this.matchedLog10Prob;
    // The contexts of length found..m were not followed by the word: their backoffs apply.
    for (let j = found - 1; j < m; j++) log10Prob = Math.fround(log10Prob + state.backoffs[j]);
    const kept = Math.min(found, this.order - 1);
    for (let j = 0; j < kept; j++) {
      next.words[j] = ids[j];
      next.backoffs[j] = this.walkBackoffs[j];
    }
    next.length = kept;
    this.lastOov = false;
    this.lastNgramLength = found;
    return log10Prob;
  }

  /** Adds the tokens of one line (words separated by whitespace) to `totals`. */
  scoreLine(line: string, totals: TextScore, options: ScoreOptions = {}): void {
    const state = this.sentenceState;
    if (options.wrap) this.setBeginSentence(state);
    else state.length = 0;
    let sentence = 0;
    let start = -1;
    for (let i = 0; i <= line.length; i++) {
      const c = i < line.length ? line.charCodeAt(i) : SPACE;
      if (!isSeparator(c)) {
        if (start < 0) start = i;
        continue;
      }
      if (start < 0) continue;
      const p = this.scoreId(state, this.vocabulary.lookupRange(line, start, i), state);
      sentence = Math.fround(sentence + p);
      this.count(totals, p);
      start = -1;
    }
    if (options.wrap) {
      const p = this.scoreId(state, this.eosId, state);
      sentence = Math.fround(sentence + p);
      this.count(totals, p);
    }
    totals.totalLog10Prob += sentence;
    totals.sentences++;
  }

  private count(totals: TextScore, log10Prob: number): void {
    totals.tokens++;
    if (!this.lastOov) return;
    totals.oovs++;
    totals.oovLog10Prob += log10Prob;
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
