import { describe, expect, it } from "vitest";
import { BitVector, BitVectorBuilder } from "../../src/bits/bit_vector.js";
import {
  BitReader,
  BitWriter,
  deltaLength,
  gammaLength,
  MAX_CODE_VALUE,
  optimalRiceParameter,
  riceLength,
} from "../../src/bits/codes.js";
import { Random } from "../helpers/random.js";

type Code = "unary" | "gamma" | "delta" | "rice";

interface Item {
  code: Code;
  value: number;
  k: number;
}

function write(w: BitWriter, { code, value, k }: Item): void {
  if (code === "unary") w.writeUnary(value);
  else if (code === "gamma") w.writeGamma(value);
  else if (code === "delta") w.writeDelta(value);
  else w.writeRice(value, k);
}

function read(r: BitReader, { code, k }: Item): number {
  if (code === "unary") return r.readUnary();
  if (code === "gamma") return r.readGamma();
  if (code === "delta") return r.readDelta();
  return r.readRice(k);
}

function expectedLength({ code, value, k }: Item): number {
  if (code === "unary") return value + 1;
  if (code === "gamma") return gammaLength(value);
  if (code === "delta") return deltaLength(value);
  return riceLength(value, k);
}

/** Writes the items, checks each code's length, reads them back and checks where each one ends. */
function roundTrip(items: Item[]): void {
  const w = new BitWriter();
  const lengths: number[] = [];
  const ends: number[] = [];
  for (const item of items) {
    const before = w.length;
    write(w, item);
    lengths.push(w.length - before);
    ends.push(w.length);
  }
  expect(lengths).toEqual(items.map(expectedLength));
  const r = new BitReader(w.build());
  const values: number[] = [];
  const positions: number[] = [];
  for (const item of items) {
    values.push(read(r, item));
    positions.push(r.position);
  }
  expect(values).toEqual(items.map((item) => item.value));
  expect(positions).toEqual(ends);
  expect(r.position).toBe(r.bits.length);
}

/** Values of up to `maxBits` bits with a uniformly drawn bit length, so that every magnitude appears. */
function spread(rnd: Random, maxBits: number): number {
  const bits = rnd.int(maxBits + 1);
  return bits === 32 ? rnd.u32() : rnd.int(2 ** bits);
}

const EDGES = [0, 1, 2, 3, 4, 7, 8, 255, 256, 65535, 65536, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 32 - 2, MAX_CODE_VALUE];

