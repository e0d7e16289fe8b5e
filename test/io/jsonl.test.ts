import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/io/errors.js";
import { documentFormatOf, forEachDocument, readDocuments, type Document, type DocumentReadOptions } from "../../src/io/jsonl.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs();

function write(name: string, text: string, gzip = false): string {
  const path = join(tempDir(), name);
  const bytes = new TextEncoder().encode(text);
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
  return path;
}

async function read(path: string, options: DocumentReadOptions = {}) {
  const docs: Document[] = [];
  const stats = await forEachDocument(path, (doc) => void docs.push(doc), options);
  return { docs, stats };
}

describe("document format", () => {
  it("is decided by the extension", () => {
    expect(documentFormatOf("c/train.jsonl")).toBe("jsonl");
    expect(documentFormatOf("c/train.jsonl.gz")).toBe("jsonl");
    expect(documentFormatOf("c/train.JSON")).toBe("jsonl");
    expect(documentFormatOf("c/train.txt.gz")).toBe("text");
    expect(documentFormatOf("-")).toBe("text");
  });
});

describe("JSONL documents", () => {
  const corpus = [
    '{"text": "first document", "id": 1}',
    '{"content": "from content"}',
    "",
    '{"ids": [1, 2, 4294967295]}',
    '  {"text": "ünïcode \\u00e9"}  ',
  ].join("\n");

  for (const gzip of [false, true]) {
    it(`takes text, content or ids (${gzip ? "gzip" : "plain"})`, async () => {
      const { docs, stats } = await read(write(gzip ? "c.jsonl.gz" : "c.jsonl", corpus, gzip));
      expect(docs).toEqual([
        { kind: "text", text: "first document", lineNumber: 1 },
        { kind: "text", text: "from content", lineNumber: 2 },
        { kind: "ids", ids: Uint32Array.of(1, 2, 4294967295), lineNumber: 4 },
        { kind: "text", text: "ünïcode é", lineNumber: 5 },
      ]);
      expect(stats).toEqual({ lines: 5, documents: 4, blank: 1, skipped: 0 });
    });
  }

  it("reads a named field", async () => {
    const path = write("f.jsonl", '{"text": "no", "body": "yes"}\n');
    const { docs } = await read(path, { field: "body" });
    expect(docs).toEqual([{ kind: "text", text: "yes", lineNumber: 1 }]);
    await expect(read(path, { field: "title" })).rejects.toThrow(/f\.jsonl:1: no field "title"/);
  });

  it("refuses the first malformed line in strict mode, naming file and line", async () => {
    const path = write("bad.jsonl", '{"text": "ok"}\n{"text": broken}\n');
    const failure = read(path);
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(/bad\.jsonl:2: invalid JSON/);
  });

  it("skips and reports malformed lines when not strict", async () => {
    const lines = [
      '{"text": "good"}',
      "not json",
      "[1, 2]",
      '{"title": "no text"}',
      '{"text": 42}',
      '{"ids": [1, -2]}',
      '{"ids": [1.5]}',
      '{"ids": "1 2"}',
      '{"ids": [4294967296]}',
      '{"text": "also good"}',
    ];
    const skipped: InputError[] = [];
    const { docs, stats } = await read(write("mixed.jsonl", lines.join("\n")), {
      strict: false,
      onSkip: (e) => void skipped.push(e),
    });
    expect(docs.map((d) => d.lineNumber)).toEqual([1, 10]);
    expect(stats).toEqual({ lines: 10, documents: 2, blank: 0, skipped: 8 });
    expect(skipped.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    const messages = skipped.map((e) => e.message);
    expect(messages[1]).toMatch(/mixed\.jsonl:3: expected a JSON object, got an array/);
    expect(messages[2]).toMatch(/:4: expected a "text", "content" or "ids" field/);
    expect(messages[3]).toMatch(/:5: field "text" is a number, expected a string/);
    expect(messages[4]).toMatch(/:6: ids\[1\] is -2, expected an integer/);
    expect(messages[6]).toMatch(/:8: field "ids" is a string/);
  });

  it("reads plain text one document per line, also through the generator", async () => {
    const path = write("sentences.txt", "the cat sat\r\n\nsat on the mat\n");
    const { docs, stats } = await read(path);
    expect(docs).toEqual([
      { kind: "text", text: "the cat sat", lineNumber: 1 },
      { kind: "text", text: "sat on the mat", lineNumber: 3 },
    ]);
    expect(stats.blank).toBe(1);
    const generated: Document[] = [];
    const iterator = readDocuments(path, { chunkSize: 3 });
    let step = await iterator.next();
    while (!step.done) {
      generated.push(step.value);
      step = await iterator.next();
    }
    expect(generated).toEqual(docs);
    expect(step.value).toEqual(stats);
  });

  it("treats a .jsonl file as text when asked", async () => {
    const { docs } = await read(write("raw.jsonl", '{"text": "x"}\n'), { format: "text" });
    expect(docs).toEqual([{ kind: "text", text: '{"text": "x"}', lineNumber: 1 }]);
  });
});

describe("JSONL read as text by its name", () => {
  const objects = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ text: `line ${i}`, n: i })).join("\n") + "\n";

  it("is refused when every line is a JSON object, with a way out", async () => {
    for (const n of [1, 5, 20, 300]) {
      const path = write("docs.txt", `\n${objects(n)}`);
      await expect(read(path)).rejects.toThrow(`${path}: every line is a JSON object, but the file is read as text (by its name): pass --format jsonl`);
      expect((await read(path, { format: "text" })).docs.length).toBe(n);
      expect((await read(path, { format: "jsonl" })).docs.length).toBe(n);
    }
    const gz = write("docs.txt.gz", objects(30), true);
    const generated: Document[] = [];
    await expect(
      (async () => {
        for await (const doc of readDocuments(gz)) generated.push(doc);
      })(),
    ).rejects.toThrow(/every line is a JSON object/);
  });

  it("is read as text when a line among the first twenty is not a JSON object", async () => {
    for (const text of [`${objects(19)}plain words\n${objects(5)}`, `{"text": "unterminated\n${objects(30)}`, "[1, 2]\n", "{} is not all\n", "plain\n"]) {
      const path = write("docs.txt", text);
      const { stats } = await read(path);
      expect(stats.documents).toBe(text.trim().split("\n").length);
    }
  });
});
