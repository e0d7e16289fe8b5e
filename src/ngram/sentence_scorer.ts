import type { Heap } from "../bits/heap.js";
import { ScoreState } from "./score_state.js";

/**
 * What the kernels need to score text with a back-off model, as plain numbers: the addresses of the
 * model's and its vocabulary's descriptors and the IDs of the sentence markers. A worker thread whose heap
 * shares the model's memory scores with a handle posted to it, without the model's objects.
 */
export interface ScoringHandle {
  order: number;
  /** The BackoffModel's descriptor. */
  model: number;
  /** Its vocabulary's descriptor. */
  vocabulary: number;
  /** ID of `<s>`, of `</s>` and of `<unk>`, −1 when the model has none. */
  bosId: number;
  eosId: number;
  unkId: number;
}

/** Where a sentence's words are split: at whitespace as tokenizers split, or at KenLM's separators only. */
export type WordSeparators = "whitespace" | "kenlm";

/** Numbers of the totals record, in the kernels' order (ngram.ts T_*). */
const TOTAL = 0;
const OOV_TOTAL = 1;
const TOKENS = 2;
const OOVS = 3;
const SENTENCES = 4;
const TOTALS = 5;

/**
 * Scores sentences with a model through one kernel call each, adding them to running totals kept in the
 * heap: the one scoring loop of every caller (a model's `scoreLine`, the document scorer, its worker
 * threads). Optionally keeps each token's log10 p, n-gram length and ID of the last sentence.
 */
export class SentenceScorer {
  private readonly totals: Float64Array;
  private readonly state: ScoreState;
  private readonly workPtr: number;
  /** Per token of the last sentence kept: f64 log10 p at [2i], u32 n-gram length at [4i + 2] of the same bytes. */
  private perWordF64: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private perWordU32: Uint32Array<ArrayBufferLike> = new Uint32Array(0);

  constructor(
    readonly heap: Heap,
    readonly handle: ScoringHandle,
  ) {
    this.totals = heap.f64View(TOTALS);
    this.state = new ScoreState(handle.order, heap);
    this.workPtr = heap.record(8 * handle.order, this);
  }

  /** The running totals, as KenLM keeps them: sentence sums in float32, added up in double. */
  get log10Prob(): number {
    return this.totals[TOTAL];
  }

  /** The sum of the OOV tokens' log10 probabilities alone. */
  get oovLog10Prob(): number {
    return this.totals[OOV_TOTAL];
  }

  get tokens(): number {
    return this.totals[TOKENS];
  }

  get oovs(): number {
    return this.totals[OOVS];
  }

  get sentences(): number {
    return this.totals[SENTENCES];
  }

  /** Sets the running totals (to zero when called without arguments). */
  setTotals(log10Prob = 0, oovLog10Prob = 0, tokens = 0, oovs = 0, sentences = 0): void {
    const t = this.totals;
    t[TOTAL] = log10Prob;
    t[OOV_TOTAL] = oovLog10Prob;
    t[TOKENS] = tokens;
    t[OOVS] = oovs;
    t[SENTENCES] = sentences;
  }

  /**
   * Scores one sentence given as text; `wrap`: as `<s> … </s>`, else from the empty context. Its words are
   * split at whitespace as tokenizers split (`\s`), or with `separators` "kenlm" where KenLM's query does
   * (space, tab, CR, VT, FF, NUL). Returns its log10 probability.
   */
  scoreText(text: string, wrap: boolean, separators: WordSeparators = "whitespace", keepWords = false): number {
    const h = this.heap;
    const bytes = h.encode(text);
    const ids = h.idsRoom((bytes + 1) >>> 1);
    const perWord = keepWords ? this.perWordRoom(((bytes + 1) >>> 1) + 1) : 0;
    this.begin(wrap);
    return h.kernels.scoreLineText(this.handle.model, this.handle.vocabulary, this.state.ptr, h.text.byteOffset, bytes, ids.byteOffset, wrap ? 1 : 0, this.handle.eosId, this.totals.byteOffset, this.workPtr, perWord, separators === "kenlm" ? 1 : 0);
  }

  /**
   * Scores the sentence of the first n model IDs of the heap's ID room (`heap.idsRoom`; −1 for a word the
   * model does not know).
   */
  scoreIds(n: number, wrap: boolean, keepWords = false): number {
    const h = this.heap;
    const perWord = keepWords ? this.perWordRoom(n + 1) : 0;
    this.begin(wrap);
    return h.kernels.scoreSentence(this.handle.model, this.state.ptr, h.ids.byteOffset, n, wrap ? 1 : 0, this.handle.eosId, this.totals.byteOffset, this.workPtr, perWord);
  }

  /** Token i of the last sentence scored with keepWords: its log10 p and the length of its n-gram (0: OOV). */
  wordLog10Prob(i: number): number {
    return this.perWordF64[2 * i];
  }

  wordNgramLength(i: number): number {
    return this.perWordU32[4 * i + 2];
  }

  private begin(wrap: boolean): void {
    if (wrap) {
      if (this.handle.bosId < 0) throw new Error("the model has no <s> unigram, so sentences cannot be wrapped");
      this.heap.kernels.beginSentence(this.handle.model, this.state.ptr);
    } else {
      this.state.length = 0;
    }
  }

  private perWordRoom(tokens: number): number {
    if (this.perWordU32.length < 4 * tokens) {
      this.perWordF64 = this.heap.f64View(2 * Math.max(tokens, this.perWordU32.length / 2));
      this.perWordU32 = new Uint32Array(this.perWordF64.buffer, this.perWordF64.byteOffset, 2 * this.perWordF64.length);
    }
    return this.perWordF64.byteOffset;
  }
}
