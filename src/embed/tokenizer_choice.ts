import { loadTokenizer, type Tokenizer } from "../text/tokenizer.js";
import { WORDS, WordsTokenizer } from "./words_tokenizer.js";

/**
 * "words" (scikit-learn's pattern, the default of the embedding and TF-IDF tools), "whitespace", or a
 * tokenizer.json path. Node-only, as tokenizer.json files are read from disk.
 */
export function loadWordsOrTokenizer(spec: string = WORDS): Tokenizer {
  return spec === WORDS ? new WordsTokenizer() : loadTokenizer(spec);
}
