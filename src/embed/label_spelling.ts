import { tokenSpelling } from "../text/token_spelling.js";
import type { EmbeddingStore } from "./embedding_store.js";

/**
 * Finding a store's vectors by what a user types. Labels of a store trained on tokenizer output are token
 * strings ("Ġchurch"); a user types the word ("church"). A query names the first vector found by:
 *
 *   1. "#N": vector N;
 *   2. the label spelled " QUERY" (tokenSpelling: "Ġchurch" and "▁church" are spelled " church"), the
 *      token of the word after a space, which is how a word mostly occurs, when QUERY does not start
 *      with a space;
 *   3. the label QUERY exactly as stored ("Ġchurch", "##ing", "church" of a word store);
 *   4. the label spelled QUERY (" church" finds "Ġchurch", "church" a token "church" of a BPE store).
 *
 * Among equal labels or spellings the first vector is taken. The spellings are worked out once, on the
 * first query that needs them.
 */
export class SpelledLabels {
  private bySpelling: Map<string, number> | undefined;

  constructor(private readonly store: EmbeddingStore) {}

  /** The text label i stands for. */
  text(i: number): string {
    return tokenSpelling(this.store.label(i));
  }

  /** The vector a query names (rules above), or −1. For "#N" beyond the store, also −1. */
  find(query: string): number {
    const byNumber = /^#(\d+)$/.exec(query);
    if (byNumber) {
      const id = Number(byNumber[1]);
      return id < this.store.count ? id : -1;
    }
    if (!query.startsWith(" ")) {
      const word = this.spelled(` ${query}`);
      if (word >= 0) return word;
    }
    const exact = this.store.idOf(query);
    return exact >= 0 ? exact : this.spelled(query);
  }

  private spelled(text: string): number {
    if (this.bySpelling === undefined) {
      this.bySpelling = new Map();
      for (let i = this.store.count - 1; i >= 0; i--) this.bySpelling.set(this.text(i), i);
    }
    return this.bySpelling.get(text) ?? -1;
  }
}
