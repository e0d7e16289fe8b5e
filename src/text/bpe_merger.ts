/** Rank of a pair of symbols that has no merge: above every real rank. */
const NO_MERGE = 0x7fffffff;

/** Pieces of up to this many symbols find each merge by a scan; longer ones keep their pairs in a heap. */
const SCAN_LIMIT = 48;

/** Slots of the pair table: left symbol, right symbol, rank, merged symbol. */
const SLOT = 4;

/** The fields of the library's BPE model (and of its config) that decide how it merges. */
interface LibraryBpe {
  config?: {
    type?: unknown;
    dropout?: unknown;
    byte_fallback?: unknown;
    continuing_subword_prefix?: unknown;
    continuing_subword_suffix?: unknown;
    end_of_word_suffix?: unknown;
  };
  merges?: unknown;
  tokens_to_ids?: unknown;
  unk_token_id?: unknown;
  end_of_word_suffix?: unknown;
  continuing_subword_suffix?: unknown;
  byte_fallback?: unknown;
  ignore_merges?: unknown;
  fuse_unk?: unknown;
}

/**
 * Byte-pair encoding of pre-tokenized pieces, giving the token ids the @huggingface/tokenizers BPE model
 * gives (its tokens, mapped to ids as its encode() maps them), without its per-piece objects and string
 * keys. A piece is split into its code points; the adjacent pair of lowest merge rank is merged, the
 * leftmost of equal ranks first, until no adjacent pair has a merge; each symbol left is a token.
 *
 * Symbols are small integers: every merge part, merge result and one-code-point vocabulary token has one,
 * its vocabulary id where no other token shares that id, else a number past the vocabulary's ids.
 * A piece holding a code point without a symbol, or ending in a symbol that is not a plain vocabulary
 * token (it would come out as the unknown token or be dropped), is declined: `add` returns false and the
 * caller asks the library. Models whose options change the merging (dropout, byte fallback, subword
 * prefixes and suffixes) get no merger at all (`fromModel` returns null).
 */
export class BpeMerger {
  /** Whether `addBytes` may be used: the byte-level mapping is known and every piece is merged. */
  readonly readsBytes: boolean;

  private readonly encoder = new TextEncoder();
  private bytes = new Uint8Array(256);
  /** Per symbol, a node's symbol, the nodes next to it, and the rank and result of its pair with the next. */
  private sym = new Int32Array(64);
  private next = new Int32Array(64);
  private prev = new Int32Array(64);
  private rank = new Int32Array(64);
  private result = new Int32Array(64);
  /** Min-heap of pairs by (rank, position), for long pieces; entries go stale and are skipped. */
  private heapRank = new Int32Array(64);
  private heapPos = new Int32Array(64);
  private heapSize = 0;
  private out = new Uint32Array(64);
  private outLength = 0;

  private constructor(
    /** Open-addressed table of merges, SLOT integers a slot; an empty slot has left symbol -1. */
    private readonly pairs: Int32Array,
    private readonly pairBits: number,
    /** Symbol of each UTF-16 code unit that is a symbol by itself, else -1. */
    private readonly unitSymbols: Int32Array,
    /** Symbol of each code point above U+FFFF that is a symbol. */
    private readonly astralSymbols: ReadonlyMap<number, number>,
    /** Symbol of each byte under the byte-level mapping, else -1. */
    private readonly byteSymbols: Int32Array,
    /** Token id of each symbol, or -1 where the library's output for it is not a plain vocabulary id. */
    private readonly outIds: Int32Array,
    /** With `ignore_merges`, a piece that is a vocabulary token is that token; null otherwise. */
    private readonly wholeTokens: ReadonlyMap<string, number> | null,
    private readonly scanLimit: number,
  ) {
    this.readsBytes = byteSymbols.length === 256 && wholeTokens === null;
  }

