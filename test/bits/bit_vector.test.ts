import { describe, expect, it } from "vitest";
import { BitVector, BitVectorBuilder, orBitsAt } from "../../src/bits/bit_vector.js";
import { ContainerWriter, Container } from "../../src/container/container.js";
import { Random } from "../helpers/random.js";

/** Oracle: bits kept one per array element. */
function valueAt(bits: number[], pos: number, width: number): number {
  let v = 0;
  for (let i = width - 1; i >= 0; i--) v = v * 2 + bits[pos + i];
  return v;
}

function randomFields(rnd: Random, count: number, maxWidth: number) {
  const fields: { value: number; width: number }[] = [];
  for (let i = 0; i < count; i++) {
    const width = rnd.int(maxWidth + 1);
    fields.push({ width, value: rnd.int(2 ** width) });
  }
  return fields;
}

describe("BitVector", () => {
  it("is empty when nothing is appended", () => {
    const v = new BitVectorBuilder().build();
    expect(v.length).toBe(0);
    expect(v.nextOne(0)).toBe(0);
  });

  it("reads back integers of every width 0..53 appended at every alignment", () => {
    const rnd = new Random(7);
    for (const maxWidth of [1, 7, 32, 53]) {
      const fields = randomFields(rnd, 3000, maxWidth);
      const b = new BitVectorBuilder();
      const bits: number[] = [];
      for (const { value, width } of fields) {
        b.appendWide(value, width);
        for (let i = 0; i < width; i++) bits.push(Math.floor(value / 2 ** i) % 2);
      }
      const v = b.build();
      expect(v.length).toBe(bits.length);
      let pos = 0;
      for (const { value, width } of fields) {
        expect(v.getBitsWide(pos, width)).toBe(value);
        pos += width;
      }
      for (let i = 0; i < 500; i++) {
        const width = 1 + rnd.int(Math.min(32, bits.length));
        const p = rnd.int(bits.length - width + 1);
        expect(v.getBits(p, width)).toBe(valueAt(bits, p, width));
      }
      for (let i = 0; i < bits.length; i++) expect(v.get(i)).toBe(bits[i]);
    }
  });

  it("pushBit, set and setBits agree with an array of bits", () => {
    const rnd = new Random(11);
    const n = 5000;
    const bits: number[] = [];
    const b = new BitVectorBuilder();
    for (let i = 0; i < n; i++) {
      const bit = rnd.int(2);
      b.pushBit(bit);
      bits.push(bit);
    }
    for (let i = 0; i < 1000; i++) {
      const width = 1 + rnd.int(53);
      const pos = rnd.int(n - width);
      const value = rnd.int(2 ** width);
      b.setBitsWide(pos, value, width);
      for (let k = 0; k < width; k++) bits[pos + k] = Math.floor(value / 2 ** k) % 2;
      const p = rnd.int(n);
      const bit = rnd.int(2);
      b.set(p, bit);
      bits[p] = bit;
    }
    const v = b.build();
    for (let i = 0; i < n; i++) expect(v.get(i)).toBe(bits[i]);
  });

  it("nextOne iterates exactly the set bits, dense and sparse", () => {
    const rnd = new Random(3);
    for (const density of [0, 0.001, 0.1, 0.5, 1]) {
      const n = 4099;
      const b = BitVectorBuilder.zeros(n);
      const ones: number[] = [];
      for (let i = 0; i < n; i++) {
        if (rnd.next() < density) {
          b.set(i, 1);
          ones.push(i);
        }
      }
      const v = b.build();
      const seen: number[] = [];
      v.forEachOne((p) => seen.push(p));
      expect(seen).toEqual(ones);
    }
  });

  it("round-trips through a container", () => {
    const b = new BitVectorBuilder();
    for (let i = 0; i < 1000; i++) b.append(i, 11);
    const v = b.build();
    const out = new ContainerWriter("test");
    v.write(out, "v");
    const back = BitVector.read(Container.from(out.toBytes()), "v");
    expect(back.length).toBe(v.length);
    expect(Array.from(back.words)).toEqual(Array.from(v.words));
  });
});

describe("orBitsAt", () => {
  it("concatenates bit arrays of any lengths at any offsets", () => {
    const rnd = new Random(77);
    for (let trial = 0; trial < 40; trial++) {
      const expected: number[] = [];
      const dst = new Uint32Array(400);
      for (let piece = 0; piece < 6; piece++) {
        const length = rnd.int(3) === 0 ? rnd.int(4) : rnd.int(300);
        const bits = Array.from({ length }, () => (rnd.next() < 0.5 ? 1 : 0));
        const src = new Uint32Array(((length + 31) >>> 5) + 1);
        bits.forEach((b, i) => (src[i >>> 5] |= b << (i & 31)));
        orBitsAt(dst, expected.length, src, length);
        expected.push(...bits);
      }
      const got = Array.from({ length: dst.length * 32 }, (_, i) => (dst[i >>> 5] >>> (i & 31)) & 1);
      expect(got).toEqual(Array.from({ length: dst.length * 32 }, (_, i) => (i < expected.length ? expected[i] : 0)));
    }
  });
});
