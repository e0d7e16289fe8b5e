import { describe, expect, it } from "vitest";
import { EliasFano, EliasFanoBuilder } from "../../src/bits/elias_fano.js";
import { ceilLog2 } from "../../src/bits/broadword.js";
import { Container, ContainerWriter } from "../../src/container/container.js";
import { Random } from "../helpers/random.js";
import { checkSequence, clusteredInts } from "./sequence_checks.js";

function roundTrip(ef: EliasFano): EliasFano {
  const out = new ContainerWriter("test");
  ef.write(out, "ef");
  return EliasFano.read(Container.from(out.toBytes()), "ef");
}

function check(values: number[], universe: number, seed = 1): EliasFano {
  const ef = EliasFano.build(values, universe);
  expect(ef.universe).toBe(universe);
  checkSequence(values, universe, ef, new Random(seed));
  for (let i = 0; i + 1 < Math.min(values.length, 3000); i++) {
    if (ef.diff(i) !== values[i + 1] - values[i]) expect(ef.diff(i), `diff(${i})`).toBe(values[i + 1] - values[i]);
  }
  return ef;
}

describe("EliasFano", () => {
  it("handles the empty sequence", () => {
    const ef = EliasFano.build([]);
    expect(ef.length).toBe(0);
    expect(ef.nextGEQ(0)).toBe(0);
    expect(ef.nextGEQInRange(0, 0, 5)).toBe(0);
    expect(ef.findInRange(0, 0, 5)).toBe(-1);
    expect(ef.cursor().next()).toBe(-1);
    expect(roundTrip(ef).nextGEQ(3)).toBe(0);
    check([], 100);
  });

  it("handles one element", () => {
    for (const [v, u] of [[0, 1], [0, 1000], [999, 1000], [2 ** 40 - 1, 2 ** 40], [5, 2 ** 53 - 1]]) check([v], u);
  });

  it("handles all-equal values, in one crowded bucket", () => {
    check(new Array(5000).fill(7), 8);
    check(new Array(5000).fill(123456), 2 ** 33);
    check(new Array(70000).fill(0), 1);
  });

  it("handles dense (consecutive) and very sparse sequences", () => {
    check(Array.from({ length: 5000 }, (_, i) => i), 5000);
    check(Array.from({ length: 3000 }, (_, i) => i * 1_000_003), 3000 * 1_000_003);
    check(Array.from({ length: 100 }, (_, i) => i * 2 ** 40), 100 * 2 ** 40);
  });

  it("matches the oracle on random sequences across block and sample boundaries", () => {
    const rng = new Random(7);
    for (const n of [2, 255, 256, 257, 1023, 1024, 1025, 2049, 65537]) {
      for (const ratio of [1, 3, 100, 1e6]) {
        const u = Math.max(1, Math.floor(n * ratio));
        check(rng.sortedInts(n, u), u, n);
      }
    }
  });

  it("works with universes near and beyond 2^32", () => {
    const rng = new Random(8);
    for (const u of [2 ** 32 - 1, 2 ** 32, 2 ** 32 + 5, 2 ** 40, 2 ** 53 - 1]) {
      check(rng.sortedInts(3000, u), u);
      check(rng.sortedInts(70000, u), u);
    }
  });

  it("handles clustered sequences with long crowded buckets", () => {
    const rng = new Random(9);
    check(clusteredInts(rng, 70000, 2 ** 34), 2 ** 34);
    // One huge bucket followed by a lone far value: nextGEQ must jump, not scan.
    const values = Array.from({ length: 20000 }, (_, i) => i >> 3);
    values.push(2 ** 40);
    check(values, 2 ** 40 + 1);
  });

  it("builds the same structure through the streaming builder", () => {
    const rng = new Random(10);
    const values = rng.sortedInts(10000, 2 ** 36);
    const b = new EliasFanoBuilder(values.length, 2 ** 36);
    for (const v of values) b.push(v);
    const ef = b.build();
    checkSequence(values, 2 ** 36, ef, rng);
    expect(ef.sizeInBits()).toBe(EliasFano.build(values, 2 ** 36).sizeInBits());
  });

  it("refuses unsorted, out-of-range and miscounted input", () => {
    expect(() => EliasFano.build([3, 2], 10)).toThrow(/elias_fano\.ts: value #1 = 2/);
    expect(() => EliasFano.build([3, 12], 10)).toThrow(/below the universe/);
    expect(() => EliasFano.build([1.5], 10)).toThrow(/integer/);
    const b = new EliasFanoBuilder(2, 10);
    b.push(1);
    expect(() => b.build()).toThrow(/1 values pushed, 2 announced/);
  });

  it("stays within 3% of n·(2 + ⌈log2(U/n)⌉) bits, select indexes aside", () => {
    const rng = new Random(11);
    for (const [n, u] of [[100000, 100000], [100000, 2 ** 20], [100000, 3 * 10 ** 7], [100000, 2 ** 40], [200000, 2 ** 32 - 1]]) {
      const ef = EliasFano.build(rng.sortedInts(n, u), u);
      const data = ef.store.high.sizeInBits() + ef.store.low.sizeInBits();
      const bound = n * (2 + ceilLog2(Math.ceil(u / n)));
      expect(data).toBeLessThanOrEqual(bound * 1.03);
      // The two select indexes add about 3/32 of the high bits each.
      expect(ef.sizeInBits() - data).toBeLessThan(0.2 * ef.store.high.sizeInBits() + 256);
    }
  });

  it("round-trips through a container", () => {
    const rng = new Random(12);
    for (const [n, u] of [[0, 0], [1, 1], [5000, 2 ** 40], [70000, 2 ** 30]]) {
      const values = rng.sortedInts(n, u);
      checkSequence(values, u, roundTrip(EliasFano.build(values, u)), rng, 500);
    }
  });
});
