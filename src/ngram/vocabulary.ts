import { CompactVector, widthFor } from "../bits/compact_vector.js";
import { EliasFano, type EliasFanoCursor } from "../bits/elias_fano.js";
import type { Container, ContainerWriter } from "../container/container.js";
import { hashString, hashState } from "../hash/hash64.js";
import { MinimalPerfectHash } from "../hash/mphf.js";
import { InputError } from "../io/errors.js";

const SPACE = 32;

/**
 * Word ↔ ID for a model. Word → ID goes through a minimal perfect hash of the word, then a check against
 * the stored word itself, so a word outside the vocabulary is always rejected (−1), never mapped to some
 * other word's ID. ID → word reads the word's UTF-8 bytes from one buffer, delimited by Elias-Fano
 * offsets: no JS string per word is kept.
 */
export class Vocabulary {
  readonly size: number;
  /** Reads both ends of a word with one select. */
  private readonly offsetCursor: EliasFanoCursor;

  constructor(
    private readonly mphf: MinimalPerfectHash,
    /** slot of the perfect hash → word ID */
    private readonly idOfSlot: CompactVector,
    /** all words, UTF-8, in ID order */
    private readonly bytes: Uint8Array,
    /** offsets[id] .. offsets[id + 1] delimit a word in `bytes` */
    private readonly offsets: EliasFano,
  ) {
    this.size = idOfSlot.length;
    this.offsetCursor = offsets.cursor();
  }

  /** Builds the vocabulary of `words`, whose IDs are their positions. Repeated words are refused. */
  static build(words: readonly string[], source = "vocabulary"): Vocabulary {
    const n = words.length;
    const lo = new Uint32Array(n);
    const hi = new Uint32Array(n);
    const encoder = new TextEncoder();
    const encoded = words.map((w) => encoder.encode(w));
    const offsets = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      lo[i] = hashString(words[i], 0, words[i].length);
      hi[i] = hashState.hashHigh;
      offsets[i + 1] = offsets[i] + encoded[i].length;
    }
    const bytes = new Uint8Array(offsets[n]);
    encoded.forEach((e, i) => bytes.set(e, offsets[i]));
    const seen = new Map<string, number>();
    words.forEach((w, i) => {
      const first = seen.get(w);
      if (first !== undefined) throw new InputError(source, 0, `word "${w}" appears twice (entries ${first + 1} and ${i + 1})`);
      seen.set(w, i);
    });
    const mphf = MinimalPerfectHash.build(lo, hi);
    const idOfSlot = new Uint32Array(n);
    for (let i = 0; i < n; i++) idOfSlot[mphf.lookup(lo[i], hi[i])] = i;
    return new Vocabulary(mphf, CompactVector.from(idOfSlot, widthFor(Math.max(0, n - 1))), bytes, EliasFano.build(offsets, undefined, { indexZeros: false }));
  }

  /** ID of the word s[start .. end), or −1 when it is not in the vocabulary. */
  lookupRange(s: string, start: number, end: number): number {
    if (this.size === 0) return -1;
    const lo = hashString(s, start, end);
    const slot = this.mphf.lookup(lo, hashState.hashHigh);
    const id = this.idOfSlot.get(slot);
    const c = this.offsetCursor;
    c.reset(id);
    const from = c.next();
    return equalsUtf8(s, start, end, this.bytes, from, c.next()) ? id : -1;
  }

  lookup(word: string): number {
    return this.lookupRange(word, 0, word.length);
  }

  /** The word of ID `id`. */
  word(id: number): string {
    return textDecoder.decode(this.bytes.subarray(this.offsets.access(id), this.offsets.access(id + 1)));
  }

  /**
   * Writes the word IDs of an n-gram (space-separated words, an array of words or an array of IDs) into
   * `out` and returns how many there are; −1 when a word is unknown or there are more than out.length.
   */
  toIds(ngram: string | readonly string[] | ArrayLike<number>, out: Uint32Array): number {
    if (typeof ngram === "string") return this.splitIds(ngram, out);
    const n = ngram.length;
    if (n > out.length) return -1;
    for (let i = 0; i < n; i++) {
      const w = ngram[i];
      const id = typeof w === "string" ? this.lookup(w) : Number.isInteger(w) && w >= 0 && w < this.size ? w : -1;
      if (id < 0) return -1;
      out[i] = id;
    }
    return n;
  }

  private splitIds(s: string, out: Uint32Array): number {
    if (s.length === 0) return 0;
    let n = 0;
    let start = 0;
    for (let i = 0; i <= s.length; i++) {
      if (i < s.length && s.charCodeAt(i) !== SPACE) continue;
      if (n === out.length) return -1;
      const id = this.lookupRange(s, start, i);
      if (id < 0) return -1;
      out[n++] = id;
      start = i + 1;
    }
    return n;
  }

  sizeInBits(): number {
    return this.mphf.sizeInBits() + this.idOfSlot.sizeInBits() + this.bytes.length * 8 + this.offsets.sizeInBits();
  }

  write(out: ContainerWriter, name: string): void {
    this.mphf.write(out, `${name}.mphf`);
    this.idOfSlot.write(out, `${name}.ids`);
    out.add(`${name}.bytes`, this.bytes);
    this.offsets.write(out, `${name}.offsets`);
  }

  static read(c: Container, name: string): Vocabulary {
    return new Vocabulary(
      MinimalPerfectHash.read(c, `${name}.mphf`),
      CompactVector.read(c, `${name}.ids`),
      c.u8(`${name}.bytes`),
      EliasFano.read(c, `${name}.offsets`),
    );
  }
}

const textDecoder = new TextDecoder();

/** Whether s[start .. end) encodes in UTF-8 to exactly bytes[from .. to), without encoding s. */
export function equalsUtf8(s: string, start: number, end: number, bytes: Uint8Array, from: number, to: number): boolean {
  let b = from;
  for (let i = start; i < end; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      if (b >= to || bytes[b++] !== c) return false;
      continue;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < end) {
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (c < 0x800) {
      if (b + 2 > to || bytes[b] !== (0xc0 | (c >> 6)) || bytes[b + 1] !== (0x80 | (c & 63))) return false;
      b += 2;
    } else if (c < 0x10000) {
      // A lone surrogate encodes as U+FFFD, as TextEncoder does.
      if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
      if (b + 3 > to || bytes[b] !== (0xe0 | (c >> 12)) || bytes[b + 1] !== (0x80 | ((c >> 6) & 63)) || bytes[b + 2] !== (0x80 | (c & 63))) {
        return false;
      }
      b += 3;
    } else {
      if (
        b + 4 > to ||
        bytes[b] !== (0xf0 | (c >> 18)) ||
        bytes[b + 1] !== (0x80 | ((c >> 12) & 63)) ||
        bytes[b + 2] !== (0x80 | ((c >> 6) & 63)) ||
        bytes[b + 3] !== (0x80 | (c & 63))
      ) {
        return false;
      }
      b += 4;
    }
  }
  return b === to;
}
