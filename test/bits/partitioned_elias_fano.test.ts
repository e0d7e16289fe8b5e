import { describe, expect, it } from "vitest";
import { EliasFano } from "../../src/bits/elias_fano.js";
import { PartitionedEliasFano } from "../../src/bits/partitioned_elias_fano.js";
import { Container, ContainerWriter } from "../../src/container/container.js";
import { Random } from "../helpers/random.js";
import { checkSequence, clusteredInts } from "./sequence_checks.js";

function roundTrip(pef: PartitionedEliasFano): PartitionedEliasFano {
  const out = new ContainerWriter("test");
  pef.write(out, "pef");
  return PartitionedEliasFano.read(Container.from(out.toBytes()), "pef");
}

function check(values: number[], universe: number, seed = 1): PartitionedEliasFano {
  const pef = PartitionedEliasFano.build(values, universe);
  expect(pef.universe).toBe(universe);
  checkSequence(values, universe, pef, new Random(seed));
  return pef;
}

/** Number of partitions of each encoding (kind & 3: consecutive, bitmap, Elias-Fano). */
function encodings(pef: PartitionedEliasFano): number[] {
  const counts = [0, 0, 0];
  for (const kind of pef.kinds) counts[kind & 3]++;
  return counts;
}

/** Runs of consecutive integers, dense bitmaps and sparse stretches, one after the other. */
function mixed(rng: Random, n: number): number[] {
  const values: number[] = [];
  let v = 0;
  while (values.length < n) {
    const shape = rng.int(3);
    const run = 50 + rng.int(3000);
    for (let j = 0; j < run && values.length < n; j++) {
      v += shape === 0 ? 1 : shape === 1 ? 1 + rng.int(3) : 1 + rng.int(100000);
      values.push(v);
    }
    v += rng.int(1 << 20);
  }
  return values;
}

describe("PartitionedEliasFano", () => {
  it("handles the empty sequence", () => {
    const pef = PartitionedEliasFano.build([]);
    expect(pef.length).toBe(0);
    expect(pef.nextGEQ(0)).toBe(0);
    expect(pef.findInRange(0, 0, 1)).toBe(-1);
    expect(pef.cursor().next()).toBe(-1);
    expect(roundTrip(pef).nextGEQ(7)).toBe(0);
  });

  it("handles one element", () => {
    for (const [v, u] of [[0, 1], [0, 1000], [999, 1000], [2 ** 40 - 1, 2 ** 40]]) check([v], u);
  });

  it("handles all-equal and repeated values (Elias-Fano partitions only)", () => {
    check(new Array(5000).fill(7), 8);
    check(new Array(3000).fill(2 ** 33), 2 ** 33 + 1);
    const rng = new Random(2);
    const repeats = rng.sortedInts(20000, 3000);
    const pef = check(repeats, 3000);
    expect(encodings(pef)[0] + encodings(pef)[1]).toBe(0);
  });

  it("encodes a run of consecutive integers in no bits", () => {
    const values = Array.from({ length: 100000 }, (_, i) => i + 12345);
    const pef = check(values, 200000);
    expect(encodings(pef)).toEqual([1, 0, 0]);
    expect(pef.efs.low.sizeInBits() + pef.efs.high.sizeInBits() + pef.bitmaps.sizeInBits()).toBe(0);
  });

  it("uses every encoding on mixed data and matches the oracle", () => {
    const rng = new Random(3);
    const values = mixed(rng, 100000);
    const u = values[values.length - 1] + 1;
    const pef = check(values, u, 3);
    expect(encodings(pef).every((c) => c > 0)).toBe(true);
    checkSequence(values, u, roundTrip(pef), rng, 1000);
  });

  it("matches the oracle on random sequences across block boundaries", () => {
    const rng = new Random(4);
    for (const n of [2, 255, 1023, 1024, 1025, 65537]) {
      for (const ratio of [1, 2, 100, 1e6]) {
        const u = Math.max(1, Math.floor(n * ratio));
        check(rng.sortedInts(n, u), u, n);
      }
    }
  });

  it("works with universes near and beyond 2^32", () => {
    const rng = new Random(5);
    for (const u of [2 ** 32 - 1, 2 ** 32, 2 ** 40]) {
      check(rng.sortedInts(5000, u), u);
      check(clusteredInts(rng, 30000, u), u);
    }
  });

  it("is smaller than plain Elias-Fano on clustered data, and not much bigger on uniform data", () => {
    const rng = new Random(6);
    const clustered = clusteredInts(rng, 200000, 2 ** 32);
    const efClustered = EliasFano.build(clustered, 2 ** 32).sizeInBits();
    const pefClustered = PartitionedEliasFano.build(clustered, 2 ** 32).sizeInBits();
    expect(pefClustered).toBeLessThan(efClustered * 0.75);

    const uniform = rng.sortedInts(200000, 2 ** 32);
    const efUniform = EliasFano.build(uniform, 2 ** 32).sizeInBits();
    expect(PartitionedEliasFano.build(uniform, 2 ** 32).sizeInBits()).toBeLessThan(efUniform * 1.05);
  });

  it("refuses unsorted and out-of-range input", () => {
    expect(() => PartitionedEliasFano.build([3, 2], 10)).toThrow(/partitioned_elias_fano\.ts: value #1 = 2/);
    expect(() => PartitionedEliasFano.build([3, 12], 10)).toThrow(/below the universe/);
  });

  it("round-trips through a container", () => {
    const rng = new Random(7);
    for (const values of [[5], rng.sortedInts(5000, 2 ** 40), clusteredInts(rng, 50000, 2 ** 30)]) {
      const u = values[values.length - 1] + 1;
      checkSequence(values, u, roundTrip(PartitionedEliasFano.build(values, u)), rng, 500);
    }
  });
});
