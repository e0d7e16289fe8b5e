import type { Container, ContainerWriter } from "../container/container.js";
import type { ArpaTables } from "./arpa_tables.js";
import { BackoffModel, buildLogValues } from "./backoff_model.js";
import { LogValues } from "./log_values.js";
import { GRAM_SEQUENCES, codeOf, nameOf, orderOf, type GramSequenceKind, totalBits } from "./sequences.js";
import { MAX_BITS } from "../bits/bit_vector.js";
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
    super(order, vocabulary, probs, backoffs, unkId, unkLog10Prob, { trie: levels.desc });
  }

  get structure(): string {
    return `${this.gramsKind}_trie`;
  }

  get remapping(): number {
    return this.levels.remapping;
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
    const meta = c.meta("trie.meta", 5);
    const order = orderOf(c, "trie.meta", meta[0]);
    const remapping = c.whole("trie.meta", "the remapping order", meta[1], 0, 2);
    const gramsKind = nameOf(c, "trie.meta", GRAM_SEQUENCES, meta[2], "gram sequence");
    const vocabulary = Vocabulary.read(c, "vocabulary");
    const { probs, backoffs, sizes } = readLogValues(c, order, vocabulary.size);
    const levels = TrieLevels.read(c, sizes, remapping, gramsKind, vocabulary.size);
    const unk = readUnknownWord(c, "trie.meta", meta[3], meta[4], vocabulary.size);
    return new ProbTrie(order, vocabulary, levels, probs, backoffs, unk.id, unk.log10Prob, gramsKind);
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

/**
 * The probabilities and backoffs of every order, refused unless each order has as many backoffs as
 * probabilities (none at the highest order) and the unigrams are the vocabulary's words. `sizes`: the
 * n-grams of each order.
 */
export function readLogValues(c: Container, order: number, words: number): { probs: LogValues[]; backoffs: LogValues[]; sizes: number[] } {
  const probs: LogValues[] = [];
  const backoffs: LogValues[] = [];
  for (let k = 1; k <= order; k++) {
    const size = c.whole(`level${k}.probs.index.meta`, "the number of n-grams", c.meta(`level${k}.probs.index.meta`, 2)[0], 0, MAX_BITS);
    if (k === 1 && size !== words) c.fail("level1.probs.index.meta", `holds ${size} unigrams for ${words} words`);
    probs.push(LogValues.read(c, `level${k}.probs`, size, 0));
    backoffs.push(LogValues.read(c, `level${k}.backoffs`, k < order ? size : 0));
  }
  return { probs, backoffs, sizes: probs.map((p) => p.length) };
}

/** The ID of `<unk>` (−1: none) and the log10 probability of OOV words, refused unless they make sense. */
export function readUnknownWord(c: Container, name: string, id: number, log10Prob: number, words: number): { id: number; log10Prob: number } {
  c.whole(name, "the ID of <unk>", id, -1, words - 1);
  if (!(Number.isFinite(log10Prob) && log10Prob <= 0)) c.fail(name, `the log10 probability of OOV words is ${log10Prob}, expected a finite number up to 0`);
  return { id, log10Prob };
}
