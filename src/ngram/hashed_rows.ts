import type { Container } from "../container/container.js";
import { HL_BYTES, HL_FINGERPRINTS, HL_FP_WORDS, HL_LENGTH, HL_MPHF, HL_RANKS } from "../kernels/layout.js";
import { DuplicateKeyError, MinimalPerfectHash } from "../hash/mphf.js";
import { InputError } from "../io/errors.js";

/** One order of a hashed model: the perfect hash of its n-grams and what each slot holds. */
export interface HashedRows {
  mphf: MinimalPerfectHash;
  /** Per slot, the high hash half (4 bytes) or both halves (8 bytes) of the n-gram placed there. */
  fingerprints: Uint32Array;
  /** Input position → slot, to place what each n-gram carries. */
  slotOf: Uint32Array;
}

/**
 * Builds the perfect hash of n-grams given as 64-bit hashes (lo, hi) and their fingerprint table. An
 * n-gram listed twice is refused with the two input lines of `source`.
 */
export function hashRows(lo: Uint32Array, hi: Uint32Array, lines: LineNumbers, source: string, fingerprintBytes: 4 | 8): HashedRows {
  let mphf: MinimalPerfectHash;
  try {
    mphf = MinimalPerfectHash.build(lo, hi);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    throw new InputError(source, lines.of(e.second), `the n-gram of line ${lines.of(e.first)} appears again`);
  }
  const n = lo.length;
  const perSlot = fingerprintBytes / 4;
  const fingerprints = new Uint32Array(n * perSlot);
  const slotOf = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const slot = mphf.lookup(lo[i], hi[i]);
    slotOf[i] = slot;
    if (perSlot === 1) fingerprints[slot] = hi[i];
    else {
      fingerprints[2 * slot] = lo[i];
      fingerprints[2 * slot + 1] = hi[i];
    }
  }
  return { mphf, fingerprints, slotOf };
}

/**
 * The input line of each of n rows. Rows usually sit on consecutive lines (count files), which takes no
 * memory; an array is made only once a row breaks that run.
 */
export class LineNumbers {
  private first = 0;
  private lines: Uint32Array | undefined;

  constructor(readonly n: number) {}

  /** Records that row `position` (0, 1, 2, … in turn) is on line `line`. */
  set(position: number, line: number): void {
    if (this.lines) this.lines[position] = line;
    else if (position === 0) this.first = line;
    else if (line !== this.first + position) {
      this.lines = new Uint32Array(this.n);
      for (let i = 0; i < position; i++) this.lines[i] = this.first + i;
      this.lines[position] = line;
    }
  }

  of(position: number): number {
    return this.lines ? this.lines[position] : this.first + position;
  }

  /** Line numbers given as an array, one per row. */
  static from(lines: ArrayLike<number>): LineNumbers {
    const l = new LineNumbers(lines.length);
    for (let i = 0; i < lines.length; i++) l.set(i, lines[i]);
    return l;
  }
}

/** The fingerprint width stored in a hashed model's meta section: 4 or 8 bytes. */
export function fingerprintBytesOf(c: Container, name: string, value: number): 4 | 8 {
  if (value !== 4 && value !== 8) c.fail(name, `fingerprints of ${value} bytes, expected 4 or 8`);
  return value;
}

/** The perfect hash of one order of a hashed model, refused unless it places exactly `n` n-grams. */
export function readHashTable(c: Container, name: string, n: number): MinimalPerfectHash {
  const mphf = MinimalPerfectHash.read(c, `${name}.mphf`);
  if (mphf.size !== n) c.fail(`${name}.mphf.meta`, `places ${mphf.size} keys, the order holds ${n} n-grams`);
  return mphf;
}

/** The fingerprints of one order of a hashed model, refused unless there is one per slot. */
export function readFingerprints(c: Container, name: string, n: number, fingerprintBytes: 4 | 8): Uint32Array {
  const fingerprints = c.u32(`${name}.fingerprints`);
  const expected = (n * fingerprintBytes) / 4;
  if (fingerprints.length !== expected) c.fail(`${name}.fingerprints`, `holds ${fingerprints.length} words, ${n} fingerprints of ${fingerprintBytes} bytes take ${expected}`);
  return fingerprints;
}

/**
 * The descriptor of one order of a hashed model (layout.ts HL_*): its perfect hash, its fingerprints (in
 * the heap; one or two words per slot) and, for count models, its ranks (0: none).
 */
export function hashedLevelDescriptor(owner: object, mphf: MinimalPerfectHash, fingerprints: Uint32Array, length: number, ranks: number): number {
  const d = mphf.heap.descriptor(HL_BYTES, owner);
  d.u32[HL_MPHF >>> 2] = mphf.desc;
  d.u32[HL_FINGERPRINTS >>> 2] = fingerprints.byteOffset;
  d.u32[HL_FP_WORDS >>> 2] = length === 0 ? 1 : fingerprints.length / length;
  d.u32[HL_LENGTH >>> 2] = length;
  d.u32[HL_RANKS >>> 2] = ranks;
  return d.ptr;
}
