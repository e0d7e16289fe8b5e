import { describe, expect, it } from "vitest";
import { buildSuffixArray } from "../../src/dedup/suffix_array.js";
import { buildPlcp } from "../../src/dedup/lcp.js";
import { NO_SEPARATOR } from "../../src/dedup/documents.js";
import { Random } from "../helpers/random.js";
import { naiveSuffixArray } from "./oracle.js";

function bytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

function fibonacci(length: number): Uint8Array {
  let a = "b";
  let b = "a";
  while (b.length < length) [a, b] = [b, b + a];
  return bytes(b.slice(0, length));
}

function randomBytes(rng: Random, n: number, alphabet: number): Uint8Array {
  const t = new Uint8Array(n);
  for (let i = 0; i < n; i++) t[i] = rng.int(alphabet);
  return t;
}

function check(text: Uint8Array | Uint32Array | Int32Array): void {
  expect(Array.from(buildSuffixArray(text))).toEqual(naiveSuffixArray(text));
}

describe("buildSuffixArray over bytes", () => {
  it("handles empty and one-symbol texts", () => {
    expect(buildSuffixArray(new Uint8Array(0)).length).toBe(0);
    check(bytes("a"));
    check(new Uint8Array([0]));
    check(new Uint8Array([255]));
  });

  it("sorts all-equal, periodic and Fibonacci strings", () => {
    for (const n of [2, 3, 4, 5, 17, 64, 1000]) check(new Uint8Array(n).fill(97));
    check(bytes("abababababababababab"));
    check(bytes("abcabcabcabcabcabcab"));
    check(bytes("aabaabaabaabaabaab"));
    check(bytes("mississippi"));
    check(bytes("banana"));
    check(bytes("zyxwvutsrqponmlkjihgfedcba"));
    check(bytes("abcdefghijklmnopqrstuvwxyz"));
    for (const n of [1, 2, 3, 8, 13, 100, 987, 2000]) check(fibonacci(n));
  });

  it("sorts random texts over small and full byte alphabets", () => {
    const rng = new Random(1);
    for (let round = 0; round < 300; round++) {
      const alphabet = [1, 2, 3, 4, 26, 256][round % 6];
      check(randomBytes(rng, 1 + rng.int(300), alphabet));
    }
    check(randomBytes(rng, 5000, 2));
    check(randomBytes(rng, 5000, 256));
  });

  it("sorts texts with long repeats (deep recursion)", () => {
    const rng = new Random(2);
    const block = randomBytes(rng, 50, 4);
    const t = new Uint8Array(3000);
    for (let i = 0; i < t.length; i++) t[i] = block[i % 50] ^ (rng.int(40) === 0 ? 1 : 0);
    check(t);
  });
});

describe("buildSuffixArray with scratch memory", () => {
  it("sorts the same with scratch full of garbage, and the PLCP array can then reuse that memory", () => {
    const rnd = new Random(21);
    for (const n of [0, 1, 2, 100, 5000]) {
      const text = Uint8Array.from({ length: n }, () => 97 + rnd.int(rnd.int(2) === 0 ? 2 : 26));
      const plcpMemory = new Int32Array(n + 1).fill(-7);
      const sa = buildSuffixArray(text, new Uint8Array(plcpMemory.buffer));
      expect(Array.from(sa)).toEqual(naiveSuffixArray(text));
      const into = plcpMemory.subarray(0, n);
      expect(buildPlcp(text, sa, NO_SEPARATOR, into)).toBe(into);
      expect(Array.from(into)).toEqual(Array.from(buildPlcp(text, sa)));
    }
    expect(() => buildPlcp(new Uint8Array(3), new Int32Array(3), NO_SEPARATOR, new Int32Array(2))).toThrow(/output of 2 entries for 3 positions/);
  });
});

describe("buildSuffixArray naming of LMS substrings", () => {
  // Names come from where the induced order changes, not from comparing substrings: texts with many equal
  // LMS substrings, a last substring that matches others up to the end, and deep recursion.
  it("sorts periodic texts, whole and cut anywhere in the period", () => {
    for (const period of ["ab", "ba", "abc", "acb", "aab", "abb", "abcab", "abaabab"]) {
      for (let n = period.length; n < 60; n++) check(bytes(period.repeat(Math.ceil(n / period.length)).slice(0, n)));
    }
  });

  it("sorts repeated blocks with rare changes (deep recursion) over several alphabets", () => {
    const rng = new Random(6);
    for (const alphabet of [2, 3, 4, 16, 256]) {
      for (const blockLength of [3, 7, 20]) {
        const block = randomBytes(rng, blockLength, alphabet);
        const t = new Uint8Array(600 + rng.int(600));
        for (let i = 0; i < t.length; i++) t[i] = rng.int(60) === 0 ? rng.int(alphabet) : block[i % blockLength];
        check(t);
      }
    }
  });

  it("sorts texts whose lengths cross the warming block (512)", () => {
    const rng = new Random(7);
    for (const n of [511, 512, 513, 1023, 1024, 1025, 1537]) {
      check(randomBytes(rng, n, 4));
      check(fibonacci(n));
    }
  });

  it("sorts integer texts whose reduced strings have many names", () => {
    const rng = new Random(8);
    for (let round = 0; round < 20; round++) {
      const block = Uint32Array.from({ length: 5 + rng.int(30) }, () => rng.int(1000));
      check(Uint32Array.from({ length: 400 + rng.int(400) }, (_, i) => (rng.int(30) === 0 ? rng.int(1000) : block[i % block.length])));
    }
  });
});

describe("buildSuffixArray over integer symbols", () => {
  it("sorts Uint32Array symbols up to 2^32-1 as unsigned", () => {
    const rng = new Random(3);
    check(new Uint32Array([0xffffffff, 0, 0xffffffff, 0x80000000, 0xffffffff, 0]));
    for (let round = 0; round < 100; round++) {
      const n = 1 + rng.int(200);
      const distinct = Array.from({ length: 1 + rng.int(20) }, () => rng.u32());
      check(Uint32Array.from({ length: n }, () => distinct[rng.int(distinct.length)]));
      check(Uint32Array.from({ length: n }, () => rng.u32()));
      check(Uint32Array.from({ length: n }, () => rng.int(3)));
    }
  });

  it("ranks a few symbols far above the others (document separators beside token ids)", () => {
    const rng = new Random(5);
    for (let round = 0; round < 50; round++) {
      const outliers = [0xffffffff, 0xfffffffe, 0x80000000].slice(0, 1 + rng.int(3));
      const n = 1 + rng.int(300);
      check(Uint32Array.from({ length: n }, () => (rng.int(8) === 0 ? outliers[rng.int(outliers.length)] : rng.int(1 + rng.int(1000)))));
      check(Int32Array.from({ length: n }, () => (rng.int(8) === 0 ? 0x7fffffff - rng.int(2) : rng.int(50) - 25)));
    }
  });

  it("sorts Int32Array symbols as signed", () => {
    const rng = new Random(4);
    check(new Int32Array([-1, 5, -2147483648, 2147483647, -1, 5, 0]));
    for (let round = 0; round < 50; round++) {
      check(Int32Array.from({ length: 1 + rng.int(200) }, () => rng.u32() | 0));
      check(Int32Array.from({ length: 1 + rng.int(200) }, () => rng.int(5) - 2));
    }
  });

  it("handles all-equal and empty integer texts", () => {
    check(new Uint32Array(0));
    check(new Uint32Array(100).fill(0xffffffff));
    check(new Int32Array(1).fill(-7));
  });
});