  /**
   * A merger for the library's model `model`, or null when it is not a BPE model this class reproduces.
   * `addedIds` maps added tokens' contents to their ids, which take precedence as in encode().
   * `byteEncoder` is the byte-level pre-tokenizer's table (byte → character) when pieces reach the model
   * through it, so that `addBytes` can do that mapping itself; null otherwise.
   */
  static fromModel(
    model: unknown,
    addedIds: ReadonlyMap<string, number>,
    byteEncoder: unknown = null,
    scanLimit: number = SCAN_LIMIT,
  ): BpeMerger | null {
    // The library's models are callable objects, so functions.
    if ((typeof model !== "object" && typeof model !== "function") || model === null) return null;
    const m = model as LibraryBpe;
    const c = m.config;
    if (typeof c !== "object" || c === null || c.type !== "BPE") return null;
    if (c.dropout !== undefined && c.dropout !== null && c.dropout !== 0) return null;
    if (c.byte_fallback || m.byte_fallback || c.end_of_word_suffix || m.end_of_word_suffix) return null;
    if (c.continuing_subword_prefix || c.continuing_subword_suffix || m.continuing_subword_suffix) return null;
    const vocab = m.tokens_to_ids;
    if (!(vocab instanceof Map) || !Array.isArray(m.merges)) return null;
    const unkId = m.fuse_unk ? m.unk_token_id : undefined;

    // Symbols: a vocabulary token whose id no other token shares is its id; any other merge part or result
    // is numbered from `base` on.
    const limit = 2 * vocab.size + 65536;
    let base = 0;
    for (const v of vocab.values()) if (isId(v) && v < limit && v >= base) base = v + 1;
    const owners = new Uint8Array(base);
    for (const v of vocab.values()) if (isId(v) && v < base && owners[v] < 2) owners[v]++;
    const extra = new Map<string, number>();
    const extraStrings: string[] = [];
    const symbolOf = (s: string): number => {
      const v: unknown = vocab.get(s);
      if (typeof v === "number" && v < base && owners[v] === 1) return v;
      let k = extra.get(s);
      if (k === undefined) {
        k = base + extraStrings.length;
        extra.set(s, k);
        extraStrings.push(s);
      }
      return k;
    };
    const merges = m.merges as unknown[];
    const left = new Int32Array(merges.length);
    const right = new Int32Array(merges.length);
    const merged = new Int32Array(merges.length);
    const ranks = new Int32Array(merges.length);
    let count = 0;
    for (let i = 0; i < merges.length; i++) {
      // The library keys its ranks by the pair; a pair that is not two non-empty strings never matches one
      // of its nodes. A repeated pair keeps its last rank, as its Map does.
      const pair = merges[i];
      if (!Array.isArray(pair) || pair.length !== 2) continue;
      const [a, b] = pair as unknown[];
      if (typeof a !== "string" || typeof b !== "string" || a.length === 0 || b.length === 0) continue;
      left[count] = symbolOf(a);
      right[count] = symbolOf(b);
      merged[count] = symbolOf(a + b);
      ranks[count] = i;
      count++;
    }
    if (merges.length >= NO_MERGE) return null;
    // The code points a piece may start from: one-code-point tokens and merge parts.
    const unitSymbols = new Int32Array(65536).fill(-1);
    const astralSymbols = new Map<number, number>();
    const noteCodePoint = (s: string, k: number): void => {
      if (s.length === 1) unitSymbols[s.charCodeAt(0)] = k;
      else if (isOneCodePoint(s)) astralSymbols.set(s.codePointAt(0)!, k);
    };
    for (const token of vocab.keys()) if (typeof token === "string" && isOneCodePoint(token)) noteCodePoint(token, symbolOf(token));
    for (let k = 0; k < extraStrings.length; k++) noteCodePoint(extraStrings[k], base + k);

    // Ids: a vocabulary symbol is its own id unless an added token or the fusing of unknowns says otherwise.
    const outIds = new Int32Array(base + extraStrings.length).fill(-1);
    for (let v = 0; v < base; v++) if (owners[v] === 1) outIds[v] = v;
    for (const content of addedIds.keys()) {
      const v: unknown = vocab.get(content);
      if (typeof v === "number" && v < base && owners[v] === 1) outIds[v] = tokenId(content, vocab, addedIds, unkId);
    }
    if (isId(unkId) && unkId < base && owners[unkId] === 1) outIds[unkId] = -1;
    for (let k = 0; k < extraStrings.length; k++) outIds[base + k] = tokenId(extraStrings[k], vocab, addedIds, unkId);

    let pairBits = 4;
    while (1 << pairBits < 2 * count) pairBits++;
    const pairs = new Int32Array(SLOT << pairBits).fill(-1);
    const mask = (1 << pairBits) - 1;
    for (let i = 0; i < count; i++) {
      let h = pairHash(left[i], right[i], pairBits);
      while (pairs[h * SLOT] !== -1 && (pairs[h * SLOT] !== left[i] || pairs[h * SLOT + 1] !== right[i])) h = (h + 1) & mask;
      pairs[h * SLOT] = left[i];
      pairs[h * SLOT + 1] = right[i];
      pairs[h * SLOT + 2] = ranks[i];
      pairs[h * SLOT + 3] = merged[i];
    }


    let byteSymbols = new Int32Array(0);
    if (typeof byteEncoder === "object" && byteEncoder !== null) {
      byteSymbols = new Int32Array(256);
      for (let b = 0; b < 256; b++) {
        const ch: unknown = (byteEncoder as Record<number, unknown>)[b];
        // Each byte must become one character that no neighbour can pair with into one code point.
        if (typeof ch !== "string" || ch.length !== 1 || (ch.charCodeAt(0) & 0xf800) === 0xd800) {
          byteSymbols = new Int32Array(0);
          break;
        }
        byteSymbols[b] = unitSymbols[ch.charCodeAt(0)];
      }
    }

    let wholeTokens: Map<string, number> | null = null;
    if (m.ignore_merges) {
      wholeTokens = new Map();
      for (const token of vocab.keys()) if (typeof token === "string") wholeTokens.set(token, tokenId(token, vocab, addedIds, unkId));
    }
    return new BpeMerger(pairs, pairBits, unitSymbols, astralSymbols, byteSymbols, outIds, wholeTokens, scanLimit);
  }

