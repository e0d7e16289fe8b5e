import { describe, expect, it } from "vitest";
import { hammingDistance, nearDuplicateClusters, SimHasher } from "../../src/dedup/simhash.js";
import { hashState, hashString } from "../../src/hash/hash64.js";
import { Random } from "../helpers/random.js";

/** The fingerprint by its definition: explicit shingle strings, bit votes as plain numbers. */
function naiveFingerprint(text: string, shingle: number): [number, number] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const shingles: string[] = [];
  for (let i = 0; i + shingle <= words.length; i++) shingles.push(words.slice(i, i + shingle).join(" "));
  if (shingles.length === 0 && words.length > 0) shingles.push(words.join(" "));
  const votes = new Array<number>(64).fill(0);
  for (const s of shingles) {
    const low = hashString(s);
    const high = hashState.hashHigh;
    for (let b = 0; b < 64; b++) votes[b] += ((b < 32 ? low >>> b : high >>> (b - 32)) & 1) === 1 ? 1 : -1;
  }
  let low = 0;
  let high = 0;
  for (let b = 0; b < 32; b++) if (votes[b] > 0) low |= 1 << b;
  for (let b = 0; b < 32; b++) if (votes[32 + b] > 0) high |= 1 << b;
  return [low >>> 0, high >>> 0];
}

/** Clusters by all-pairs comparison and flooding: each document gets the smallest member of its cluster. */
function naiveClusters(fingerprints: Uint32Array, maxDistance: number): number[] {
  const n = fingerprints.length / 2;
  const cluster = Array.from({ length: n }, (_, d) => d);
  let changed = true;
  while (changed) {
    changed = false;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        if (hammingDistance(fingerprints, a, b) <= maxDistance && cluster[b] < cluster[a]) {
          cluster[a] = cluster[b];
          changed = true;
        }
      }
    }
  }
  return cluster;
}

describe("SimHasher", () => {
  it("matches the definition, for short and empty texts too", () => {
    const texts = ["", "one", "Two words", "The quick brown fox jumps over the lazy dog.", "中文 文本 去重, naïve café — 2024!"];
    for (const shingle of [1, 2, 3, 5]) {
      const hasher = new SimHasher(shingle);
      texts.forEach((t) => hasher.add(t));
      expect(Array.from(hasher.toArray())).toEqual(texts.flatMap((t) => naiveFingerprint(t, shingle)));
    }
  });

  it("gives near-duplicate texts close fingerprints and unrelated ones distant", () => {
    const rng = new Random(51);
    const words = Array.from({ length: 500 }, (_, i) => `w${i}`);
    const base = Array.from({ length: 300 }, () => words[rng.int(words.length)]);
    const edited = [...base];
    edited[100] = "changed";
    const other = Array.from({ length: 300 }, () => words[rng.int(words.length)]);
    const hasher = new SimHasher();
    for (const doc of [base, edited, other, base]) hasher.add(doc.join(" "));
    const f = hasher.toArray();
    expect(hammingDistance(f, 0, 3)).toBe(0);
    expect(hammingDistance(f, 0, 1)).toBeLessThanOrEqual(6);
    expect(hammingDistance(f, 0, 2)).toBeGreaterThan(15);
  });
});

describe("nearDuplicateClusters", () => {
  it("equals all-pairs comparison on fingerprints with planted near copies", () => {
    const rng = new Random(52);
    for (let round = 0; round < 40; round++) {
      const maxDistance = round % 8;
      const n = 1 + rng.int(120);
      const f = new Uint32Array(2 * n);
      for (let d = 0; d < n; d++) {
        if (d > 0 && rng.int(2) === 0) {
          // A copy of an earlier fingerprint with a few bits flipped.
          const source = rng.int(d);
          f[2 * d] = f[2 * source];
          f[2 * d + 1] = f[2 * source + 1];
          for (let flips = rng.int(maxDistance + 3); flips > 0; flips--) {
            const bit = rng.int(64);
            f[2 * d + (bit >>> 5)] ^= 1 << (bit & 31);
          }
        } else {
          f[2 * d] = rng.u32();
          f[2 * d + 1] = rng.u32();
        }
      }
      expect(Array.from(nearDuplicateClusters(f, maxDistance))).toEqual(naiveClusters(f, maxDistance));
    }
  });

  it("handles no documents and refuses bad distances", () => {
    expect(nearDuplicateClusters(new Uint32Array(0), 3).length).toBe(0);
    expect(() => nearDuplicateClusters(new Uint32Array(2), -1)).toThrow(RangeError);
    expect(() => nearDuplicateClusters(new Uint32Array(2), 16)).toThrow(RangeError);
  });
});
