import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { Tokenizer as HfTokenizerModel } from "@huggingface/tokenizers";
import { InputError } from "../io/errors.js";
import { escapeWord } from "./escape.js";
import type { Tokenizer } from "./tokenizer.js";
import { PieceCacheEncoder } from "./piece_cache_encoder.js";

const TOKENIZER_FILE = "tokenizer.json";
const CONFIG_FILE = "tokenizer_config.json";

/**
 * A Hugging Face tokenizer (tokenizer.json) run by the @huggingface/tokenizers package. Its words are its
 * token strings ("Ġthe", "##ing", "▁of"), without special tokens, escaped by `escapeWord` where they hold a
 * space, tab, line break or backslash.
 */
export class HfTokenizer implements Tokenizer {
  private readonly encoder: PieceCacheEncoder;
  private size: number | undefined;

  constructor(
    readonly description: string,
    private readonly model: HfTokenizerModel,
    /** The tokenizer.json's added tokens (special tokens and the like): content and id. */
    addedTokens: readonly { content: string; id: number }[] = [],
  ) {
    this.encoder = new PieceCacheEncoder(model, addedTokens.map((t) => t.content), new Map(addedTokens.map((t) => [t.content, t.id])));
  }

  /**
   * Loads `path`: a tokenizer.json file, or a folder holding one. tokenizer_config.json is read from the same
   * folder when it is there; without it the package's defaults apply.
   */
  static load(path: string): HfTokenizer {
    const file = isFolder(path) ? join(path, TOKENIZER_FILE) : path;
    const configFile = join(dirname(file), CONFIG_FILE);
    const json = readJson(file);
    const config = existsSync(configFile) ? readJson(configFile) : {};
    try {
      return new HfTokenizer(file, new HfTokenizerModel(json, config), addedTokensOf(json));
    } catch (e) {
      throw new InputError(file, 0, `not a tokenizer the @huggingface/tokenizers package can load: ${(e as Error).message}`);
    }
  }

  words(text: string): string[] {
    const tokens = this.model.tokenize(text, { add_special_tokens: false });
    for (let i = 0; i < tokens.length; i++) tokens[i] = escapeWord(tokens[i]);
    return tokens;
  }

  /**
   * Token ids of a text, without special tokens: exactly the ids of the library's encode(), computed
   * faster (see PieceCacheEncoder).
   */
  ids(text: string): Uint32Array {
    return this.encoder.encode(text);
  }

  /** The library's own encode() ids (for comparison and benchmarks; `ids` gives the same, faster). */
  libraryIds(text: string): number[] {
    return this.encoder.libraryIds(text);
  }

  /** One more than the largest token id (added tokens included). */
  get vocabularySize(): number {
    if (this.size === undefined) {
      let largest = -1;
      for (const id of this.model.get_vocab(true).values()) largest = Math.max(largest, id);
      this.size = largest + 1;
    }
    return this.size;
  }

  /** The text a token id stands for (decoded: " the", not "Ġthe"), or undefined for an unknown id. */
  tokenText(id: number): string | undefined {
    if (this.model.id_to_token(id) === undefined) return undefined;
    return this.model.decode([id], { clean_up_tokenization_spaces: false });
  }

  /** The vocabulary's string for a token id ("Ġthe"), not escaped, or undefined for an unknown id. */
  tokenString(id: number): string | undefined {
    return this.model.id_to_token(id) ?? undefined;
  }

  /** The text of a run of token ids (as the library decodes it, without cleaning up spaces). */
  decode(ids: ArrayLike<number>): string {
    return this.model.decode(Array.from(ids), { clean_up_tokenization_spaces: false });
  }

  wordsOfIds(ids: Uint32Array): string[] {
    return Array.from(ids, (id) => {
      const token = this.model.id_to_token(id);
      if (token === undefined) throw new RangeError(`token id ${id} is not in the vocabulary of ${this.description}`);
      return escapeWord(token);
    });
  }
}

function addedTokensOf(json: object): { content: string; id: number }[] {
  const added = (json as { added_tokens?: unknown }).added_tokens;
  if (!Array.isArray(added)) return [];
  return added.filter((t): t is { content: string; id: number } => typeof t?.content === "string" && typeof t?.id === "number" && t.content.length > 0);
}

function isFolder(path: string): boolean {
  if (!existsSync(path)) throw new InputError(path, 0, `no such tokenizer file or folder (expected "whitespace" or a ${TOKENIZER_FILE})`);
  return statSync(path).isDirectory();
}

function readJson(file: string): object {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(file, 0, `cannot read: ${(e as Error).message}`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not a JSON object");
    return value;
  } catch (e) {
    throw new InputError(file, 0, `expected a JSON object: ${(e as Error).message}`);
  }
}