  /** Starts a new run of ids. */
  clear(): void {
    this.outLength = 0;
  }

  /** The ids added since `clear`, in a new array. */
  ids(): Uint32Array {
    return this.out.slice(0, this.outLength);
  }

  /** Merges one piece (as the model receives it) and adds its ids; false if the library must do it. */
  add(piece: string): boolean {
    if (this.wholeTokens !== null) {
      const id = this.wholeTokens.get(piece);
      if (id !== undefined) {
        if (id < 0) return false;
        this.emit(id);
        return true;
      }
    }
    this.reserve(piece.length);
    const sym = this.sym;
    let n = 0;
    for (let i = 0; i < piece.length; i++) {
      const c = piece.charCodeAt(i);
      let s: number;
      if ((c & 0xfc00) === 0xd800 && i + 1 < piece.length && (piece.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        s = this.astralSymbols.get(((c - 0xd800) << 10) + (piece.charCodeAt(i + 1) - 0xdc00) + 0x10000) ?? -1;
        i++;
      } else {
        s = this.unitSymbols[c];
      }
      if (s < 0) return false;
      sym[n++] = s;
    }
    return this.mergeAndEmit(n);
  }

  /**
   * Merges the byte-level form of a piece (each UTF-8 byte as its character, the mapping of the library's
   * ByteLevel pre-tokenizer) and adds its ids; false if the library must do it. Only when `readsBytes`.
   */
  addBytes(piece: string): boolean {
    if (this.bytes.length < 3 * piece.length) this.bytes = new Uint8Array(2 * this.bytes.length + 3 * piece.length);
    const n = this.encoder.encodeInto(piece, this.bytes).written;
    this.reserve(n);
    for (let i = 0; i < n; i++) {
      const s = this.byteSymbols[this.bytes[i]];
      if (s < 0) return false;
      this.sym[i] = s;
    }
    return this.mergeAndEmit(n);
  }

  /** Runs the merges on sym[0, n) and adds the ids of the symbols left; false if one has no plain id. */
  private mergeAndEmit(n: number): boolean {
    if (n === 0) return true;
    const next = this.next;
    const prev = this.prev;
    for (let i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    for (let i = 0; i < n; i++) this.pairAt(i);
    if (n <= this.scanLimit) this.mergeByScan();
    else this.mergeByHeap(n);
    const start = this.outLength;
    for (let i = 0; i !== -1; i = next[i]) {
      const id = this.outIds[this.sym[i]];
      if (id < 0) {
        this.outLength = start;
        return false;
      }
      this.emit(id);
    }
    return true;
  }

  /** Merges the pair of lowest (rank, position), found by walking the symbols, until none is left. */
  private mergeByScan(): void {
    const next = this.next;
    const rank = this.rank;
    for (;;) {
      let best = -1;
      let bestRank = NO_MERGE;
      for (let i = 0; i !== -1; i = next[i]) {
        if (rank[i] < bestRank) {
          bestRank = rank[i];
          best = i;
        }
      }
      if (best < 0) return;
      this.mergeAt(best);
    }
  }

  /** As mergeByScan, taking pairs from a heap; an entry whose node's pair has changed is skipped. */
  private mergeByHeap(n: number): void {
    if (this.heapRank.length < 3 * n) {
      this.heapRank = new Int32Array(3 * n);
      this.heapPos = new Int32Array(3 * n);
    }
    this.heapSize = 0;
    const rank = this.rank;
    for (let i = 0; i < n; i++) if (rank[i] !== NO_MERGE) this.push(rank[i], i);
    while (this.heapSize > 0) {
      const r = this.heapRank[0];
      const p = this.heapPos[0];
      this.pop();
      // Ranks name their pair, and the pair at a position never comes back once it has changed.
      if (rank[p] !== r) continue;
      this.mergeAt(p);
      if (rank[p] !== NO_MERGE) this.push(rank[p], p);
      const q = this.prev[p];
      if (q >= 0 && rank[q] !== NO_MERGE) this.push(rank[q], q);
    }
  }

  /** Merges the symbol at node i with the next one, and looks up the pairs that changed. */
  private mergeAt(i: number): void {
    const j = this.next[i];
    const k = this.next[j];
    this.sym[i] = this.result[i];
    this.next[i] = k;
    if (k >= 0) this.prev[k] = i;
    this.rank[j] = NO_MERGE;
    this.pairAt(i);
    if (this.prev[i] >= 0) this.pairAt(this.prev[i]);
  }

  /** Sets rank[i] and result[i] for the pair of node i and the next node. */
  private pairAt(i: number): void {
    const j = this.next[i];
    this.rank[i] = NO_MERGE;
    if (j < 0) return;
    const a = this.sym[i];
    const b = this.sym[j];
    const pairs = this.pairs;
    const mask = (1 << this.pairBits) - 1;
    for (let h = pairHash(a, b, this.pairBits); pairs[h * SLOT] !== -1; h = (h + 1) & mask) {
      if (pairs[h * SLOT] === a && pairs[h * SLOT + 1] === b) {
        this.rank[i] = pairs[h * SLOT + 2];
        this.result[i] = pairs[h * SLOT + 3];
        return;
      }
    }
  }

  private push(r: number, p: number): void {
    const hr = this.heapRank;
    const hp = this.heapPos;
    let i = this.heapSize++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (hr[up] < r || (hr[up] === r && hp[up] < p)) break;
      hr[i] = hr[up];
      hp[i] = hp[up];
      i = up;
    }
    hr[i] = r;
    hp[i] = p;
  }

  /** Removes the top of the heap. */
  private pop(): void {
    const hr = this.heapRank;
    const hp = this.heapPos;
    const size = --this.heapSize;
    const r = hr[size];
    const p = hp[size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && (hr[child + 1] < hr[child] || (hr[child + 1] === hr[child] && hp[child + 1] < hp[child]))) child++;
      if (r < hr[child] || (r === hr[child] && p < hp[child])) break;
      hr[i] = hr[child];
      hp[i] = hp[child];
      i = child;
    }
    hr[i] = r;
    hp[i] = p;
  }

