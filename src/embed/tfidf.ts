import { CsrMatrix } from "./csr_matrix.js";
import { Labels } from "./labels.js";
import { TopKHeap } from "./top_k_heap.js";
import type { Neighbors } from "./embedding_store.js";

export interface TfidfOptions {
  /** tf → 1 + ln tf (scikit-learn's sublinear_tf); default raw counts. */
  sublinear?: boolean;
  /** Words left out of the vocabulary. */
  stopWords?: ReadonlySet<string>;
}

/** A document's best terms. */
export interface Keywords {
  terms: string[];
  weights: Float64Array;
}

/**
 * Collects documents as words and builds their TF-IDF vectors exactly as scikit-learn's TfidfVectorizer
 * does by default: tf the raw count (or 1 + ln tf), idf = ln((1 + n)/(1 + df)) + 1 (smooth_idf), each
 * document's vector scaled to unit l2 norm.
 */
export class TfidfBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly termList: string[] = [];
  private readonly df: number[] = [];
  private readonly rowStarts: number[] = [0];
  private readonly columns: number[] = [];
  private readonly counts: number[] = [];
  /** Per document: the number of each term, reused. */
  private readonly docCounts = new Map<number, number>();

  constructor(private readonly options: TfidfOptions = {}) {}

  get documents(): number {
    return this.rowStarts.length - 1;
  }

  addDocument(words: readonly string[]): void {
    const counts = this.docCounts;
    counts.clear();
    for (const w of words) {
      if (this.options.stopWords?.has(w)) continue;
      const id = this.termId(w);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const ids = [...counts.keys()].sort((a, b) => a - b);
    for (const id of ids) {
      this.columns.push(id);
      this.counts.push(counts.get(id)!);
      this.df[id]++;
    }
    this.rowStarts.push(this.columns.length);
  }

  build(): TfidfModel {
    const n = this.documents;
    const idf = Float64Array.from(this.df, (df) => Math.log((1 + n) / (1 + df)) + 1);
    const values = Float64Array.from(this.counts, (tf) => (this.options.sublinear ? 1 + Math.log(tf) : tf));
    const columns = Uint32Array.from(this.columns);
    const rowStarts = Uint32Array.from(this.rowStarts);
    for (let p = 0; p < values.length; p++) values[p] *= idf[columns[p]];
    normalizeRows(rowStarts, values);
    const docs = new CsrMatrix(n, this.termList.length, rowStarts, columns, values);
    return new TfidfModel(Labels.fromStrings(this.termList), Uint32Array.from(this.df), idf, docs);
  }

  private termId(word: string): number {
    let id = this.termIds.get(word);
    if (id === undefined) {
      id = this.termList.length;
      this.termIds.set(word, id);
      this.termList.push(word);
      this.df.push(0);
    }
    return id;
  }
}

function normalizeRows(rowStarts: Uint32Array, values: Float64Array): void {
  for (let r = 0; r + 1 < rowStarts.length; r++) {
    let s = 0;
    for (let p = rowStarts[r]; p < rowStarts[r + 1]; p++) s += values[p] * values[p];
    const f = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let p = rowStarts[r]; p < rowStarts[r + 1]; p++) values[p] *= f;
  }
}

/** Unit TF-IDF vectors of a collection of documents (rows of `documents`, columns are term ids). */
export class TfidfModel {
  /** Term → documents holding it (the transpose of `documents`), built on the first similarity query. */
  private postings: CsrMatrix | undefined;

  constructor(
    readonly terms: Labels,
    readonly documentFrequencies: Uint32Array,
    readonly idf: Float64Array,
    readonly documents: CsrMatrix,
  ) {}

  get documentCount(): number {
    return this.documents.rows;
  }

  /** The k terms of highest weight in document `doc` (ties: the term seen first in the collection). */
  keywords(doc: number, k: number): Keywords {
    const heap = new TopKHeap(k);
    const m = this.documents;
    for (let p = m.rowStarts[doc]; p < m.rowStarts[doc + 1]; p++) heap.offer(m.columns[p], m.values[p]);
    const { ids, scores } = heap.drain();
    return { terms: Array.from(ids, (id) => this.terms.get(id)), weights: scores };
  }

  /** The k documents of highest cosine with document `doc` (itself left out), through the term postings. */
  similar(doc: number, k: number): Neighbors {
    const postings = (this.postings ??= this.documents.transpose());
    const m = this.documents;
    const scores = new Float64Array(m.rows);
    for (let p = m.rowStarts[doc]; p < m.rowStarts[doc + 1]; p++) {
      const t = m.columns[p];
      const w = m.values[p];
      for (let q = postings.rowStarts[t]; q < postings.rowStarts[t + 1]; q++) scores[postings.columns[q]] += w * postings.values[q];
    }
    const heap = new TopKHeap(k);
    for (let d = 0; d < m.rows; d++) if (d !== doc && scores[d] > 0) heap.offer(d, scores[d]);
    return heap.drain();
  }
}
