import type { ArpaEntry, ArpaHeader } from "../io/arpa.js";
import { InputError, quote } from "../io/errors.js";

/** The n-grams of one order of an ARPA model, reversed (last word first) and in suffix order. */
export interface ArpaOrder {
  /** ids[i·k .. i·k + k): the word IDs of n-gram i read right to left. */
  ids: Uint32Array;
  logProbs: Float32Array;
  /** 0 where the file has no backoff column. */
  backoffs: Float32Array;
  /** The line of each n-gram in the file, for error messages. */
  lines: Uint32Array;
}

/**
 * An ARPA model held in memory as typed arrays, ready for the builders of the probability models. Word IDs
 * follow the order of the unigram section; every higher order is sorted by its reversed ID tuples (the
 * order lmplz writes; other files are sorted here), the order a backward trie is built in. Every n-gram's
 * suffix (its last n − 1 words) is an (n − 1)-gram of the model: a backward trie hangs the n-gram under
 * it, and the scorer of any structure reaches the n-gram only through it. Files are read by
 * `readArpaTables` (Node).
 */
export class ArpaTables {
  constructor(
    readonly source: string,
    readonly words: string[],
    /** orders[k − 1] holds the k-grams. */
    readonly orders: ArpaOrder[],
  ) {}

  get order(): number {
    return this.orders.length;
  }

  /** From entries in memory (as estimateFromSentences returns them), entries[k − 1] being the k-grams. */
  static fromEntries(entries: readonly (readonly ArpaEntry[])[], source = "model"): ArpaTables {
    const collector = new ArpaTablesBuilder(source);
    collector.begin({ counts: entries.map((e) => e.length) });
    for (const order of entries) for (const e of order) collector.add(e);
    return collector.finish();
  }
}

/** Collects the entries of an ARPA model (from `readArpa` or from memory) into ArpaTables. */
export class ArpaTablesBuilder {
  private readonly idOf = new Map<string, number>();
  private readonly words: string[] = [];
  private orders: ArpaOrder[] = [];
  private filled: number[] = [];

  constructor(private readonly source: string) {}

  begin(header: ArpaHeader): void {
    try {
      this.orders = header.counts.map((n, i) => ({
        ids: new Uint32Array(n * (i + 1)),
        logProbs: new Float32Array(n),
        backoffs: new Float32Array(n),
        lines: new Uint32Array(n),
      }));
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      const counts = header.counts.map((n, i) => `ngram ${i + 1}=${n}`).join(", ");
      throw new InputError(this.source, 0, `the header announces more n-grams (${counts}) than fit in memory`);
    }
    this.filled = header.counts.map(() => 0);
  }

  add(entry: ArpaEntry): void {
    const k = entry.order;
    const o = this.orders[k - 1];
    const i = this.filled[k - 1]++;
    if (i >= o.logProbs.length) throw new InputError(this.source, entry.lineNumber, `more ${k}-grams than the header announces`);
    if (k === 1) this.addWord(entry);
    const words = k === 1 ? [entry.words] : entry.words.split(" ");
    for (let j = 0; j < k; j++) {
      const id = this.idOf.get(words[k - 1 - j]);
      if (id === undefined) throw new InputError(this.source, entry.lineNumber, `the word ${quote(words[k - 1 - j])} is not in the \\1-grams: section`);
      o.ids[i * k + j] = id;
    }
    o.logProbs[i] = entry.logProb;
    o.backoffs[i] = entry.backoff ?? 0;
    o.lines[i] = entry.lineNumber;
  }

  private addWord(entry: ArpaEntry): void {
    if (this.idOf.has(entry.words)) throw new InputError(this.source, entry.lineNumber, `the unigram ${quote(entry.words)} is listed twice`);
    this.idOf.set(entry.words, this.words.length);
    this.words.push(entry.words);
  }

  finish(): ArpaTables {
    this.orders.forEach((o, i) => {
      if (this.filled[i] !== o.logProbs.length) throw new InputError(this.source, 0, `${o.logProbs.length} ${i + 1}-grams announced, ${this.filled[i]} found`);
    });
    const orders = this.orders.map((o, i) => inSuffixOrder(o, i + 1));
    for (let k = 2; k <= orders.length; k++) this.checkSuffixes(orders[k - 1], orders[k - 2], k);
    return new ArpaTables(this.source, this.words, orders);
  }

  /**
   * Refuses a k-gram whose suffix is not among the (k − 1)-grams. Both orders are sorted by reversed ID
   * tuples, and the suffix of a k-gram is the first k − 1 IDs of its reversed tuple: one merge finds them.
   */
  private checkSuffixes(grams: ArpaOrder, shorter: ArpaOrder, k: number): void {
    const n = grams.logProbs.length;
    const m = shorter.logProbs.length;
    for (let i = 0, j = 0; i < n; i++) {
      while (j < m && compareTuples(shorter.ids, j * (k - 1), grams.ids, i * k, k - 1) < 0) j++;
      if (j === m || compareTuples(shorter.ids, j * (k - 1), grams.ids, i * k, k - 1) !== 0) {
        const words = Array.from(grams.ids.subarray(i * k, i * k + k), (id) => this.words[id]).reverse();
        throw new InputError(
          this.source,
          grams.lines[i],
          `the ${k}-gram ${quote(words.join(" "))} has no ${k - 1}-gram for its last ${k - 1} word(s) ${quote(words.slice(1).join(" "))}, which a back-off model needs`,
        );
      }
    }
  }
}

/** Compares the tuples a[at …] and b[bt …] of `length` IDs. */
function compareTuples(a: Uint32Array, at: number, b: Uint32Array, bt: number, length: number): number {
  for (let j = 0; j < length; j++) {
    const d = a[at + j] - b[bt + j];
    if (d !== 0) return d;
  }
  return 0;
}

/** The order sorted by reversed ID tuples; returned as it is when it already is (lmplz's files). */
function inSuffixOrder(o: ArpaOrder, k: number): ArpaOrder {
  const n = o.logProbs.length;
  const compare = (a: number, b: number): number => {
    for (let j = 0; j < k; j++) {
      const d = o.ids[a * k + j] - o.ids[b * k + j];
      if (d !== 0) return d;
    }
    return 0;
  };
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = compare(i - 1, i) < 0;
  if (sorted) return o;
  const permutation = Array.from({ length: n }, (_, i) => i).sort(compare);
  const out: ArpaOrder = { ids: new Uint32Array(n * k), logProbs: new Float32Array(n), backoffs: new Float32Array(n), lines: new Uint32Array(n) };
  permutation.forEach((from, to) => {
    out.ids.set(o.ids.subarray(from * k, from * k + k), to * k);
    out.logProbs[to] = o.logProbs[from];
    out.backoffs[to] = o.backoffs[from];
    out.lines[to] = o.lines[from];
  });
  return out;
}
