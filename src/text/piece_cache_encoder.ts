import type { Tokenizer as HfTokenizerModel } from "@huggingface/tokenizers";

/** Pieces whose ids are remembered; past this the cache starts over (natural text repeats most pieces early). */
const MAX_CACHED_PIECES = 1 << 19;

/** A pre-tokenizer step as @huggingface/tokenizers runs it: one text (or each of several) into pieces. */
interface PreTokenizerStep {
  pre_tokenize_text(text: string, options?: object): string[];
  pre_tokenize(text: string | string[], options?: object): string[];
}

/** The parts of the library's tokenizer that its encode() runs; `tokenizers` is set on a Sequence. */
interface Pipeline {
  normalizer: ((text: string) => string) | null;
  pre_tokenizer: (PreTokenizerStep & { tokenizers?: (PreTokenizerStep | null)[] }) | null;
  model: ((pieces: string[]) => string[]) & { tokens_to_ids: Map<string, number>; unk_token_id?: number };
  remove_space?: boolean;
  do_lowercase_and_remove_accent?: boolean;
}

/** What encode() passes to pre-tokenizers for the first (here the only) section of a text. */
const SECTION_OPTIONS = { section_index: 0 };

/**
 * Token ids of a text, identical to the library's `encode(text, { add_special_tokens: false }).ids`, several
 * times faster. The library normalizes the text, splits it into pieces (the first pre-tokenizer step, a
 * regex split in GPT-2-style tokenizers), maps each piece through the remaining per-piece steps (byte-level
 * mapping) and the model (BPE). Every step after the split depends on the piece alone, and natural text
 * repeats its pieces (" the", ","), so the ids of each piece are cached: most pieces cost one Map lookup.
 *
 * Texts holding an added token (special tokens such as "<|endoftext|>"), and tokenizers whose config
 * rewrites spaces or case before normalizing, go through the library's own encode unchanged.
 */
export class PieceCacheEncoder {
  private readonly pipeline: Pipeline;
  private readonly split: PreTokenizerStep | null;
  private readonly perPiece: (PreTokenizerStep | null)[];
  private readonly fastPath: boolean;
  private readonly cache = new Map<string, Uint32Array>();
  private ids = new Uint32Array(1 << 12);

  constructor(
    private readonly model: HfTokenizerModel,
    /** The contents of the tokenizer's added tokens, matched literally. */
    private readonly addedTokens: readonly string[],
    /** Id of each added token's content. */
    private readonly addedIds: ReadonlyMap<string, number>,
  ) {
    this.pipeline = model as unknown as Pipeline;
    const pre = this.pipeline.pre_tokenizer;
    const steps = pre === null ? [] : (pre.tokenizers ?? [pre]);
    this.split = steps[0] ?? null;
    this.perPiece = steps.slice(1);
    this.fastPath = this.pipeline.remove_space !== true && this.pipeline.do_lowercase_and_remove_accent !== true;
  }

  /** The library's own ids, as its encode gives them. */
  libraryIds(text: string): number[] {
    return this.model.encode(text, { add_special_tokens: false }).ids;
  }

  /** The ids of a text, in a new array. */
  encode(text: string): Uint32Array {
    if (!this.fastPath || this.holdsAddedToken(text)) return Uint32Array.from(this.libraryIds(text));
    const normalized = this.pipeline.normalizer === null ? text : this.pipeline.normalizer(text);
    if (normalized.length === 0) return new Uint32Array(0);
    if (normalized !== text && this.holdsAddedToken(normalized)) return Uint32Array.from(this.libraryIds(text));
    const pieces = this.split === null ? [normalized] : this.split.pre_tokenize_text(normalized, SECTION_OPTIONS);
    let n = 0;
    for (let i = 0; i < pieces.length; i++) {
      const piece = this.cache.get(pieces[i]) ?? this.encodePiece(pieces[i]);
      if (n + piece.length > this.ids.length) this.grow(n + piece.length);
      this.ids.set(piece, n);
      n += piece.length;
    }
    return this.ids.slice(0, n);
  }

  /** Runs the per-piece steps and the model on one piece, and caches its ids. */
  private encodePiece(piece: string): Uint32Array {
    let parts = [piece];
    for (const step of this.perPiece) if (step !== null) parts = step.pre_tokenize(parts, SECTION_OPTIONS);
    const tokens = this.pipeline.model(parts);
    const ids = new Uint32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) ids[i] = this.idOf(tokens[i]);
    if (this.cache.size >= MAX_CACHED_PIECES) this.cache.clear();
    this.cache.set(piece, ids);
    return ids;
  }

  /** As encode() maps a token to its id: added tokens first, then the model's vocabulary, else unknown. */
  private idOf(token: string): number {
    const id = this.addedIds.get(token) ?? this.pipeline.model.tokens_to_ids.get(token) ?? this.pipeline.model.unk_token_id;
    if (id === undefined) throw new RangeError(`token "${token}" has no id and the tokenizer has no unknown token`);
    return id;
  }

  private holdsAddedToken(text: string): boolean {
    for (const t of this.addedTokens) if (text.includes(t)) return true;
    return false;
  }

  private grow(n: number): void {
    const grown = new Uint32Array(Math.max(n, 2 * this.ids.length));
    grown.set(this.ids);
    this.ids = grown;
  }
}
