import type { Tokenizer as HfTokenizerModel } from "@huggingface/tokenizers";
import { BpeMerger } from "./bpe_merger.js";

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
  model: ((pieces: string[]) => string[]) & { tokens_to_ids: Map<string, number>; unk_token_id?: number; fuse_unk?: unknown };
  remove_space?: boolean;
  do_lowercase_and_remove_accent?: boolean;
  /** Added tokens by content (and by normalized content), as encode() maps tokens to ids. */
  added_tokens_map?: Map<string, { id: number }>;
}

/** What a byte-level pre-tokenizer step holds, to tell whether it only maps each piece's bytes. */
interface ByteLevelStep {
  config?: { type?: unknown };
  add_prefix_space?: unknown;
  use_regex?: unknown;
  byte_encoder?: unknown;
}

/** Flags of a piece whose ids start (or end) with a token the model counts as unknown when it fuses them. */
const STARTS_UNKNOWN = 1;
const ENDS_UNKNOWN = 2;

/** What encode() passes to pre-tokenizers for the first (here the only) section of a text. */
const SECTION_OPTIONS = { section_index: 0 };

/**
 * Token ids of a text, identical to the library's `encode(text, { add_special_tokens: false }).ids`, several
 * times faster. The library normalizes the text, splits it into pieces (the first pre-tokenizer step, a
 * regex split in GPT-2-style tokenizers), maps each piece through the remaining per-piece steps (byte-level
 * mapping) and the model (BPE). Every step after the split depends on the piece alone, and natural text
 * repeats its pieces (" the", ","), so the ids of each piece are cached: most pieces cost one Map lookup.
 *
 * A piece met for the first time goes through the library's steps, except that for BPE models the merges
 * are run by a BpeMerger (and, when the only per-piece step is the plain byte-level mapping, that mapping
 * too); pieces the merger declines, and models it does not reproduce, use the library's model.
 *
 * Texts holding an added token (special tokens such as "<|endoftext|>"), and tokenizers whose config
 * rewrites spaces or case before normalizing, go through the library's own encode unchanged. So do texts
 * where a model that fuses runs of unknown tokens (`fuse_unk`) would fuse them across two pieces.
 */
export class PieceCacheEncoder {
  private readonly pipeline: Pipeline;
  private readonly split: PreTokenizerStep | null;
  private readonly perPiece: (PreTokenizerStep | null)[];
  private readonly fastPath: boolean;
  /** Token ids of added tokens' contents, as encode() looks them up before the vocabulary. */
  private readonly addedIdOf: ReadonlyMap<string, number>;
  /** Built on the first piece to merge (so that loading a tokenizer for its words costs nothing more). */
  private merger: BpeMerger | null = null;
  private mergerBuilt = false;
  /** Whether the merger maps pieces' bytes itself in place of the per-piece steps. */
  private mergerReadsBytes = false;
  private readonly cache = new Map<string, Uint32Array>();
  /** Whether the model fuses runs of unknown tokens, which may span pieces. */
  private readonly fusesUnknown: boolean;
  /** With fusesUnknown, the cached pieces whose ids start or end with an unknown token, and which. */
  private readonly unknownEdges = new Map<string, number>();
  private ids = new Uint32Array(1 << 12);

  constructor(
    private readonly model: HfTokenizerModel,
    /** The contents of the tokenizer's added tokens, matched literally. */
    private readonly addedTokens: readonly string[],
    /** Id of each added token's content (the library's own map of added tokens is used when it has one). */
    addedIds: ReadonlyMap<string, number>,
    /** Pieces of up to this many symbols are merged by a scan, longer ones with a heap (for tests). */
    private readonly scanLimit?: number,
  ) {
    this.pipeline = model as unknown as Pipeline;
    const pre = this.pipeline.pre_tokenizer;
    const steps = pre === null ? [] : (pre.tokenizers ?? [pre]);
    this.split = steps[0] ?? null;
    this.perPiece = steps.slice(1);
    this.fastPath = this.pipeline.remove_space !== true && this.pipeline.do_lowercase_and_remove_accent !== true;
    this.fusesUnknown = Boolean(this.pipeline.model.fuse_unk);
    const added = this.pipeline.added_tokens_map;
    this.addedIdOf = added instanceof Map ? new Map(Array.from(added, ([content, token]) => [content, token.id])) : addedIds;
  }

