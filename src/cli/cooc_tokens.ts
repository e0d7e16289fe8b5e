import { existsSync } from "node:fs";
import { UsageError } from "./command.js";
import { HfTokenizer } from "../text/hf_tokenizer.js";
import { tokenSpelling } from "../text/token_spelling.js";
import { checkTokenId } from "../cooc/cooc_analysis.js";
import type { CoocModel } from "../cooc/cooc_file.js";

/**
 * Tokens of the cooc query commands: given as ids, or with --text as text that the tokenizer must turn
 * into exactly one token. The tokenizer is --tokenizer, else the one the model was built with when that
 * file is still there; without one, tokens are shown by id. Ids outside the graph are refused.
 */
export class CoocTokens {
  private constructor(
    private readonly model: CoocModel,
    private readonly file: string,
    private readonly tokenizer: HfTokenizer | undefined,
    private readonly asText: boolean,
  ) {}

  static open(model: CoocModel, file: string, tokenizerPath: string | undefined, asText: boolean): CoocTokens {
    const recorded = model.settings.tokenizer;
    const path = tokenizerPath ?? (recorded !== "" && existsSync(recorded) ? recorded : undefined);
    if (asText && path === undefined) {
      const why = recorded === "" ? "was built from token ids" : `names the tokenizer ${recorded}, which does not exist here`;
      throw new Error(`${file} ${why}: --text needs --tokenizer PATH`);
    }
    return new CoocTokens(model, file, path === undefined ? undefined : HfTokenizer.load(path), asText);
  }

  /** The id an argument stands for, checked against the graph's ids. */
  id(arg: string, name: string): number {
    if (!this.asText) {
      if (!/^\d+$/.test(arg)) throw new UsageError(`${name} must be a token id (a non-negative integer), got "${arg}" (use --text for text)`);
      return checkTokenId(this.model.graph, Number(arg), this.file);
    }
    const ids = this.tokenizer!.ids(arg);
    if (ids.length !== 1) throw new Error(`${name} "${arg}" is ${ids.length} tokens for ${this.tokenizer!.description} (${Array.from(ids).join(" ")}), expected exactly one`);
    return checkTokenId(this.model.graph, ids[0], this.file);
  }

  /** How a token is shown: the text its vocabulary string stands for (tokenSpelling), or its id without a tokenizer. */
  text(id: number): string {
    const token = this.tokenizer?.tokenString(id);
    return token === undefined ? String(id) : tokenSpelling(token);
  }
}
