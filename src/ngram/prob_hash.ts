import type { Container, ContainerWriter } from "../container/container.js";
import { totalBits } from "./sequences.js";
import { hashState, hashTuple } from "../hash/hash64.js";
import { MinimalPerfectHash } from "../hash/mphf.js";
import type { ArpaTables } from "./arpa_tables.js";
import { BackoffModel, buildLogValues } from "./backoff_model.js";
import { fingerprintBytesOf, hashedLevelDescriptor, hashRows, LineNumbers, readFingerprints, readHashTable } from "./hashed_rows.js";
import type { Heap } from "../bits/heap.js";
import type { LogValues } from "./log_values.js";
import { vocabularyOf, readLogValues, readUnknownWord, writeLogValues, type ProbModelOptions } from "./prob_trie.js";
import { orderOf } from "./sequences.js";
import { Vocabulary } from "./vocabulary.js";

export const PROB_HASH_KIND = "hash/prob_backoff";

/**
 * One order (2 and up) of a hashed probability model: a minimal perfect hash sends the n-gram's reversed
 * ID tuple to a slot, where a 4- or 8-byte fingerprint tells whether the slot holds that n-gram.
 */
export class ProbHashLevel {
  /** per slot: the high hash half (4 bytes), or the low and high halves (8 bytes) */
  readonly fingerprints: Uint32Array;
  /** Address of the descriptor the kernels read (layout.ts HL_*). */
  readonly desc: number;
  readonly heap: Heap;

  constructor(
    readonly mphf: MinimalPerfectHash,
    fingerprints: Uint32Array,
    readonly length: number,
  ) {
    this.heap = mphf.heap;
    this.fingerprints = this.heap.place(fingerprints);
    this.desc = hashedLevelDescriptor(this, mphf, this.fingerprints, length, 0);
  }

  /** Slot of the n-gram whose hash halves are (lo, hi), or −1 when the fingerprint says it is absent. */
  find(lo: number, hi: number): number {
    return this.heap.kernels.hashedFind(this.desc, lo, hi);
  }

  sizeInBits(): number {
    return this.mphf.sizeInBits() + this.fingerprints.length * 32;
  }

  write(out: ContainerWriter, name: string): void {
    this.mphf.write(out, `${name}.mphf`);
    out.add(`${name}.fingerprints`, this.fingerprints);
  }

  /** Refused unless the perfect hash and the fingerprints have one entry per n-gram. */
  static read(c: Container, name: string, length: number, fingerprintBytes: 4 | 8): ProbHashLevel {
    return new ProbHashLevel(readHashTable(c, name, length), readFingerprints(c, name, length, fingerprintBytes), length);
  }
}

/**
 * A back-off language model in hash tables (Tongrams' build_hash with prob_backoff values): unigrams by
 * word ID, each higher order one ProbHashLevel; values stored by slot. Faster than a trie, larger. An
 * n-gram is keyed by its word IDs (the scorer needs the IDs anyway, for OOVs and its state), read right
 * to left as in the tries; an absent n-gram passes the fingerprint check with probability 2^-32 or 2^-64.
 */
export class ProbHash extends BackoffModel {
  readonly structure = "hash";
  readonly remapping = 0;

  constructor(
    order: number,
    readonly fingerprintBytes: 4 | 8,
    vocabulary: Vocabulary,
    /** levels[k − 2] holds order k */
    readonly levels: ProbHashLevel[],
    probs: LogValues[],
    backoffs: LogValues[],
    unkId: number,
    unkLog10Prob: number,
  ) {
    super(order, vocabulary, probs, backoffs, unkId, unkLog10Prob, { hashed: levels.map((l) => l.desc) });
  }

  components(): Record<string, number> {
    return {
      vocabulary: this.vocabulary.sizeInBits(),
      hash_functions: this.levels.reduce((s, l) => s + l.mphf.sizeInBits(), 0),
      fingerprints: this.levels.reduce((s, l) => s + l.fingerprints.length * 32, 0),
      probs: totalBits(this.probs),
      backoffs: totalBits(this.backoffs),
    };
  }

  write(out: ContainerWriter): void {
    out.addScalars("hash.meta", [this.order, this.fingerprintBytes, this.unkId, this.unkLog10Prob]);
    this.vocabulary.write(out, "vocabulary");
    this.levels.forEach((l, i) => l.write(out, `level${i + 2}`));
    writeLogValues(out, this.probs, this.backoffs);
  }

  static read(c: Container): ProbHash {
    const meta = c.meta("hash.meta", 4);
    const order = orderOf(c, "hash.meta", meta[0]);
    const fingerprintBytes = fingerprintBytesOf(c, "hash.meta", meta[1]);
    const vocabulary = Vocabulary.read(c, "vocabulary");
    const { probs, backoffs, sizes } = readLogValues(c, order, vocabulary.size);
    const levels = sizes.slice(1).map((n, i) => ProbHashLevel.read(c, `level${i + 2}`, n, fingerprintBytes));
    const unk = readUnknownWord(c, "hash.meta", meta[2], meta[3], vocabulary.size);
    return new ProbHash(order, fingerprintBytes, vocabulary, levels, probs, backoffs, unk.id, unk.log10Prob);
  }

  /** Builds the hash tables of an ARPA model. */
  static build(model: ArpaTables, fingerprintBytes: 4 | 8, options: ProbModelOptions = {}): ProbHash {
    if (fingerprintBytes !== 4 && fingerprintBytes !== 8) throw new RangeError(`fingerprints must be 4 or 8 bytes, got ${fingerprintBytes}`);
    const levels: ProbHashLevel[] = [];
    const logProbs = [model.orders[0].logProbs];
    const backoffs = [model.orders[0].backoffs];
    for (let k = 2; k <= model.order; k++) {
      const { level, slotOf } = hashLevel(model, k, fingerprintBytes);
      levels.push(level);
      const o = model.orders[k - 1];
      logProbs.push(bySlot(o.logProbs, slotOf));
      backoffs.push(bySlot(o.backoffs, slotOf));
    }
    const { vocabulary, unkId, unkLog10Prob } = vocabularyOf(model, options);
    const values = buildLogValues(logProbs, backoffs, options);
    return new ProbHash(model.order, fingerprintBytes, vocabulary, levels, values.probs, values.backoffs, unkId, unkLog10Prob);
  }
}

function hashLevel(model: ArpaTables, k: number, fingerprintBytes: 4 | 8): { level: ProbHashLevel; slotOf: Uint32Array } {
  const o = model.orders[k - 1];
  const n = o.logProbs.length;
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    lo[i] = hashTuple(o.ids, i * k, k);
    hi[i] = hashState.hashHigh;
  }
  const { mphf, fingerprints, slotOf } = hashRows(lo, hi, LineNumbers.from(o.lines), model.source, fingerprintBytes);
  return { level: new ProbHashLevel(mphf, fingerprints, n), slotOf };
}

function bySlot(values: Float32Array, slotOf: Uint32Array): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[slotOf[i]] = values[i];
  return out;
}
