import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { halfToFloat, npyToFloat32, readNpy, writeNpy, type NpyMatrix } from "../../src/embed/npy.js";

const FIXTURES = join(import.meta.dirname, "fixtures");
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
/** The values NumPy saved in every float fixture (5×3), printed by np.savetxt with 9 digits. */
const VALUES = readFileSync(join(FIXTURES, "f32_values.txt"), "utf8").trim().split("\n").flatMap((l) => l.split(" ").map(Number));

/**
 * A .npy file built by the format's rules, independently of the writer under test: the dict literal,
 * room for the first dimension to grow to 21 digits, spaces so the data starts on a multiple of 64, "\n".
 */
function npyBytes(version: 1 | 2, descr: string, shape: string, rows: number, data: Uint8Array): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }` + " ".repeat(21 - String(rows).length);
  const prefix = version === 1 ? 10 : 12;
  while ((prefix + header.length + 1) % 64 !== 0) header += " ";
  header += "\n";
  const out = new Uint8Array(prefix + header.length + data.length);
  out.set([0x93, ...Buffer.from("NUMPY"), version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(Buffer.from(header, "latin1"), prefix);
  out.set(data, prefix + header.length);
  return out;
}

describe(".npy files", () => {
  for (const name of ["f32_v1.npy", "f64_v1.npy", "f16_v1.npy", "f32_v2.npy", "f32_big_endian.npy", "f32_empty.npy"]) {
    it(`round-trips ${name} (written by NumPy) byte for byte`, () => {
      const bytes = fixture(name);
      const m = readNpy(bytes, name);
      expect(writeNpy(m)).toEqual(bytes);
    });
  }

  it("reads the values NumPy wrote, in every dtype and byte order", () => {
    for (const [name, digits] of [["f32_v1.npy", 6], ["f64_v1.npy", 6], ["f32_v2.npy", 6], ["f32_big_endian.npy", 6], ["f16_v1.npy", 2]] as const) {
      const m = readNpy(fixture(name), name);
      expect([m.rows, m.cols]).toEqual([5, 3]);
      Array.from(npyToFloat32(m)).forEach((x, i) => expect(x).toBeCloseTo(VALUES[i], digits));
    }
    expect(readNpy(fixture("f32_big_endian.npy")).littleEndian).toBe(false);
    expect(readNpy(fixture("f32_v2.npy")).version).toBe(2);
  });

  it("round-trips files built by the format's rules, versions 1.0 and 2.0, both byte orders", () => {
    const data = new Float64Array([1.5, -2.25, 3e300, Number.MIN_VALUE, -0, 7]);
    const raw = new Uint8Array(data.buffer);
    const swapped = raw.slice();
    for (let i = 0; i < swapped.length; i += 8) swapped.subarray(i, i + 8).reverse();
    for (const version of [1, 2] as const) {
      for (const [descr, bytes] of [["<f8", raw], [">f8", swapped]] as const) {
        const file = npyBytes(version, descr, "(2, 3)", 2, bytes);
        const m = readNpy(file);
        expect(Array.from(m.data)).toEqual(Array.from(data));
        expect(writeNpy(m)).toEqual(file);
      }
    }
  });

  it("writes float32 as NumPy does", () => {
    const m: NpyMatrix = { rows: 2, cols: 2, dtype: "float32", littleEndian: true, data: new Float32Array([1, 2, 3, 4]) };
    expect(writeNpy(m)).toEqual(npyBytes(1, "<f4", "(2, 2)", 2, new Uint8Array(m.data.buffer)));
  });

  it("refuses other dtypes, shapes, Fortran order, truncation and foreign files clearly", () => {
    expect(() => readNpy(fixture("i32.npy"), "i32.npy")).toThrow(/i32\.npy: dtype '<i4', expected float16, float32 or float64/);
    expect(() => readNpy(fixture("f32_3d.npy"), "x.npy")).toThrow(/shape \(2, 2, 2\), expected a 2-D array/);
    expect(() => readNpy(fixture("f32_fortran.npy"), "x.npy")).toThrow(/fortran_order is True/);
    const whole = fixture("f32_v1.npy");
    expect(() => readNpy(whole.subarray(0, whole.length - 1), "x.npy")).toThrow(/expected 5×3 float32 = 60 data bytes, found 59/);
    expect(() => readNpy(new TextEncoder().encode("hello world"), "x.npy")).toThrow(/not a \.npy file/);
  });

  it("widens float16 exactly", () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });
});
