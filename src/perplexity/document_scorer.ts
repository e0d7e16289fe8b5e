import type { Heap } from "../bits/heap.js";
import { SentenceScorer, type ScoringHandle } from "../ngram/sentence_scorer.js";
import { HfTokenizer } from "../text/hf_tokenizer.js";
import { escapeWord } from "../text/escape.js";
import { WhitespaceTokenizer, type Tokenizer } from "../text/tokenizer.js";
import { whitespaceWords } from "../text/whitespace.js";
import { normalizer, type Normalization } from "../text/normalize.js";

/** How documents are scored: the same in every thread. */
export interface DocumentScoring {
  /** Score each sentence as `<s> … </s>` (KenLM's and CCNet's way), else from the empty context (Tongrams'). */
  wrap: boolean;
  /** Text normalization before tokenizing, as the model's text was normalized (default "none"). */
  normalize: Normalization;
}

/** The score of one sentence or document. */
export interface ScoreFigures {
  /** Sum of the tokens' log10 probabilities (sentence sums in float32, added up in double). */
  log10Prob: number;
  /** The part of log10Prob that OOV tokens scored. */
  oovLog10Prob: number;
  /** Tokens scored, `</s>` included when wrapped, OOVs included. */
  tokens: number;
  oovs: number;
  /** Sentences scored: the document's lines that held something to score. */
  sentences: number;
}

/** 10^(−log10 p / tokens): the perplexity of a score, NaN when nothing was scored. */
export function perplexityOf(score: ScoreFigures): number {
  return score.tokens === 0 ? NaN : 10 ** (-score.log10Prob / score.tokens);
}

/**
 * Scores documents with a back-off model: each line of a document's text is a sentence (blank lines are
 * skipped), normalized, cut into the model's words by the tokenizer the model was estimated with, and
 * scored by the kernels in one call. Totals are added up as KenLM's query does: a sentence's sum in float32,
 * sentences and documents in double, in reading order.
 *
 * Words are found as `estimate` found them: whitespace splits in the kernels; a Hugging Face tokenizer
 * gives token IDs, mapped to the model's word IDs through a table made once (`tokenIdMap`); any other
 * tokenizer gives words, joined by spaces.
 */
export class DocumentScorer {
  private readonly sentences: SentenceScorer;
  private readonly normalizeText: (text: string) => string;
  private readonly whitespace: boolean;
  private readonly hf: HfTokenizer | undefined;
  /** The figures of the last sentence or document scored. */
  readonly last: ScoreFigures = { log10Prob: 0, oovLog10Prob: 0, tokens: 0, oovs: 0, sentences: 0 };

  constructor(
    heap: Heap,
    handle: ScoringHandle,
    private readonly tokenizer: Tokenizer,
    /** With a Hugging Face tokenizer: model word ID of each token ID, −1 for tokens the model lacks. */
    private readonly idMap: Int32Array | undefined,
    private readonly options: DocumentScoring,
  ) {
    this.sentences = new SentenceScorer(heap, handle);
    this.normalizeText = normalizer(options.normalize);
    this.whitespace = tokenizer instanceof WhitespaceTokenizer;
    this.hf = tokenizer instanceof HfTokenizer && idMap !== undefined ? tokenizer : undefined;
  }

  /** Scores a document (its lines as sentences); the figures go to `last`. Returns its perplexity. */
  scoreDocument(text: string): number {
    const s = this.sentences;
    s.setTotals();
    for (const line of text.split("\n")) if (!isBlank(line)) this.addSentence(line, false);
    this.takeTotals();
    return perplexityOf(this.last);
  }

  /**
   * Scores one line as a sentence, even a blank one (as KenLM's query does: `</s>` alone when wrapped), its
   * figures to `last`. `keepWords`: keep each token's figures for `wordScores`. Returns its perplexity.
   */
  scoreSentence(line: string, keepWords = false): number {
    this.sentences.setTotals();
    this.addSentence(line, keepWords);
    this.takeTotals();
    return perplexityOf(this.last);
  }

  private addSentence(line: string, keepWords: boolean): void {
    const text = this.normalizeText(line);
    const { wrap } = this.options;
    const s = this.sentences;
    if (this.whitespace) s.scoreText(text, wrap, "whitespace", keepWords);
    else if (this.hf !== undefined) s.scoreIds(this.modelIds(this.hf.ids(text)), wrap, keepWords);
    else s.scoreText(this.tokenizer.words(text).join(" "), wrap, "whitespace", keepWords);
  }

  /**
   * The tokens of `line`, the last sentence scored with keepWords, as KenLM's `query` shows them: the
   * word, its model ID (that of `<unk>` when unknown), the length of the n-gram it was scored with (0 when unknown) and its log10 p.
   */
  wordScores(line: string): { word: string; id: number; ngramLength: number; log10Prob: number }[] {
    const text = this.normalizeText(line);
    const words = this.hf !== undefined ? Array.from(this.hf.ids(text), (id) => escapeWord(this.hf!.tokenString(id) ?? String(id))) : this.whitespace ? whitespaceWords(text) : this.tokenizer.words(text);
    if (this.options.wrap) words.push("</s>");
    const ids = this.sentences.heap.ids;
    const { eosId, unkId } = this.sentences.handle;
    const known = this.options.wrap ? words.length - 1 : words.length;
    return words.map((word, i) => ({
      word,
      id: i === known ? eosId : ids[i] === 0xffffffff ? unkId : ids[i],
      ngramLength: this.sentences.wordNgramLength(i),
      log10Prob: this.sentences.wordLog10Prob(i),
    }));
  }

  /** Writes the model IDs of tokenizer IDs into the heap's ID room; returns their number. */
  private modelIds(tokenIds: Uint32Array): number {
    const map = this.idMap!;
    const out = this.sentences.heap.idsRoom(tokenIds.length);
    for (let i = 0; i < tokenIds.length; i++) {
      const t = tokenIds[i];
      out[i] = t < map.length ? map[t] : -1;
    }
    return tokenIds.length;
  }

  private takeTotals(): void {
    const last = this.last;
    const s = this.sentences;
    last.log10Prob = s.log10Prob;
    last.oovLog10Prob = s.oovLog10Prob;
    last.tokens = s.tokens;
    last.oovs = s.oovs;
    last.sentences = s.sentences;
  }
}

/**
 * The model word ID of every token ID of a Hugging Face tokenizer (−1 for a token the model does not
 * have): the words `estimate --tokenizer` made are the tokens' strings, escaped.
 */
export function tokenIdMap(tokenizer: HfTokenizer, lookup: (word: string) => number): Int32Array {
  const map = new Int32Array(tokenizer.vocabularySize).fill(-1);
  for (let id = 0; id < map.length; id++) {
    const token = tokenizer.tokenString(id);
    if (token !== undefined) map[id] = lookup(escapeWord(token));
  }
  return map;
}

function isBlank(text: string): boolean {
  return text.length === 0 || text.trim().length === 0;
}
