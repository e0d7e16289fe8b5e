import { describe, expect, it } from "vitest";
import { CompactVector, CompactVectorBuilder, widthFor } from "../../src/bits/compact_vector.js";
import { ContainerWriter, Container } from "../../src/container/container.js";
import { Random } from "../helpers/random.js";

describe("CompactVector", () => {
  it("chooses the smallest width", () => {
    expect(widthFor(0)).toBe(1);
    expect(widthFor(1)).toBe(1);
    expect(widthFor(2)).toBe(2);
    expect(widthFor(255)).toBe(8);
    expect(widthFor(256)).toBe(9);
    expect(widthFor(2 ** 32 - 1)).toBe(32);
    expect(widthFor(2 ** 53 - 1)).toBe(53);
  });

  it("stores values of every width 1..53 and reads them back after a container round trip", () => {
    const rnd = new Random(5);
    for (let width = 1; width <= 53; width++) {
      const n = 1 + rnd.int(700);
      const values = Array.from({ length: n }, () => rnd.int(2 ** width));
      values[0] = 2 ** width - 1;
      const cv = CompactVector.from(values, width);
      const out = new ContainerWriter("test");
      cv.write(out, "cv");
      const back = CompactVector.read(Container.from(out.toBytes()), "cv");
      for (let i = 0; i < n; i++) expect(back.get(i)).toBe(values[i]);
      expect(back.sizeInBits()).toBe(Math.ceil((n * width) / 32) * 32);
    }
  });

  it("handles the empty vector and overwrites in any order", () => {
    expect(CompactVector.from([]).length).toBe(0);
    const b = new CompactVectorBuilder(100, 7);
    for (let i = 99; i >= 0; i--) b.set(i, 127);
    for (let i = 0; i < 100; i += 3) b.set(i, i);
    const v = b.build();
    for (let i = 0; i < 100; i++) expect(v.get(i)).toBe(i % 3 === 0 ? i : 127);
  });

  it("refuses values that do not fit and widths out of range", () => {
    expect(() => new CompactVectorBuilder(4, 3).set(0, 8)).toThrow(/does not fit/);
    expect(() => new CompactVectorBuilder(4, 54)).toThrow(/outside 1..53/);
  });
});