  /** Whether pieces new to the cache are merged here rather than by the library's model. */
  get mergesPieces(): boolean {
    if (!this.mergerBuilt) this.buildMerger();
    return this.merger !== null;
  }

  private buildMerger(): void {
    const byteLevel = this.perPiece.length === 1 ? plainByteLevel(this.perPiece[0]) : null;
    this.merger = BpeMerger.fromModel(this.pipeline.model, this.addedIdOf, byteLevel, this.scanLimit);
    this.mergerReadsBytes = this.merger !== null && byteLevel !== null && this.merger.readsBytes;
    this.mergerBuilt = true;
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
    let endsUnknown = false;
    for (let i = 0; i < pieces.length; i++) {
      const piece = this.cache.get(pieces[i]) ?? this.encodePiece(pieces[i]);
      if (this.fusesUnknown && piece.length > 0) {
        const edges = this.unknownEdges.get(pieces[i]) ?? 0;
        if (endsUnknown && (edges & STARTS_UNKNOWN) !== 0) return Uint32Array.from(this.libraryIds(text));
        endsUnknown = (edges & ENDS_UNKNOWN) !== 0;
      }
      if (n + piece.length > this.ids.length) this.grow(n + piece.length);
      this.ids.set(piece, n);
      n += piece.length;
    }
    return this.ids.slice(0, n);
  }

  /** Runs the per-piece steps and the model on one piece, and caches its ids. */
  private encodePiece(piece: string): Uint32Array {
    if (this.cache.size >= MAX_CACHED_PIECES) {
      this.cache.clear();
      this.unknownEdges.clear();
    }
    const ids = this.mergedIds(piece) ?? this.modelIds(piece);
    this.cache.set(piece, ids);
    return ids;
  }

  /**
   * The ids of a piece by the merger, or null where it leaves the piece to the library (which it does for
   * every piece holding an unknown token, so only modelIds notes unknown edges).
   */
  private mergedIds(piece: string): Uint32Array | null {
    if (!this.mergerBuilt) this.buildMerger();
    const merger = this.merger;
    if (merger === null) return null;
    merger.clear();
    if (this.mergerReadsBytes) return merger.addBytes(piece) ? merger.ids() : null;
    const parts = this.perPieceParts(piece);
    for (let i = 0; i < parts.length; i++) if (!merger.add(parts[i])) return null;
    return merger.ids();
  }

  /** The ids of a piece by the library's model. */
  private modelIds(piece: string): Uint32Array {
    const tokens = this.pipeline.model(this.perPieceParts(piece));
    const ids = new Uint32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) ids[i] = this.idOf(tokens[i]);
    if (this.fusesUnknown && tokens.length > 0) {
      const edges = (this.isUnknown(tokens[0]) ? STARTS_UNKNOWN : 0) | (this.isUnknown(tokens[tokens.length - 1]) ? ENDS_UNKNOWN : 0);
      if (edges !== 0) this.unknownEdges.set(piece, edges);
    }
    return ids;
  }

  private perPieceParts(piece: string): string[] {
    let parts = [piece];
    for (const step of this.perPiece) if (step !== null) parts = step.pre_tokenize(parts, SECTION_OPTIONS);
    return parts;
  }

  /** As encode() maps a token to its id: added tokens first, then the model's vocabulary, else unknown. */
  private idOf(token: string): number {
    const id = this.addedIdOf.get(token) ?? this.pipeline.model.tokens_to_ids.get(token) ?? this.pipeline.model.unk_token_id;
    if (id === undefined) throw new RangeError(`token "${token}" has no id and the tokenizer has no unknown token`);
    return id;
  }

  /** Whether the model's fusing of unknown tokens counts `token` as one (as its fuse step tests it). */
  private isUnknown(token: string): boolean {
    const model = this.pipeline.model;
    return (model.tokens_to_ids.get(token) ?? model.unk_token_id) === model.unk_token_id;
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

/**
 * The byte → character table of a ByteLevel pre-tokenizer step that does nothing but map each piece's UTF-8
 * bytes (no regex split, no prefix space), else null.
 */
function plainByteLevel(step: PreTokenizerStep | null): unknown {
  const s = step as ByteLevelStep | null;
  if (s === null || s.config?.type !== "ByteLevel" || s.add_prefix_space || s.use_regex) return null;
  return typeof s.byte_encoder === "object" ? s.byte_encoder : null;
}
