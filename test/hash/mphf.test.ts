import { describe, expect, it } from "vitest";
import { hashState, hashString, hashTuple } from "../../src/hash/hash64.js";
import { MinimalPerfectHash } from "../../src/hash/mphf.js";
import { Container, ContainerWriter, FormatError } from "../../src/container/container.js";
import { Random } from "../helpers/random.js";

function randomKeys(n: number, seed: number): { lo: Uint32Array; hi: Uint32Array } {
  const rnd = new Random(seed);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    lo[i] = rnd.u32();
    hi[i] = rnd.u32();
  }
  return { lo, hi };
}

/** The oracle: every key gets its own position in [0, n). */
function expectBijection(f: MinimalPerfectHash, lo: Uint32Array, hi: Uint32Array): Uint32Array {
  const n = lo.length;
  const seen = new Uint8Array(n);
  const positions = new Uint32Array(n);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const p = f.lookup(lo[i], hi[i]);
    if (!(Number.isInteger(p) && p >= 0 && p < n) || seen[p]) bad++;
    else seen[p] = 1;
    positions[i] = p;
  }
  expect(bad).toBe(0);
  return positions;
}

function roundTrip(f: MinimalPerfectHash): MinimalPerfectHash {
  const out = new ContainerWriter("mphf");
  f.write(out, "h");
  return MinimalPerfectHash.read(Container.from(out.toBytes()), "h");
}

