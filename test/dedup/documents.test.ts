import { describe, expect, it } from "vitest";
import { Container, ContainerWriter, FormatError } from "../../src/container/container.js";
import { DocumentStarts, JoinedTextBuilder, joinByteDocuments, joinTokenDocuments } from "../../src/dedup/documents.js";
import { Random } from "../helpers/random.js";

describe("joinByteDocuments and DocumentStarts", () => {
  it("lays documents out with a separator after each", () => {
    const enc = new TextEncoder();
    const { text, documents } = joinByteDocuments([enc.encode("ab"), new Uint8Array(0), enc.encode("c")]);
    expect(Array.from(text)).toEqual([97, 98, 0xff, 0xff, 99, 0xff]);
    expect(Array.from(documents.starts)).toEqual([0, 3, 4, 6]);
    expect(documents.count).toBe(3);
    expect([0, 1, 2, 3, 4, 5].map((p) => documents.documentOf(p))).toEqual([0, 0, 0, 1, 2, 2]);
    expect([0, 1, 2, 3, 4, 5].map((p) => documents.offsetOf(p))).toEqual([0, 1, 2, 0, 0, 1]);
  });

  it("maps positions like a linear scan, empty documents included", () => {
    const rng = new Random(21);
    const docs = Array.from({ length: 200 }, () => new Uint8Array(rng.int(4) === 0 ? 0 : rng.int(20)));
    const { text, documents } = joinByteDocuments(docs);
    let doc = 0;
    for (let p = 0; p < text.length; p++) {
      while (documents.starts[doc + 1] <= p) doc++;
      expect(documents.documentOf(p)).toBe(doc);
    }
  });

  it("refuses documents containing the separator", () => {
    expect(() => joinByteDocuments([new Uint8Array([1]), new Uint8Array([2, 0xff])])).toThrow(/document 1, offset 1/);
    expect(() => joinTokenDocuments([Uint32Array.of(0xffffffff)])).toThrow(/document 0, offset 0/);
    expect(() => joinByteDocuments([], 256)).toThrow(RangeError);
  });

  it("handles no documents", () => {
    const { text, documents } = joinByteDocuments([]);
    expect(text.length).toBe(0);
    expect(documents.count).toBe(0);
  });

  it("round-trips through a container", () => {
    const { documents } = joinTokenDocuments([Uint32Array.of(1, 2), Uint32Array.of(3)]);
    const out = new ContainerWriter("test");
    documents.write(out, "docs");
    const back = DocumentStarts.read(Container.from(out.toBytes()), "docs");
    expect(Array.from(back.starts)).toEqual([0, 3, 5]);
    const bad = new ContainerWriter("test");
    bad.add("docs.starts", Int32Array.of(0, 5, 3));
    expect(() => DocumentStarts.read(Container.from(bad.toBytes()), "docs")).toThrow(FormatError);
  });
});

describe("JoinedTextBuilder", () => {
  it("joins as joinByteDocuments does, across chunk boundaries and for huge documents", () => {
    const texts = ["x".repeat(5_000_000), "", "é中".repeat(1_500_000), "y".repeat(6_000_000), "tail"];
    const builder = JoinedTextBuilder.bytes();
    for (const t of texts) builder.add(t);
    expect(builder.documentCount).toBe(texts.length);
    const built = builder.build();
    const expected = joinByteDocuments(texts.map((t) => new TextEncoder().encode(t)));
    expect(Array.from(built.documents.starts)).toEqual(Array.from(expected.documents.starts));
    expect(Buffer.compare(Buffer.from(built.text), Buffer.from(expected.text))).toBe(0);
  });

  it("joins many documents of every size as joinByteDocuments does, while its chunks grow", () => {
    const random = new Random(17);
    const pieces = ["a", "é", "中", "😀", " "];
    const texts: string[] = [];
    let total = 0;
    while (total < 3_000_000) {
      const length = random.int(random.int(4) === 0 ? 200_000 : 2_000);
      let text = "";
      while (text.length < length) text += pieces[random.int(pieces.length)].repeat(1 + random.int(50));
      texts.push(text);
      total += 3 * text.length;
    }
    const builder = JoinedTextBuilder.bytes();
    for (const t of texts) builder.add(t);
    const built = builder.build();
    const expected = joinByteDocuments(texts.map((t) => new TextEncoder().encode(t)));
    expect(Array.from(built.documents.starts)).toEqual(Array.from(expected.documents.starts));
    expect(Buffer.compare(Buffer.from(built.text), Buffer.from(expected.text))).toBe(0);
  });

  it("joins token documents and refuses the separator", () => {
    const builder = JoinedTextBuilder.tokens();
    builder.add(Uint32Array.of(1, 2));
    builder.add([]);
    builder.add([0xfffffffe]);
    const built = builder.build();
    expect(Array.from(built.text)).toEqual([1, 2, 0xffffffff, 0xffffffff, 0xfffffffe, 0xffffffff]);
    expect(Array.from(built.documents.starts)).toEqual([0, 3, 4, 6]);
    expect(() => builder.add([5, 0xffffffff])).toThrow(/document 3, offset 1/);
    expect(() => JoinedTextBuilder.tokens().add("text")).toThrow(TypeError);
  });
});
