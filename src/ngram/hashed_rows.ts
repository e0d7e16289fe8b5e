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
 * n-gram listed twice is refused with the two input lines (`lines`, by position) of `source`.
 */
export function hashRows(lo: Uint32Array, hi: Uint32Array, lines: Uint32Array, source: string, fingerprintBytes: 4 | 8): HashedRows {
  let mphf: MinimalPerfectHash;
  try {
    mphf = MinimalPerfectHash.build(lo, hi);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    throw new InputError(source, lines[e.second], `the n-gram of line ${lines[e.first]} appears again`);
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