describe("MinimalPerfectHash", () => {
  it("is a bijection onto [0, n) for random keys of many sizes", () => {
    const sizes = [0, 1, 2, 3, 4, 5, 7, 8, 10, 13, 17, 31, 64, 100, 255, 256, 257, 1000, 1023, 4096, 5000, 12345];
    for (const n of sizes) {
      for (let seed = 1; seed <= 3; seed++) {
        const { lo, hi } = randomKeys(n, n * 10 + seed);
        expectBijection(MinimalPerfectHash.build(lo, hi), lo, hi);
      }
    }
  });

  it("is a bijection for 300k keys, with every lambda and alpha option in range", () => {
    const { lo, hi } = randomKeys(300_000, 99);
    const f = MinimalPerfectHash.build(lo, hi);
    expectBijection(f, lo, hi);
    expect(f.sizeInBits() / lo.length).toBeLessThan(3);
    for (const options of [{ lambda: 1 }, { lambda: 3 }, { lambda: 4.5, alpha: 0.97 }, { alpha: 1 }, { seed: 12345 }]) {
      const small = randomKeys(20_000, 5);
      expectBijection(MinimalPerfectHash.build(small.lo, small.hi, options), small.lo, small.hi);
    }
  });

  it("handles keys that share a half or are close together", () => {
    const n = 50_000;
    const sameHi = { lo: Uint32Array.from({ length: n }, (_, i) => i), hi: new Uint32Array(n).fill(7) };
    const sameLo = { lo: new Uint32Array(n).fill(0xffffffff), hi: Uint32Array.from({ length: n }, (_, i) => i * 85899) };
    const extremes = { lo: Uint32Array.of(0, 0xffffffff, 0, 0xffffffff), hi: Uint32Array.of(0, 0, 0xffffffff, 0xffffffff) };
    for (const { lo, hi } of [sameHi, sameLo, extremes]) expectBijection(MinimalPerfectHash.build(lo, hi), lo, hi);
  });

  it("maps string keys and n-gram tuples through lookupString / lookupTuple", () => {
    const words: string[] = [];
    for (let i = 0; i < 30_000; i++) words.push(i % 3 === 0 ? `wörd${i}` : `w${i.toString(36)}`);
    words.push("", "a", "ab", "☕");
    const lo = new Uint32Array(words.length);
    const hi = new Uint32Array(words.length);
    words.forEach((w, i) => {
      lo[i] = hashString(w);
      hi[i] = hashState.hashHigh;
    });
    const f = MinimalPerfectHash.build(lo, hi);
    const positions = expectBijection(f, lo, hi);
    words.forEach((w, i) => expect(f.lookupString(w)).toBe(positions[i]));
    expect(f.lookupString(`<${words[5]}>`, 1, words[5].length + 1)).toBe(positions[5]);

    const rnd = new Random(11);
    const grams = new Uint32Array(3 * 20_000);
    for (let i = 0; i < grams.length; i++) grams[i] = i % 3 === 2 ? Math.floor(i / 3) : rnd.int(50);
    const glo = new Uint32Array(20_000);
    const ghi = new Uint32Array(20_000);
    for (let i = 0; i < 20_000; i++) {
      glo[i] = hashTuple(grams, 3 * i, 3);
      ghi[i] = hashState.hashHigh;
    }
    const g = MinimalPerfectHash.build(glo, ghi);
    const gpos = expectBijection(g, glo, ghi);
    for (let i = 0; i < 20_000; i++) expect(g.lookupTuple(grams, 3 * i, 3)).toBe(gpos[i]);
  });

  it("refuses duplicate keys with a clear error instead of looping", () => {
    const { lo, hi } = randomKeys(10_000, 3);
    lo[9_000] = lo[17];
    hi[9_000] = hi[17];
    expect(() => MinimalPerfectHash.build(lo, hi)).toThrow(/duplicate key, keys 17 and 9000 have the same 64-bit hash 0x/);
    expect(() => MinimalPerfectHash.build(lo, hi)).toThrow(expect.objectContaining({ first: 17, second: 9000 }));
    expect(() => MinimalPerfectHash.build(Uint32Array.of(5, 5), Uint32Array.of(6, 6))).toThrow(/duplicate key/);
    expect(() => MinimalPerfectHash.build(new Uint32Array(3), new Uint32Array(2))).toThrow(/differ in length/);
    expect(() => MinimalPerfectHash.build(new Uint32Array(3), new Uint32Array(3), { lambda: 0 })).toThrow(/lambda/);
  });

  it("is deterministic for the same keys and seed", () => {
    const { lo, hi } = randomKeys(20_000, 8);
    const a = MinimalPerfectHash.build(lo, hi);
    const b = MinimalPerfectHash.build(lo, hi);
    expect(b.seedMul).toBe(a.seedMul);
    expect(b.pilots).toEqual(a.pilots);
  });

  it("round-trips through a container with identical lookups and size", () => {
    for (const n of [0, 1, 2, 1000, 70_000]) {
      const { lo, hi } = randomKeys(n, 21);
      const f = MinimalPerfectHash.build(lo, hi);
      const g = roundTrip(f);
      expect(g.size).toBe(n);
      expect(g.sizeInBits()).toBe(f.sizeInBits());
      for (let i = 0; i < n; i++) expect(g.lookup(lo[i], hi[i])).toBe(f.lookup(lo[i], hi[i]));
      // Keys outside the set still land in [0, n) (or 0 for the empty function).
      const other = randomKeys(100, 22);
      for (let i = 0; i < 100; i++) {
        const p = g.lookup(other.lo[i], other.hi[i]);
        expect(p).toBe(f.lookup(other.lo[i], other.hi[i]));
        expect(p).toBeLessThan(Math.max(1, n));
      }
    }
  });

  it("refuses a file of another format version or with a part table that does not fit", () => {
    const { lo, hi } = randomKeys(1000, 4);
    const f = MinimalPerfectHash.build(lo, hi);
    const forge = (meta: number[], pilots: Uint8Array) => {
      const out = new ContainerWriter("mphf");
      out.add("h.pilots", pilots);
      out.add("h.parts", f.partOffsets);
      f.remap.write(out, "h.remap");
      out.addScalars("h.meta", meta);
      return Container.from(out.toBytes());
    };
    expect(MinimalPerfectHash.read(forge([1, 1000, f.seedMul], f.pilots), "h").lookup(lo[0], hi[0])).toBe(f.lookup(lo[0], hi[0]));
    expect(() => MinimalPerfectHash.read(forge([2, 1000, f.seedMul], f.pilots), "h")).toThrow(FormatError);
    expect(() => MinimalPerfectHash.read(forge([1, 999, f.seedMul], f.pilots), "h")).toThrow(FormatError);
    expect(() => MinimalPerfectHash.read(forge([1, 1000, f.seedMul], f.pilots.subarray(1)), "h")).toThrow(FormatError);
  });
});
