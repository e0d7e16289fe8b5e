import { describe, expect, it } from "vitest";
import { floorLog2 } from "../../src/bits/broadword.js";
import { IndexedCodewords } from "../../src/bits/indexed_codewords.js";
import {
  type IntSequence,
  prefixSums,
  PrefixSummedEliasFano,
  PrefixSummedPartitionedEliasFano,
} from "../../src/bits/prefix_summed.js";
import { Container, ContainerWriter } from "../../src/container/container.js";
import { Random } from "../helpers/random.js";

interface Kind {
  name: string;
  build(values: ArrayLike<number>): IntSequence;
  read(c: Container, name: string): IntSequence;
}

const KINDS: Kind[] = [
  { name: "IC", build: (v) => IndexedCodewords.build(v), read: (c, n) => IndexedCodewords.read(c, n) },
  { name: "PSEF", build: (v) => PrefixSummedEliasFano.build(v), read: (c, n) => PrefixSummedEliasFano.read(c, n) },
  {
    name: "PSPEF",
    build: (v) => PrefixSummedPartitionedEliasFano.build(v),
    read: (c, n) => PrefixSummedPartitionedEliasFano.read(c, n),
  },
];

function contents(s: IntSequence): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) out.push(s.access(i));
  return out;
}

/** Builds, checks every value against the array, then checks the same after a trip through a container. */
function check(kind: Kind, values: number[]): void {
  const s = kind.build(values);
  expect(s.length).toBe(values.length);
  expect(contents(s)).toEqual(values);
  const out = new ContainerWriter("ranks-test");
  s.write(out, "ranks");
  const loaded = kind.read(Container.from(out.toBytes(), { kind: "ranks-test" }), "ranks");
  expect(loaded.length).toBe(values.length);
  expect(loaded.sizeInBits()).toBe(s.sizeInBits());
  expect(contents(loaded)).toEqual(values);
}

/** P(v) = p (1 − p)^v: the shape of count ranks, where rank 0 is the most frequent count. */
function geometric(rnd: Random, n: number, p: number): number[] {
  const scale = 1 / Math.log(1 - p);
  return Array.from({ length: n }, () => Math.floor(Math.log(1 - rnd.next()) * scale));
}

describe.each(KINDS)("$name rank sequence", (kind) => {
  it("holds the empty sequence", () => check(kind, []));

  it("holds one element", () => {
    for (const v of [0, 1, 2, 5, 6, 1000, 2 ** 31, 2 ** 32 - 1]) check(kind, [v]);
  });

  it("holds all zeros and all ones", () => {
    for (const n of [1, 2, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1000, 4096, 20000]) {
      check(kind, new Array<number>(n).fill(0));
      check(kind, new Array<number>(n).fill(1));
    }
  });

  it("holds random geometric ranks", () => {
    const rnd = new Random(11);
    for (const p of [0.5, 0.2, 0.9]) check(kind, geometric(rnd, 30000, p));
    for (let n = 0; n < 300; n += 7) check(kind, geometric(rnd, n, 0.5));
  });

  it("holds every codeword length boundary and large values", () => {
    const rnd = new Random(12);
    const edges: number[] = [];
    for (let b = 1; b <= 32; b++) edges.push(2 ** b - 3, 2 ** b - 2, 2 ** b - 1);
    edges.push(2 ** 32 - 1);
    check(kind, edges.filter((v) => v >= 0 && v <= 2 ** 32 - 1));
    check(kind, Array.from({ length: 2000 }, () => (rnd.int(10) === 0 ? rnd.u32() : rnd.int(4))));
  });

  it("refuses negative and fractional values", () => {
    expect(() => kind.build([1, -1])).toThrow(RangeError);
    expect(() => kind.build([0.5])).toThrow(RangeError);
  });
});

describe("indexed codewords", () => {
  it("spends ⌊log2(v + 2)⌋ bits on the codeword of v", () => {
    const rnd = new Random(13);
    const values = geometric(rnd, 5000, 0.3);
    const ic = IndexedCodewords.build(values);
    expect(ic.codewords.length).toBe(values.reduce((s, v) => s + floorLog2(v + 2), 0));
    expect([0, 1, 2, 5, 6, 13, 14].map((v) => IndexedCodewords.build([v]).codewords.length)).toEqual([1, 1, 2, 2, 3, 3, 4]);
  });

  it("refuses values beyond 32-bit codewords", () => {
    expect(() => IndexedCodewords.build([2 ** 32])).toThrow(RangeError);
  });
});

describe("prefixSums", () => {
  it("starts at zero and ends at the total", () => {
    expect(Array.from(prefixSums([]))).toEqual([0]);
    expect(Array.from(prefixSums([3, 0, 2]))).toEqual([0, 3, 3, 5]);
    expect(prefixSums([2 ** 32 - 1, 2 ** 32 - 1])[2]).toBe(2 ** 33 - 2);
  });
});
