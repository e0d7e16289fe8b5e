import { EliasFano } from "../bits/elias_fano.js";
import { decodeUtf8, type Heap } from "../bits/heap.js";
import { SCRATCH_A, SCRATCH_B, WL_BYTES, WL_BYTES_SIZE, WL_OFFSETS, WL_SIZE } from "../kernels/layout.js";
import type { Container, ContainerWriter } from "../container/container.js";

const textEncoder = new TextEncoder();

/**
 * Words by ID: their UTF-8 bytes back to back in one buffer, delimited by Elias-Fano offsets, so that no
 * JS string per word is kept.
 */
export class WordList {
  readonly size: number;
  readonly bytes: Uint8Array;
  /** Address of the descriptor the kernels read (layout.ts WL_*). */
  readonly desc: number;
  readonly heap: Heap;

  constructor(
    bytes: Uint8Array,
    /** offsets[id] .. offsets[id + 1] delimit a word in `bytes` */
    readonly offsets: EliasFano,
  ) {
    this.size = offsets.length - 1;
    const h = (this.heap = offsets.heap);
    this.bytes = h.place(bytes);
    const d = h.descriptor(WL_BYTES_SIZE, this);
    d.u32[WL_BYTES >>> 2] = this.bytes.byteOffset;
    d.u32[WL_OFFSETS >>> 2] = offsets.desc;
    d.u32[WL_SIZE >>> 2] = this.size;
    this.desc = d.ptr;
  }

  static build(words: readonly string[]): WordList {
    const b = new WordListBuilder(words.length);
    for (const w of words) b.add(w, 0, w.length);
    return b.build();
  }

  word(id: number): string {
    const h = this.heap;
    h.kernels.wordRange(this.desc, id);
    return decodeUtf8(this.bytes.subarray(h.scratchU32[SCRATCH_A >>> 2], h.scratchU32[SCRATCH_B >>> 2]));
  }

  /** Whether word `id` is s[start .. end), compared without encoding s. */
  equals(id: number, s: string, start: number, end: number): boolean {
    const h = this.heap;
    h.kernels.wordRange(this.desc, id);
    return equalsUtf8(s, start, end, this.bytes, h.scratchU32[SCRATCH_A >>> 2], h.scratchU32[SCRATCH_B >>> 2]);
  }

  sizeInBits(): number {
    return this.bytes.length * 8 + this.offsets.sizeInBits();
  }

  write(out: ContainerWriter, name: string): void {
    out.add(`${name}.bytes`, this.bytes);
    this.offsets.write(out, `${name}.offsets`);
  }

  /** Refused unless the offsets run from 0 to the end of the bytes (non-decreasing, with `c.verifying`). */
  static read(c: Container, name: string): WordList {
    const bytes = c.u8(`${name}.bytes`);
    const offsets = EliasFano.read(c, `${name}.offsets`);
    if (offsets.length === 0 || offsets.access(0) !== 0 || offsets.last !== bytes.length) {
      c.fail(`${name}.offsets`, `the word offsets must run from 0 to the ${bytes.length} bytes`);
    }
    return new WordList(bytes, offsets);
  }
}

/** Collects exactly n words into one growing byte buffer, without keeping a string per word. */
export class WordListBuilder {
  private bytes = new Uint8Array(1 << 12);
  private readonly offsets: Float64Array;
  private count = 0;

  constructor(readonly n: number) {
    this.offsets = new Float64Array(n + 1);
  }

  /** Appends the word s[start .. end). */
  add(s: string, start: number, end: number): void {
    if (this.count === this.n) throw new RangeError(`more than the ${this.n} words announced`);
    const at = this.offsets[this.count];
    // A UTF-16 code unit takes at most 3 UTF-8 bytes (a surrogate pair, two units, takes 4).
    const room = at + 3 * (end - start);
    if (room > this.bytes.length) {
      const grown = new Uint8Array(Math.max(room, 2 * this.bytes.length));
      grown.set(this.bytes.subarray(0, at));
      this.bytes = grown;
    }
    const { written } = textEncoder.encodeInto(s.slice(start, end), this.bytes.subarray(at));
    this.offsets[++this.count] = at + written;
  }

  build(): WordList {
    if (this.count !== this.n) throw new RangeError(`${this.count} words added, ${this.n} announced`);
    const bytes = this.bytes.slice(0, this.offsets[this.n]);
    return new WordList(bytes, EliasFano.build(this.offsets, undefined, { indexZeros: false }));
  }
}

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
