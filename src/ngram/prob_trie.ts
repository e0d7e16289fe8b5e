import type { Container, ContainerWriter } from "../container/container.js";
import type { ArpaTables } from "./arpa_tables.js";
import { BackoffModel, buildLogValues } from "./backoff_model.js";
import { LogValues } from "./log_values.js";
import { GRAM_SEQUENCES, codeOf, nameOf, type GramSequenceKind, totalBits } from "./sequences.js";
import { TrieLevels, TrieLevelsBuilder } from "./trie_levels.js";
import { Vocabulary } from "./vocabulary.js";

export const PROB_TRIE_KINDS = { ef: "ef_trie/prob_backoff", pef: "pef_trie/prob_backoff" } as const;

/** How the values of a probability model are stored. */
export interface ProbModelOptions {
  /** Bits per quantized probability, 1..16, or 0 for exact float32 values (default 8, as Tongrams). */
  probBits?: number;
  /** Bits per quantized backoff, 1..16 (0 is always exact), or 0 for exact values (default 8). */
  backoffBits?: number;
  /** log10 probability of an OOV word instead of the model's p(<unk>) (Tongrams' --u). */
  unkLog10Prob?: number;
}

export interface ProbTrieOptions extends ProbModelOptions {
  grams?: GramSequenceKind;
  remapping?: number;
}

/**
 * A back-off language model in a backward trie (Tongrams' ef_trie / pef_trie with prob_backoff values):
 * level k holds the k-grams reversed, last word first, so that walking a word and then its context from
 * the most recent word back reaches, in one walk, the longest stored n-gram ending in the word and every
 * context the word starts. Per level, the n-grams' log10 probabilities and backoffs (LogValues).
 */
export class ProbTrie extends BackoffModel {
  constructor(
    order: number,
    vocabulary: Vocabulary,
    readonly levels: TrieLevels,
    probs: LogValues[],
    backoffs: LogValues[],
    unkId: number,
    unkLog10Prob: number,
    readonly gramsKind: GramSequenceKind,
  ) {
    super(order, vocabulary, probs, backoffs, unkId, unkLog10Prob);
  }

  get structure(): string {
    return `${this.gramsKind}_trie`;
  }

  get remapping(): number {
    return this.levels.remapping;
  }

  protected extend(ids: Uint32Array, k: number, previous: number): number {
    const id = this.levels.storedId(ids, k);
    return id < 0 ? -1 : this.levels.child(k + 1, previous, id);
  }

  components(): Record<string, number> {
    return {
      vocabulary: this.vocabulary.sizeInBits(),
      grams: totalBits(this.levels.grams),
      pointers: totalBits(this.levels.pointers),
      probs: totalBits(this.probs),
      backoffs: totalBits(this.backoffs),
    };
  }

  write(out: ContainerWriter): void {
    out.addScalars("trie.meta", [this.order, this.remapping, codeOf(GRAM_SEQUENCES, this.gramsKind, "gram sequence"), this.unkId, this.unkLog10Prob]);
    this.vocabulary.write(out, "vocabulary");
    this.levels.write(out);
    writeLogValues(out, this.probs, this.backoffs);
  }

  static read(c: Container): ProbTrie {
    const [order, remapping, gramsCode, unkId, unkLog10Prob] = c.scalars("trie.meta");
    const gramsKind = nameOf(GRAM_SEQUENCES, gramsCode);
    const { probs, backoffs } = readLogValues(c, order);
    return new ProbTrie(order, Vocabulary.read(c, "vocabulary"), TrieLevels.read(c, order, remapping, gramsKind), probs, backoffs, unkId, unkLog10Prob, gramsKind);
  }

  /** Builds the trie of an ARPA model. */
  static build(model: ArpaTables, options: ProbTrieOptions = {}): ProbTrie {
    const gramsKind = options.grams ?? "ef";
    const remapping = options.remapping ?? 0;
    if (![0, 1, 2].includes(remapping)) throw new RangeError(`remapping order must be 0, 1 or 2, got ${remapping}`);
    const trie = new TrieLevelsBuilder(gramsKind, remapping, "suffix");
    for (let k = 2; k <= model.order; k++) {
      const o = model.orders[k - 1];
      const tuple = new Uint32Array(k);
      trie.beginLevel(k, o.logProbs.length, model.orders[k - 2].logProbs.length, model.source);
      for (let i = 0; i < o.logProbs.length; i++) {
        for (let j = 0; j < k; j++) tuple[j] = o.ids[i * k + j];
        trie.add(tuple, o.lines[i]);
      }
      trie.endLevel();
    }
    const { vocabulary, unkId, unkLog10Prob } = vocabularyOf(model, options);
    const { probs, backoffs } = buildLogValues(
      model.orders.map((o) => o.logProbs),
      model.orders.map((o) => o.backoffs),
      options,
    );
    return new ProbTrie(model.order, vocabulary, trie.levels, probs, backoffs, unkId, unkLog10Prob, gramsKind);
  }
}

/** The vocabulary of a model, the ID of <unk> and the log10 probability OOV words get. */
export function vocabularyOf(model: ArpaTables, options: ProbModelOptions): { vocabulary: Vocabulary; unkId: number; unkLog10Prob: number } {
  const vocabulary = Vocabulary.build(model.words, model.source);
  const unkId = vocabulary.lookup("<unk>");
  if (unkId < 0 && options.unkLog10Prob === undefined) {
    throw new RangeError(`${model.source}: the model has no <unk> unigram; give the log10 probability of OOV words (--u)`);
  }
  return { vocabulary, unkId, unkLog10Prob: options.unkLog10Prob ?? model.orders[0].logProbs[unkId] };
}

export function writeLogValues(out: ContainerWriter, probs: LogValues[], backoffs: LogValues[]): void {
  probs.forEach((p, i) => p.write(out, `level${i + 1}.probs`));
  backoffs.forEach((b, i) => b.write(out, `level${i + 1}.backoffs`));
}

export function readLogValues(c: Container, order: number): { probs: LogValues[]; backoffs: LogValues[] } {
  const levels = Array.from({ length: order }, (_, i) => i + 1);
  return {
    probs: levels.map((k) => LogValues.read(c, `level${k}.probs`)),
    backoffs: levels.map((k) => LogValues.read(c, `level${k}.backoffs`)),
  };
}
