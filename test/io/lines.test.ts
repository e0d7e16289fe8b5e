import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/io/errors.js";
import { forEachLine, forEachLineSync, readLineBatches, readLines, STDIN, type LineReadOptions } from "../../src/io/lines.js";
import { Random } from "../helpers/random.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs();

/** What the reader should give: split on '\n', one trailing '\r' stripped, no line after a final '\n'. */
function expectedLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  return lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

async function collect(path: string, options: LineReadOptions = {}): Promise<string[]> {
  const lines: string[] = [];
  const count = await forEachLine(path, (line, n) => {
    expect(n).toBe(lines.length + 1);
    lines.push(line);
  }, options);
  expect(count).toBe(lines.length);
  return lines;
}

function writeBoth(dir: string, name: string, text: string): { plain: string; gz: string } {
  const bytes = new TextEncoder().encode(text);
  const plain = join(dir, name);
  const gz = join(dir, `${name}.gz`);
  writeFileSync(plain, bytes);
  writeFileSync(gz, gzipSync(bytes));
  return { plain, gz };
}

const SAMPLES: Record<string, string> = {
  empty: "",
  newlineOnly: "\n",
  noTrailingNewline: "a\nb",
  crlf: "first\r\nsecond\r\n\r\nlast\r",
  blankLines: "\n\nx\n\n",
  multibyte: "ünïcödé €uro\n日本語のテキスト\n😀 emoji 👩‍👩‍👧\n",
  oneByte: "x",
};

describe("line reading", () => {
  for (const [name, text] of Object.entries(SAMPLES)) {
    it(`${name}: plain and gzip give the same lines, for every chunk size`, async () => {
      const { plain, gz } = writeBoth(tempDir(), name, text);
      const expected = expectedLines(text);
      for (const chunkSize of [1, 2, 3, 5, 1 << 20]) {
        expect(await collect(plain, { chunkSize })).toEqual(expected);
        expect(await collect(gz, { chunkSize })).toEqual(expected);
        const sync: string[] = [];
        forEachLineSync(gz, (line) => void sync.push(line), { chunkSize });
        expect(sync).toEqual(expected);
      }
    });
  }

  it("decodes characters and CRLF split across chunk boundaries in random text", async () => {
    const random = new Random(7);
    const alphabet = ["a", "b", " ", "é", "€", "😀", "\n", "\r\n", "日"];
    let text = "";
    for (let i = 0; i < 5000; i++) text += alphabet[random.int(alphabet.length)];
    const { plain, gz } = writeBoth(tempDir(), "random.txt", text);
    const expected = expectedLines(text);
    for (const chunkSize of [1, 3, 7, 64, 1000]) {
      expect(await collect(plain, { chunkSize })).toEqual(expected);
      expect(await collect(gz, { chunkSize })).toEqual(expected);
    }
  });

  it("detects gzip by magic bytes whatever the name, and reads multi-member gzip", async () => {
    const dir = tempDir();
    const path = join(dir, "no-extension");
    const enc = new TextEncoder();
    const members = [gzipSync(enc.encode("one\ntw")), gzipSync(enc.encode("o\nthree\n"))];
    writeFileSync(path, Buffer.concat(members));
    expect(await collect(path, { chunkSize: 4 })).toEqual(["one", "two", "three"]);
  });

  it("strips a UTF-8 byte order mark", async () => {
    const path = join(tempDir(), "bom.txt");
    writeFileSync(path, "\ufeffhello\nworld\n");
    expect(await collect(path, { chunkSize: 1 })).toEqual(["hello", "world"]);
  });

  it("refuses truncated gzip with an InputError naming the file", async () => {
    const path = join(tempDir(), "cut.gz");
    const gz = gzipSync(new TextEncoder().encode("some text that is long enough\n".repeat(50)));
    writeFileSync(path, gz.subarray(0, gz.length - 20));
    const failure = collect(path);
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(/cut\.gz: cannot decompress gzip data/);
  });

  it("lets errors of the line handler through unchanged, also from gzip files", async () => {
    const { plain, gz } = writeBoth(tempDir(), "throw.txt", "a\nb\n");
    const boom = new RangeError("handler failed");
    for (const path of [plain, gz]) {
      await expect(forEachLine(path, () => {
        throw boom;
      })).rejects.toBe(boom);
    }
  });

  it("reads standard input for the path \"-\", plain or gzip", async () => {
    const saved = Object.getOwnPropertyDescriptor(process, "stdin")!;
    const enc = new TextEncoder();
    try {
      for (const bytes of [enc.encode("x\ny\r\nz"), gzipSync(enc.encode("x\ny\r\nz"))]) {
        const progress: Array<[number, number]> = [];
        const parts = [bytes.subarray(0, 3), bytes.subarray(3)].map((b) => Buffer.from(b));
        Object.defineProperty(process, "stdin", { value: Readable.from(parts), configurable: true });
        expect(await collect(STDIN, { onProgress: (read, total) => void progress.push([read, total]) })).toEqual(["x", "y", "z"]);
        expect(progress).toEqual([
          [3, NaN],
          [bytes.length, NaN],
        ]);
      }
    } finally {
      Object.defineProperty(process, "stdin", saved);
    }
  });

  it("stops when the handler returns false, and reports progress", async () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join("\n");
    const { plain } = writeBoth(tempDir(), "stop.txt", text);
    const seen: string[] = [];
    const progress: number[] = [];
    await forEachLine(plain, (line, n) => (seen.push(line), n < 3), {
      chunkSize: 16,
      onProgress: (read, total) => {
        expect(total).toBe(text.length);
        progress.push(read);
      },
    });
    expect(seen).toEqual(["line 0", "line 1", "line 2"]);
    expect(progress[0]).toBe(16);
    expect(progress.length).toBeLessThan(5);
  });

  it("iterates lines and batches with line numbers", async () => {
    const text = "alpha\nbeta\ngamma\ndelta\n";
    const { gz } = writeBoth(tempDir(), "iter.txt", text);
    const lines = [];
    for await (const line of readLines(gz, { chunkSize: 5 })) lines.push(line);
    expect(lines).toEqual([
      { line: "alpha", lineNumber: 1 },
      { line: "beta", lineNumber: 2 },
      { line: "gamma", lineNumber: 3 },
      { line: "delta", lineNumber: 4 },
    ]);
    let next = 1;
    for await (const batch of readLineBatches(gz, { chunkSize: 5 })) {
      expect(batch.firstLineNumber).toBe(next);
      next += batch.lines.length;
    }
    expect(next).toBe(5);
  });
});
