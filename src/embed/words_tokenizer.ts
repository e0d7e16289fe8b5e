import type { Tokenizer } from "../text/tokenizer.js";

/** The tokenizer name that selects scikit-learn's default word pattern. */
export const WORDS = "words";
/**
 * scikit-learn's default token_pattern (?u)\b\w\w+\b on lowercased text: maximal runs of at least two
 * word characters. Python's \w is a letter, a digit (any Unicode number) or "_", spelled out here because
 * JavaScript's \w is ASCII only.
 */
const WORD_RUN = /[\p{L}\p{N}_]{2,}/gu;

/** Words as scikit-learn's TfidfVectorizer finds them by default, so TF-IDF figures are comparable. */
export class WordsTokenizer implements Tokenizer {
  readonly description = WORDS;

  words(text: string): string[] {
    return text.toLowerCase().match(WORD_RUN) ?? [];
  }

  wordsOfIds(ids: Uint32Array): string[] {
    return Array.from(ids, String);
  }
}

