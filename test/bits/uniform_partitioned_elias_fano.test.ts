import { describe, expect, it } from "vitest";
import { UniformPartitionedEliasFano, UniformPartitionedEliasFanoBuilder, PARTITION } from "../../src/bits/uniform_partitioned_elias_fano.js";
import { ContainerWriter, Container } from "../../src/container/container.js";
import { Random } from "../helpers/random.js";

function check(values: number[]): void {
  const seq = UniformPartitionedEliasFano.build(values);
  const out = new ContainerWriter("test");
  seq.write(out, "s");
  const back = UniformPartitionedEliasFano.read(Container.from(out.toBytes()), "s");
  expect(back.length).toBe(values.length);
  for (let i = 0; i < values.length; i++) expect(back.access(i)).toBe(values[i]);
  const c = back.cursor();
  for (let i = 0; i < values.length; i++) expect(c.next()).toBe(values[i]);
  expect(c.next()).toBe(-1);
  const rnd = new Random(values.length);
  for (let t = 0; t < 50 && values.length > 0; t++) {
    const i = rnd.int(values.length);
    c.reset(i);
    for (let j = i; j < Math.min(values.length, i + 300); j++) expect(c.next()).toBe(values[j]);
  }
}

describe("UniformPartitionedEliasFano", () => {
  const rnd = new Random(21);
  it("handles empty, single, all-equal and zero sequences", () => {
    check([]);
    check([0]);
    check([7]);
    check(Array(1000).fill(5));
    check(Array(300).fill(0));
  });

  it("matches the values at every length around the partition size", () => {
    for (const n of [PARTITION - 1, PARTITION, PARTITION + 1, 2 * PARTITION, 5 * PARTITION + 3]) check(rnd.sortedInts(n, 1000));
  });

  it("matches random dense, sparse and clustered sequences, beyond 2^32", () => {
    check(rnd.sortedInts(5000, 6000));
    check(rnd.sortedInts(3000, 2 ** 32));
    check(rnd.sortedInts(2000, 2 ** 45));
    const clustered: number[] = [];
    let v = 0;
    for (let i = 0; i < 4000; i++) {
      v += rnd.next() < 0.02 ? rnd.int(1e6) : rnd.int(3);
      clustered.push(v);
    }
    check(clustered);
  });

  it("is smaller than plain Elias-Fano bounds on clustered data", () => {
    const values: number[] = [];
    let v = 0;
    for (let i = 0; i < 100000; i++) {
      v += i % 1000 === 0 ? 1e6 : 1 + rnd.int(4);
      values.push(v);
    }
    const bitsPerValue = UniformPartitionedEliasFano.build(values).sizeInBits() / values.length;
    expect(bitsPerValue).toBeLessThan(2 + Math.ceil(Math.log2(v / values.length)));
  });

  it("finds values inside ranges like a linear scan", () => {
    const values = rnd.sortedInts(3000, 20000);
    const seq = UniformPartitionedEliasFano.build(values);
    for (let t = 0; t < 3000; t++) {
      const begin = rnd.int(values.length);
      const end = begin + rnd.int(values.length - begin + 1);
      const x = rnd.next() < 0.5 && end > begin ? values[begin + rnd.int(end - begin)] : rnd.int(20001);
      const expected = values.slice(begin, end).indexOf(x);
      expect(seq.findInRange(begin, end, x)).toBe(expected < 0 ? -1 : begin + expected);
    }
  });

  it("refuses values out of order, naming the position, and a wrong number of values", () => {
    expect(() => UniformPartitionedEliasFano.build([1, 3, 2])).toThrow(/value 2 at 2 breaks the order/);
    const long = Array.from({ length: 300 }, (_, i) => i);
    long[PARTITION] = 0;
    expect(() => UniformPartitionedEliasFano.build(long)).toThrow(new RegExp(`value 0 at ${PARTITION} breaks the order`));
    const b = new UniformPartitionedEliasFanoBuilder(2);
    b.push(4);
    expect(() => b.build()).toThrow(/1 values pushed, 2 announced/);
    b.push(4);
    expect(() => b.push(5)).toThrow(/more than the 2 values announced/);
  });
});
