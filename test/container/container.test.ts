import { describe, expect, it } from "vitest";
import { ContainerWriter, Container, FORMAT_VERSION, FormatError } from "../../src/container/container.js";
import { crc32 } from "../../src/container/crc32.js";
import { heap } from "../../src/bits/heap.js";
import { Random } from "../helpers/random.js";

function sample(): Uint8Array {
  const out = new ContainerWriter("sample");
  out.add("bytes", Uint8Array.of(1, 2, 3));
  out.add("words", Uint32Array.of(7, 8, 9, 0xffffffff));
  out.add("doubles", Float64Array.of(Math.PI, -0));
  out.add("shorts", Uint16Array.of(65535));
  out.add("ints", Int32Array.of(-5));
  out.add("floats", Float32Array.of(1.5));
  out.addScalars("meta", [42, 2 ** 40]);
  out.add("empty", new Uint32Array(0));
  return out.toBytes();
}

describe("crc32", () => {
  it("matches the standard check value and is incremental", () => {
    const data = new TextEncoder().encode("123456789");
    expect(crc32(data)).toBe(0xcbf43926);
    expect(crc32(data.subarray(5), crc32(data.subarray(0, 5)))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("agrees with a bitwise implementation on random data of every length around the 8-byte step", () => {
    const rnd = new Random(9);
    for (const length of [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 1001]) {
      const data = Uint8Array.from({ length }, () => rnd.int(256));
      let c = 0xffffffff;
      for (const byte of data) {
        c ^= byte;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
      }
      const expected = (c ^ 0xffffffff) >>> 0;
      expect(crc32(data)).toBe(expected);
      const cut = rnd.int(length + 1);
      expect(crc32(data.subarray(cut), crc32(data.subarray(0, cut)))).toBe(expected);
    }
  });
});

describe("Container", () => {
  it("round-trips sections as views over the file bytes", () => {
    const bytes = sample();
    const c = Container.from(bytes, { kind: "sample" });
    expect(c.kind).toBe("sample");
    expect(Array.from(c.u8("bytes"))).toEqual([1, 2, 3]);
    expect(Array.from(c.u32("words"))).toEqual([7, 8, 9, 0xffffffff]);
    expect(Array.from(c.f64("doubles"))).toEqual([Math.PI, -0]);
    expect(Array.from(c.u16("shorts"))).toEqual([65535]);
    expect(Array.from(c.i32("ints"))).toEqual([-5]);
    expect(Array.from(c.f32("floats"))).toEqual([1.5]);
    expect(Array.from(c.scalars("meta"))).toEqual([42, 2 ** 40]);
    expect(c.u32("empty").length).toBe(0);
    // The file lives in the kernels' heap: bytes already there (as a file read in) are not copied.
    expect(heap().holds(c.u32("words"))).toBe(true);
    const inHeap = heap().bytesView(bytes.length);
    inHeap.set(bytes);
    const words = Container.from(inHeap).u32("words");
    expect(words.buffer === inHeap.buffer || heap().holds(words)).toBe(true);
    expect(words.byteOffset - inHeap.byteOffset).toBeGreaterThanOrEqual(64);
    expect(words.byteOffset - inHeap.byteOffset).toBeLessThan(inHeap.length);
    expect(c.sections().map((s) => s.name)).toEqual(["bytes", "words", "doubles", "shorts", "ints", "floats", "meta", "empty"]);
  });

  it("writes the same bytes piece by piece as in one buffer, sections as views of their arrays", () => {
    const out = new ContainerWriter("pieces");
    const words = Uint32Array.of(1, 2, 3);
    out.add("odd", Uint8Array.of(9, 8, 7));
    out.add("words", words);
    out.addScalars("meta", [5]);
    const pieces = out.pieces();
    const joined = new Uint8Array(pieces.reduce((s, p) => s + p.length, 0));
    pieces.reduce((at, p) => (joined.set(p, at), at + p.length), 0);
    expect(joined).toEqual(out.toBytes());
    expect(pieces.some((p) => p.buffer === words.buffer)).toBe(true);
    expect(Array.from(Container.from(joined).u32("words"))).toEqual([1, 2, 3]);
  });

  it("loads from a misaligned buffer by copying once", () => {
    const bytes = sample();
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const c = Container.from(shifted.subarray(3));
    expect(Array.from(c.u32("words"))).toEqual([7, 8, 9, 0xffffffff]);
  });

  it("refuses a file of another kind, another version, or not a container", () => {
    const bytes = sample();
    expect(() => Container.from(bytes, { kind: "ef_trie", source: "m.bin" })).toThrow(/m.bin: holds a sample, expected ef_trie/);
    const other = bytes.slice();
    other[8] = 99;
    expect(() => Container.from(other)).toThrow(new RegExp(`format version 99, this library reads version ${FORMAT_VERSION}: build the file again`));
    expect(() => Container.from(new TextEncoder().encode("hello world, this is not a grampack file at all, no no no"))).toThrow(FormatError);
  });

  it("refuses every truncation and every flipped byte of the payload", () => {
    const bytes = sample();
    for (let cut = 0; cut < bytes.length; cut += 7) {
      expect(() => Container.from(bytes.subarray(0, cut))).toThrow(FormatError);
    }
    for (let i = 64; i < bytes.length; i++) {
      const bad = bytes.slice();
      bad[i] ^= 0x10;
      expect(() => Container.from(bad)).toThrow(/corrupt/);
    }
  });

  it("keeps the table small: names share prefixes, offsets are implicit", () => {
    const out = new ContainerWriter("sizes");
    for (let i = 0; i < 100; i++) out.add(`level${Math.floor(i / 10)}.grams.part${i}.words`, Uint32Array.of(i));
    const bytes = out.toBytes();
    // Per section: 8 bytes of table, a few bytes of name, 8 bytes of (padded) data.
    expect(bytes.length).toBeLessThan(64 + 100 * (8 + 8 + 8) + 200);
    const c = Container.from(bytes);
    for (let i = 0; i < 100; i++) {
      const section = c.u32(`level${Math.floor(i / 10)}.grams.part${i}.words`);
      expect(Array.from(section)).toEqual([i]);
      expect(section.byteOffset % 8).toBe(0);
    }
  });

  it("refuses missing sections and wrong element types by name", () => {
    const c = Container.from(sample());
    expect(() => c.u32("nope")).toThrow(/section "nope": missing/);
    expect(() => c.u32("doubles")).toThrow(/holds Float64Array, expected Uint32Array/);
  });
});
