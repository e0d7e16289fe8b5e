import { describe, expect, it } from "vitest";
import { fmix32, hashBytes, hashState, hashString, hashTuple } from "../../src/hash/hash64.js";
import { Random } from "../helpers/random.js";

/** Both halves of the last hash, for comparisons. */
function both(lo: number): [number, number] {
  return [lo, hashState.hashHigh];
}

/** Number of adjacent equal values once sorted: the collisions of a list of hashes. */
function collisions(values: Float64Array | Uint32Array): number {
  values.sort();
  let c = 0;
  for (let i = 1; i < values.length; i++) if (values[i] === values[i - 1]) c++;
  return c;
}

describe("hash64", () => {
  it("gives fixed values, so files are the same on every machine", () => {
    expect(both(hashTuple(new Uint32Array([]), 0, 0))).toEqual([0xb1e9c30f, 0x1de81fa1]);
    expect(both(hashTuple(new Uint32Array([1, 2, 3]), 0, 3))).toEqual([0xe919981d, 0x86eeb685]);
    expect(both(hashTuple(new Uint32Array([9, 0xffffffff, 7, 5]), 1, 2))).toEqual([0x89a6b52d, 0xc9babf13]);
    expect(both(hashString(""))).toEqual([0x3d9e7bba, 0x74e235ce]);
    expect(both(hashString("the"))).toEqual([0x3ce80b47, 0x1cc717d1]);
    expect(both(hashString("naïve café ☕"))).toEqual([0x67ea92aa, 0x4ce67803]);
    expect(both(hashString("xx hello xx", 3, 8))).toEqual([0x8c5e049f, 0x9af3fe30]);
    expect(both(hashBytes(new Uint8Array([]), 0, 0))).toEqual([0x9623ff92, 0x4e7919da]);
    expect(both(hashBytes(new TextEncoder().encode("hello world"), 0, 11))).toEqual([0x39e0abd8, 0x8d999bc9]);
  });

  it("hashes ranges in place, the same as copies of them, and returns uint32 halves", () => {
    const rnd = new Random(3);
    const ids = Uint32Array.from({ length: 50 }, () => rnd.u32());
    const bytes = Uint8Array.from({ length: 50 }, () => rnd.int(256));
    const text = "the quick brown fox jumps over the lazy dog";
    for (let start = 0; start < 20; start++) {
      for (let end = start; end < start + 13; end++) {
        expect(both(hashTuple(ids, start, end - start))).toEqual(both(hashTuple(ids.slice(start, end), 0, end - start)));
        expect(both(hashBytes(bytes, start, end))).toEqual(both(hashBytes(bytes.slice(start, end), 0, end - start)));
        const [lo, hi] = both(hashString(text, start, end));
        expect([lo, hi]).toEqual(both(hashString(text.slice(start, end))));
        expect(lo >>> 0).toBe(lo);
        expect(hi >>> 0).toBe(hi);
      }
    }
  });

  it("tells apart trailing zeros, input kinds and swapped words", () => {
    const seen = new Set<string>();
    const key = (lo: number) => `${lo}:${hashState.hashHigh}`;
    for (let len = 0; len < 8; len++) {
      seen.add(key(hashTuple(new Uint32Array(8), 0, len)));
      seen.add(key(hashBytes(new Uint8Array(8), 0, len)));
      seen.add(key(hashString("\0".repeat(len))));
    }
    expect(seen.size).toBe(24);
    expect(hashTuple(Uint32Array.of(0x00620061), 0, 1)).not.toBe(hashString("ab"));
    expect(both(hashTuple(Uint32Array.of(1, 2), 0, 2))).not.toEqual(both(hashTuple(Uint32Array.of(2, 1), 0, 2)));
  });

  it("avalanches: flipping one input bit flips each output bit about half the time", () => {
    const rnd = new Random(7);
    const samples = 2000;
    // One word (tail only), a full block, a block and a tail, two blocks.
    for (const words of [1, 2, 3, 4]) {
      const flips = new Uint32Array(words * 32 * 64);
      const ids = new Uint32Array(words);
      for (let s = 0; s < samples; s++) {
        for (let w = 0; w < words; w++) ids[w] = rnd.u32();
        const [lo, hi] = both(hashTuple(ids, 0, words));
        for (let bit = 0; bit < words * 32; bit++) {
          ids[bit >>> 5] ^= 1 << (bit & 31);
          const [lo2, hi2] = both(hashTuple(ids, 0, words));
          ids[bit >>> 5] ^= 1 << (bit & 31);
          for (let o = 0; o < 32; o++) {
            flips[bit * 64 + o] += ((lo ^ lo2) >>> o) & 1;
            flips[bit * 64 + 32 + o] += ((hi ^ hi2) >>> o) & 1;
          }
        }
      }
      // 2000 samples: the standard deviation of a fair bit is 0.011, so 0.07 is over six of them.
      let worst = 0;
      for (const f of flips) worst = Math.max(worst, Math.abs(f / samples - 0.5));
      expect(worst).toBeLessThan(0.07);
    }
  });

  it("has the collision counts of a random function on millions of sequential keys", () => {
    const n = 2_000_000;
    const lo = new Uint32Array(n);
    const hi = new Uint32Array(n);
    const wide = new Float64Array(n);
    /** Hashes key i for every i < n with `hash`, then counts collisions of each half and of 53 bits. */
    const check = (hash: (i: number) => number) => {
      for (let i = 0; i < n; i++) {
        lo[i] = hash(i);
        hi[i] = hashState.hashHigh;
        wide[i] = hi[i] * 2 ** 21 + (lo[i] >>> 11); // 53 of the 64 bits, exactly representable
      }
      // Expected 32-bit collisions: n²/2^33 ≈ 466, standard deviation ≈ 22.
      const expected = (n * n) / 2 ** 33;
      expect(Math.abs(collisions(lo) - expected)).toBeLessThan(120);
      expect(Math.abs(collisions(hi) - expected)).toBeLessThan(120);
      expect(collisions(wide)).toBe(0);
    };
    const tuple = new Uint32Array(2);
    check((i) => {
      tuple[0] = i >>> 10;
      tuple[1] = i & 1023;
      return hashTuple(tuple, 0, 2);
    });
    check((i) => hashString(`w${i}`));
    const bytes = new Uint8Array(7);
    const view = new DataView(bytes.buffer);
    check((i) => {
      view.setUint32(1, i);
      return hashBytes(bytes, 1, 6 + (i & 1)); // i big-endian, then one or two zero bytes
    });
  });

  it("fmix32 is a bijection on a sample and maps 0 to 0", () => {
    expect(fmix32(0)).toBe(0);
    const out = new Uint32Array(1 << 16);
    for (let i = 0; i < out.length; i++) out[i] = fmix32(i * 65521);
    expect(collisions(out)).toBe(0);
  });
});
