import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { Tokenizer as HfTokenizerModel } from "@huggingface/tokenizers";
import { InputError } from "../io/errors.js";
import { escapeWord } from "./escape.js";
import type { Tokenizer } from "./tokenizer.js";

const TOKENIZER_FILE = "tokenizer.json";
const CONFIG_FILE = "tokenizer_config.json";

/**
 * A Hugging Face tokenizer (tokenizer.json) run by the @huggingface/tokenizers package. Its words are its
 * token strings ("Ġthe", "##ing", "▁of"), without special tokens, escaped by `escapeWord` where they hold a
 * space, tab, line break or backslash.
 */
export class HfTokenizer implements Tokenizer {
  constructor(
    readonly description: string,
    private readonly model: HfTokenizerModel,
  ) {}

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
      return new HfTokenizer(file, new HfTokenizerModel(json, config));
    } catch (e) {
      throw new InputError(file, 0, `not a tokenizer the @huggingface/tokenizers package can load: ${(e as Error).message}`);
    }
  }

  words(text: string): string[] {
    const tokens = this.model.tokenize(text, { add_special_tokens: false });
    for (let i = 0; i < tokens.length; i++) tokens[i] = escapeWord(tokens[i]);
    return tokens;
  }

  wordsOfIds(ids: Uint32Array): string[] {
    return Array.from(ids, (id) => {
      const token = this.model.id_to_token(id);
      if (token === undefined) throw new RangeError(`token id ${id} is not in the vocabulary of ${this.description}`);
      return escapeWord(token);
    });
  }
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
