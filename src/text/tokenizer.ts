import { HfTokenizer } from "./hf_tokenizer.js";
import { whitespaceWords } from "./whitespace.js";
import { normalizer, type Normalization } from "./normalize.js";

/** Turns a text into the words of an n-gram model. */
export interface Tokenizer {
  /** What the tokenizer is, for messages ("whitespace", or the tokenizer file). */
  readonly description: string;
  /** The words of a text, in order; never an empty word, and none containing a space, tab or line break. */
  words(text: string): string[];
  /**
   * The words of a pre-tokenized document (a JSONL line `{"ids": [...]}`). Throws RangeError for an id the
   * tokenizer does not know.
   */
  wordsOfIds(ids: Uint32Array): string[];
}

/** The tokenizer name that means splitting at whitespace; anything else is a tokenizer.json path. */
export const WHITESPACE = "whitespace";
/**
 * Splits at runs of whitespace as JavaScript's `\s` defines it: space, tab, CR, LF and the other Unicode
 * spaces and line separators. Pre-tokenized ids become their decimal numbers.
 */
export class WhitespaceTokenizer implements Tokenizer {
  readonly description = WHITESPACE;

  words(text: string): string[] {
    return whitespaceWords(text);
  }

  wordsOfIds(ids: Uint32Array): string[] {
    return Array.from(ids, String);
  }
}

/**
 * "whitespace" (the default), or the path of a Hugging Face tokenizer.json or of a folder holding one (with
 * an optional tokenizer_config.json); a file that happens to be named "whitespace" is reached as
 * "./whitespace". Nothing is fetched from the network.
 */
export function loadTokenizer(spec: string = WHITESPACE): Tokenizer {
  return spec === WHITESPACE ? new WhitespaceTokenizer() : HfTokenizer.load(spec);
}

/**
 * `tokenizer` after a normalization of the text (CCNet's): what count and estimate split into words, so
 * that a model scores text normalized the same way. Pre-tokenized ids are left as they are.
 */
export function normalizedTokenizer(tokenizer: Tokenizer, kind: Normalization): Tokenizer {
  if (kind === "none") return tokenizer;
  const normalize = normalizer(kind);
  return {
    description: `${tokenizer.description} after ${kind} normalization`,
    words: (text) => tokenizer.words(normalize(text)),
    wordsOfIds: (ids) => tokenizer.wordsOfIds(ids),
  };
}