describe("codes", () => {
  it("writes the documented bit patterns", () => {
    const w = new BitWriter();
    w.writeUnary(3); // 0001
    w.writeGamma(4); // x = 5 = 101b: 001 then low bits 01 (LSB first: 1, 0)
    w.writeRice(6, 2); // q = 1: 01, then r = 2 (LSB first: 0, 1)
    const v = w.build();
    const bits = Array.from({ length: v.length }, (_, i) => v.get(i)).join("");
    expect(bits).toBe("0001" + "001" + "10" + "01" + "01");
  });

  it("round-trips edge values of gamma, delta and rice", () => {
    for (const value of EDGES) {
      roundTrip([{ code: "gamma", value, k: 0 }]);
      roundTrip([{ code: "delta", value, k: 0 }]);
      for (const k of [0, 1, 5, 16, 30, 31]) {
        if (riceLength(value, k) < 1 << 20) roundTrip([{ code: "rice", value, k }]);
      }
    }
    for (let b = 1; b <= 32; b++) {
      for (const value of [2 ** b - 2, 2 ** b - 1, 2 ** b]) {
        if (value > MAX_CODE_VALUE) continue;
        roundTrip([{ code: "gamma", value, k: 0 }, { code: "delta", value, k: 0 }]);
      }
    }
  });

  it("round-trips unary edge values, including runs longer than a word", () => {
    roundTrip([0, 1, 31, 32, 33, 63, 64, 65, 1000, 100000].map((value) => ({ code: "unary" as const, value, k: 0 })));
  });

  it("round-trips each code alone on random values", () => {
    const rnd = new Random(1);
    for (const code of ["gamma", "delta"] as const) {
      roundTrip(Array.from({ length: 5000 }, () => ({ code, value: spread(rnd, 32), k: 0 })));
    }
    roundTrip(Array.from({ length: 5000 }, () => ({ code: "unary" as const, value: rnd.int(100), k: 0 })));
    for (const k of [0, 3, 12, 31]) {
      roundTrip(Array.from({ length: 2000 }, () => ({ code: "rice" as const, value: rnd.int(2 ** Math.min(32, k + 6)), k })));
    }
  });

  it("round-trips a mixed stream of codes and raw bits", () => {
    const rnd = new Random(2);
    const items: Item[] = [];
    for (let i = 0; i < 20000; i++) {
      const pick = rnd.int(4);
      if (pick === 0) items.push({ code: "unary", value: rnd.int(70), k: 0 });
      else if (pick === 1) items.push({ code: "gamma", value: spread(rnd, 32), k: 0 });
      else if (pick === 2) items.push({ code: "delta", value: spread(rnd, 32), k: 0 });
      else {
        const k = rnd.int(32);
        items.push({ code: "rice", value: rnd.int(2 ** Math.min(32, k + 5)), k });
      }
    }
    roundTrip(items);

    const w = new BitWriter();
    const raw: [number, number][] = [];
    for (let i = 0; i < 5000; i++) {
      const width = rnd.int(33);
      const value = width === 32 ? rnd.u32() : rnd.int(2 ** width);
      raw.push([value, width]);
      w.writeBits(value, width);
      w.writeGamma(value);
    }
    const r = new BitReader(w.build());
    for (const [value, width] of raw) {
      expect(r.readBits(width)).toBe(value);
      expect(r.readGamma()).toBe(value);
    }
  });

  it("reads codes that start at every offset within and across word boundaries", () => {
    for (let pad = 0; pad < 64; pad++) {
      for (const value of [0, 5, 1000, 2 ** 31, MAX_CODE_VALUE]) {
        const w = new BitWriter();
        w.bits.appendZeros(pad);
        w.writeGamma(value);
        w.writeDelta(value);
        w.writeRice(value, 31);
        const r = new BitReader(w.build(), pad);
        expect([r.readGamma(), r.readDelta(), r.readRice(31)]).toEqual([value, value, value]);
      }
    }
  });

  it("appends to an existing builder and reads from any position", () => {
    const b = new BitVectorBuilder();
    b.append(0b101, 3);
    const w = new BitWriter(b);
    w.writeDelta(12345);
    const r = new BitReader(w.build());
    r.position = 3;
    expect(r.readDelta()).toBe(12345);
  });

  it("refuses values out of range and reads past the end", () => {
    const w = new BitWriter();
    for (const bad of [-1, 0.5, 2 ** 32, NaN]) {
      expect(() => w.writeGamma(bad)).toThrow(RangeError);
      expect(() => w.writeDelta(bad)).toThrow(RangeError);
    }
    expect(() => w.writeRice(1, 32)).toThrow(RangeError);
    expect(() => w.writeRice(1, -1)).toThrow(RangeError);
    w.writeGamma(100);
    const v = w.build();
    expect(() => new BitReader(new BitVector(v.words, v.length - 1)).readGamma()).toThrow(RangeError);
    expect(() => new BitReader(v, v.length).readUnary()).toThrow(RangeError);
    expect(() => new BitReader(v, v.length - 1).readBits(2)).toThrow(RangeError);
    // 40 zeros then a one: a gamma prefix announcing more low bits than any 32-bit value has.
    const z = new BitWriter();
    z.writeUnary(40);
    z.writeBits(0, 32);
    z.writeBits(0, 32);
    expect(() => new BitReader(z.build()).readGamma()).toThrow(RangeError);
  });

  it("finds the Rice parameter of least total length", () => {
    const rnd = new Random(3);
    const cases: number[][] = [
      [],
      [0],
      [MAX_CODE_VALUE],
      Array.from({ length: 1000 }, () => 0),
      Array.from({ length: 1000 }, () => rnd.int(1000)),
      Array.from({ length: 1000 }, () => Math.floor(-Math.log(1 - rnd.next()) * 50)),
      Array.from({ length: 100 }, () => rnd.u32()),
    ];
    for (const values of cases) {
      const total = (k: number) => values.reduce((s, v) => s + riceLength(v, k), 0);
      const k = optimalRiceParameter(values);
      for (let j = 0; j <= 31; j++) expect(total(k)).toBeLessThanOrEqual(total(j));
    }
    expect(optimalRiceParameter([])).toBe(0);
  });
});
