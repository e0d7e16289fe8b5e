import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readArpa } from "../../src/io/arpa.js";
import { InputError } from "../../src/io/errors.js";
import { forEachLine, forEachLineSync } from "../../src/io/lines.js";
import { Random } from "../helpers/random.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs();
const encoder = new TextEncoder();

/** Byte sequences that are not UTF-8, each followed by an ASCII letter in the tests. */
const INVALID: number[][] = [
  [0xff],
  [0xfe],
  [0x80],
  [0xbf, 0xbf],
  [0xc0, 0xaf], // overlong "/"
  [0xc1, 0xbf],
  [0xe0, 0x80, 0xaf], // overlong
  [0xed, 0xa0, 0x80], // a surrogate
  [0xe2, 0x82], // cut short
  [0xf0, 0x9f, 0x98], // cut short
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xf5, 0x80, 0x80, 0x80],
];

const CHARACTERS = ["a", "b", "é", "€", "中", "😀", "\uFFFD", " ", "\t"];

function randomLine(rnd: Random): string {
  let line = "";
  for (let i = rnd.int(12); i > 0; i--) line += CHARACTERS[rnd.int(CHARACTERS.length)];
  return line;
}

/** The oracle: the 1-based line holding the first bytes that a fatal decoder refuses, or 0. */
function firstBadLine(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    start = end + 1;
  }
  return 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe("strict UTF-8 line reading", () => {
  it("names the line of the first invalid byte, after handing out every line before it", async () => {
    const rnd = new Random(15);
    for (let trial = 0; trial < 300; trial++) {
      const lines = Array.from({ length: 1 + rnd.int(30) }, () => randomLine(rnd));
      const bad = rnd.int(lines.length);
      const at = rnd.int(lines[bad].length + 1);
      const invalid = INVALID[rnd.int(INVALID.length)];
      const parts = lines.map((l, i) => {
        const text = encoder.encode(l + (i + 1 < lines.length ? "\n" : ""));
        if (i !== bad) return text;
        const head = encoder.encode(l.slice(0, at));
        return concat([head, Uint8Array.from(invalid), encoder.encode("x" + l.slice(at) + (i + 1 < lines.length ? "\n" : ""))]);
      });
      const bytes = concat(parts);
      const expectedLine = firstBadLine(bytes);
      expect(expectedLine).toBe(bad + 1);
      const gzip = rnd.int(4) === 0;
      const path = join(tempDir(), gzip ? "t.txt.gz" : "t.txt");
      writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
      const chunkSize = 1 + rnd.int(40);
      const seen: string[] = [];
      const sync = !gzip && rnd.int(2) === 0;
      const run = sync
        ? async () => forEachLineSync(path, (line) => void seen.push(line), { chunkSize, strictUtf8: true })
        : () => forEachLine(path, (line) => void seen.push(line), { chunkSize, strictUtf8: true });
      const error = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, `trial ${trial}`).toBeInstanceOf(InputError);
      expect((error as InputError).line, `trial ${trial}`).toBe(expectedLine);
      expect((error as InputError).detail).toMatch(/^invalid UTF-8 \((byte 0x[0-9a-f]{2}|a character cut short by the end of the file)\), expected UTF-8 text$/);
      expect(seen).toEqual(lines.slice(0, bad));
    }
  });

  it("takes valid text, a literal U+FFFD included, whatever the chunks", async () => {
    const rnd = new Random(16);
    for (let trial = 0; trial < 50; trial++) {
      const lines = Array.from({ length: 1 + rnd.int(20) }, () => randomLine(rnd));
      const path = join(tempDir(), "ok.txt");
      writeFileSync(path, lines.join("\n"));
      const seen: string[] = [];
      await forEachLine(path, (line) => void seen.push(line), { chunkSize: 1 + rnd.int(10), strictUtf8: true });
      // An empty last line (text ending in "\n") is no line.
      expect(seen).toEqual(lines[lines.length - 1] === "" ? lines.slice(0, -1) : lines);
    }
  });

  it("reports a character cut short by the end of the file on the last line", async () => {
    const path = join(tempDir(), "cut.txt");
    writeFileSync(path, concat([encoder.encode("one\ntwo €"), Uint8Array.from([0xe2, 0x82])]));
    const error = await forEachLine(path, () => {}, { strictUtf8: true }).catch((e: unknown) => e);
    expect((error as InputError).message).toBe(`${path}:2: invalid UTF-8 (a character cut short by the end of the file), expected UTF-8 text`);
  });

  it("without strictUtf8, reads invalid bytes as U+FFFD as before", async () => {
    const path = join(tempDir(), "lenient.txt");
    writeFileSync(path, Uint8Array.from([0x61, 0xff, 0x0a, 0x62]));
    const seen: string[] = [];
    await forEachLine(path, (line) => void seen.push(line));
    expect(seen).toEqual(["a\uFFFD", "b"]);
  });
});

describe("ARPA files with bytes that are not UTF-8", () => {
  it("are refused at the line of the bad byte, not later as an unknown word", async () => {
    const head = "\\data\\\nngram 1=3\nngram 2=1\n\n\\1-grams:\n-1\t<unk>\t0\n-1\tTh";
    const tail = "\t-0.5\n-1\tx\t0\n\n\\2-grams:\n-0.5\tThe x\n\n\\end\\\n";
    const path = join(tempDir(), "bad.arpa");
    writeFileSync(path, concat([encoder.encode(head), Uint8Array.from([0xff]), encoder.encode(tail)]));
    const error = await readArpa(path, () => {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`${path}:7: invalid UTF-8 (byte 0xff), expected UTF-8 text`);
  });
});
