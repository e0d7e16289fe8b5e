import { existsSync } from "node:fs";
import { UsageError } from "./command.js";
import { HfTokenizer } from "../text/hf_tokenizer.js";
import type { CoocModel } from "../cooc/cooc_file.js";

/**
 * Tokens of the cooc query commands: given as ids, or with --text as text that the tokenizer must turn
 * into exactly one token. The tokenizer is --tokenizer, else the one the model was built with when that
 * file is still there; without one, tokens are shown by id.
 */
export class CoocTokens {
  private constructor(
    private readonly tokenizer: HfTokenizer | undefined,
    private readonly asText: boolean,
  ) {}

  static open(model: CoocModel, tokenizerPath: string | undefined, asText: boolean): CoocTokens {
    const path = tokenizerPath ?? (existsSync(model.settings.tokenizer) ? model.settings.tokenizer : undefined);
    if (asText && path === undefined) throw new UsageError("--text needs a tokenizer (--tokenizer PATH): the model does not name one that exists");
    return new CoocTokens(path === undefined ? undefined : HfTokenizer.load(path), asText);
  }

  /** The id an argument stands for. */
  id(arg: string, name: string): number {
    if (!this.asText) {
      if (!/^\d+$/.test(arg)) throw new UsageError(`${name} must be a token id (a non-negative integer), got "${arg}" (use --text for text)`);
      return Number(arg);
    }
    const ids = this.tokenizer!.ids(arg);
    if (ids.length !== 1) throw new UsageError(`${name} "${arg}" is ${ids.length} tokens (${Array.from(ids).join(" ")}), expected exactly one`);
    return ids[0];
  }

  /** How a token is shown: its decoded text, or its id without a tokenizer. */
  text(id: number): string {
    return this.tokenizer?.tokenText(id) ?? String(id);
  }
}