  private emit(id: number): void {
    if (this.outLength === this.out.length) {
      const grown = new Uint32Array(2 * this.out.length);
      grown.set(this.out);
      this.out = grown;
    }
    this.out[this.outLength++] = id;
  }

  /** Room for n symbols in the node arrays. */
  private reserve(n: number): void {
    if (this.sym.length >= n) return;
    const size = Math.max(n, 2 * this.sym.length);
    this.sym = new Int32Array(size);
    this.next = new Int32Array(size);
    this.prev = new Int32Array(size);
    this.rank = new Int32Array(size);
    this.result = new Int32Array(size);
  }
}

/** Slot of the pair (a, b) in a table of 2^bits slots. */
function pairHash(a: number, b: number, bits: number): number {
  return Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0x9e3779b1) >>> (32 - bits);
}

function isOneCodePoint(s: string): boolean {
  if (s.length === 1) return true;
  return s.length === 2 && (s.charCodeAt(0) & 0xfc00) === 0xd800 && (s.charCodeAt(1) & 0xfc00) === 0xdc00;
}

/**
 * The id encode() gives a token the model emits (an added token's id first, then the vocabulary's), or -1
 * where that is not a plain id: the token is not in the vocabulary, its entry is not an id, or the model
 * fuses runs of unknown tokens (`unkId`, else undefined) and this is one.
 */
function tokenId(token: string, vocab: Map<unknown, unknown>, addedIds: ReadonlyMap<string, number>, unkId: unknown): number {
  const v = vocab.get(token);
  if (!isId(v) || (unkId !== undefined && v === unkId)) return -1;
  const added = addedIds.get(token);
  const id = added !== undefined && added !== null ? added : v;
  return isId(id) ? id : -1;
}

function isId(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v < NO_MERGE;
}
