import { describe, expect, it } from "vitest";
import { BitVector, BitVectorBuilder } from "../../src/bits/bit_vector.js";
import { DArray, RankIndex, RankSelect } from "../../src/bits/rank_select.js";
import { Container, ContainerWriter } from "../../src/container/container.js";
import { Random } from "../helpers/random.js";

function vectorOf(bits: ArrayLike<number>): BitVector {
  const b = new BitVectorBuilder();
  for (let i = 0; i < bits.length; i++) b.pushBit(bits[i]);
  return b.build();
}

function randomBits(rng: Random, n: number, density: number): number[] {
  const bits: number[] = [];
  for (let i = 0; i < n; i++) bits.push(rng.next() < density ? 1 : 0);
  return bits;
}

/** Checks every rank and every select of both flavours against linear scans. */
function checkAll(bits: number[], rs: RankSelect): void {
  const ones: number[] = [];
  const zeros: number[] = [];
  let rank = 0;
  for (let i = 0; i <= bits.length; i++) {
    if (rs.rank1(i) !== rank) expect(rs.rank1(i), `rank1(${i})`).toBe(rank);
    if (rs.rank0(i) !== i - rank) expect(rs.rank0(i), `rank0(${i})`).toBe(i - rank);
    if (i < bits.length) {
      if (bits[i]) ones.push(i);
      else zeros.push(i);
      rank += bits[i];
    }
  }
  expect(rs.ones.count).toBe(ones.length);
  expect(rs.zeros.count).toBe(zeros.length);
  for (let k = 0; k < ones.length; k++) if (rs.select1(k) !== ones[k]) expect(rs.select1(k), `select1(${k})`).toBe(ones[k]);
  for (let k = 0; k < zeros.length; k++) if (rs.select0(k) !== zeros[k]) expect(rs.select0(k), `select0(${k})`).toBe(zeros[k]);
}

function roundTrip(rs: RankSelect): RankSelect {
  const out = new ContainerWriter("test");
  rs.write(out, "rs");
  return RankSelect.read(Container.from(out.toBytes()), "rs");
}

describe("RankSelect", () => {
  it("handles the empty vector", () => {
    const rs = RankSelect.build(vectorOf([]));
    expect(rs.rank1(0)).toBe(0);
    expect(rs.ones.count).toBe(0);
    expect(rs.zeros.count).toBe(0);
    checkAll([], roundTrip(rs));
  });

  it("handles single bits and all-equal vectors", () => {
    for (const bits of [[0], [1], new Array(5000).fill(1), new Array(5000).fill(0)]) checkAll(bits, RankSelect.build(vectorOf(bits)));
  });

  it("matches linear scans at every density and at block boundaries", () => {
    const rng = new Random(1);
    for (const n of [1, 31, 32, 33, 511, 512, 513, 1023, 1024, 1025, 2047, 2048, 2049, 70000]) {
      for (const density of [0.001, 0.05, 0.5, 0.95, 0.999]) {
        const bits = randomBits(rng, n, density);
        checkAll(bits, RankSelect.build(vectorOf(bits)));
      }
    }
  });

  it("counts selected bits that cross every block size exactly", () => {
    // 1023, 1024, 1025 and 65537 ones in a row, then zeros: every darray block and sub-sample boundary.
    for (const ones of [255, 256, 257, 1023, 1024, 1025, 65537]) {
      const bits = new Array(ones).fill(1).concat(new Array(100).fill(0));
      checkAll(bits, RankSelect.build(vectorOf(bits)));
    }
  });

  it("stores sparse blocks explicitly and mixes them with dense ones", () => {
    const rng = new Random(2);
    // Dense stretches separated by long gaps, so blocks alternate between the two kinds.
    const bits: number[] = [];
    for (let part = 0; part < 6; part++) {
      for (const b of randomBits(rng, 3000, 0.7)) bits.push(b);
      for (const b of randomBits(rng, 300000, 0.004)) bits.push(b);
    }
    const rs = RankSelect.build(vectorOf(bits));
    expect(rs.ones.overflow.length).toBeGreaterThan(0);
    expect(rs.zeros.overflow.length).toBe(0);
    checkAll(bits, rs);
    checkAll(bits, roundTrip(rs));
  });

  it("keeps the select index small on dense vectors", () => {
    const rng = new Random(3);
    const bits = randomBits(rng, 1 << 20, 0.5);
    const v = vectorOf(bits);
    expect(DArray.build(v, true).sizeInBits() / v.sizeInBits()).toBeLessThan(0.1);
    expect(DArray.build(v, false).sizeInBits() / v.sizeInBits()).toBeLessThan(0.1);
    expect(RankIndex.build(v).sizeInBits() / v.sizeInBits()).toBeLessThanOrEqual(0.13);
  });

  it("round-trips through a container", () => {
    const rng = new Random(4);
    const bits = randomBits(rng, 100000, 0.3);
    checkAll(bits, roundTrip(RankSelect.build(vectorOf(bits))));
  });
});
