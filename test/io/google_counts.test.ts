import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/io/errors.js";
import {
  CountFileWriter,
  findCountFiles,
  forEachCountRow,
  orderOfCountFile,
  readCountHeader,
} from "../../src/io/google_counts.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs();

function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  const bytes = new TextEncoder().encode(text);
  writeFileSync(path, name.endsWith(".gz") ? gzipSync(bytes) : bytes);
  return path;
}

async function rows(path: string, order?: number): Promise<Array<[string, number, number]>> {
  const out: Array<[string, number, number]> = [];
  const n = await forEachCountRow(path, (gram, count, line) => void out.push([gram, count, line]), { order });
  expect(n).toBe(out.length);
  return out;
}

const BIGRAMS = "3\nthe cat\t12\ncat sat\t1\nsat .\t9007199254740991\n";

describe("reading count files", () => {
  for (const name of ["2-grams", "2-grams.sorted.gz"]) {
    it(`reads ${name}`, async () => {
      const path = write(tempDir(), name, BIGRAMS);
      expect(await rows(path)).toEqual([
        ["the cat", 12, 2],
        ["cat sat", 1, 3],
        ["sat .", 9007199254740991, 4],
      ]);
      expect(await readCountHeader(path)).toBe(3);
    });
  }

  it("accepts CRLF, multibyte words, and an empty file body", async () => {
    const dir = tempDir();
    expect(await rows(write(dir, "1-grams", "2\r\nünï\t5\r\n日本\t7\r\n"))).toEqual([
      ["ünï", 5, 2],
      ["日本", 7, 3],
    ]);
    expect(await rows(write(dir, "3-grams", "0\n"))).toEqual([]);
  });

  it("tells the order from the name or the option", async () => {
    expect(orderOfCountFile("/x/4-grams.sorted.gz")).toBe(4);
    expect(orderOfCountFile("/x/counts.txt")).toBeUndefined();
    const path = write(tempDir(), "counts.txt", "1\na b\t3\n");
    expect(await rows(path, 2)).toEqual([["a b", 3, 2]]);
    await expect(rows(path)).rejects.toThrow(/counts\.txt: cannot tell the order/);
  });

  /** What is wrong, the file's text, the line the error must name (0: the whole file), a part of the message. */
  const BAD: Array<[string, string, number, string]> = [
    ["empty file", "", 0, "empty file"],
    ["header not a count", "three\na b\t1\n", 1, 'expected the number of rows, got "three"'],
    ["negative header", "-1\n", 1, "expected the number of rows"],
    ["no tab", "1\na b 4\n", 2, 'expected "gram<TAB>count", found no tab'],
    ["zero count", "1\na b\t0\n", 2, 'count "0" is not a positive integer'],
    ["leading zero", "1\na b\t012\n", 2, 'count "012" is not'],
    ["word count", "2\na b\t1\na b c\t1\n", 3, "3 word(s), expected 2 for a 2-gram file"],
    ["text count", "1\na b\tmany\n", 2, 'count "many"'],
    ["empty count", "1\na b\t\n", 2, 'count ""'],
    ["two tabs", "1\na b\t1\t2\n", 2, 'count "1\t2"'],
    ["double space", "1\na  b\t1\n", 2, "empty word"],
    ["leading space", "1\n b\t1\n", 2, "empty word"],
    ["trailing space", "1\na \t1\n", 2, "empty word"],
    ["empty gram", "1\n\t1\n", 2, "empty word"],
    ["too few rows", "3\na b\t1\nb c\t1\n", 3, "2 rows, but line 1 announces 3"],
    ["too many rows", "1\na b\t1\nb c\t1\n", 3, "more rows than the 1 announced on line 1"],
    ["count too large", "1\na b\t9007199254740993\n", 2, 'count "9007199254740993"'],
  ];
  for (const [what, text, line, fragment] of BAD) {
    it(`refuses: ${what}`, async () => {
      for (const name of ["2-grams", "2-grams.gz"]) {
        const path = write(tempDir(), name, text);
        const error = await rows(path).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InputError);
        const input = error as InputError;
        expect(input.file).toBe(path);
        expect(input.line).toBe(line);
        expect(input.message).toBe(line > 0 ? `${path}:${line}: ${input.detail}` : `${path}: ${input.detail}`);
        expect(input.detail).toContain(fragment);
      }
    });
  }
});

describe("finding count files", () => {
  it("finds every order, preferring sorted files", () => {
    const dir = tempDir();
    for (const name of ["1-grams.sorted.gz", "1-grams", "2-grams", "3-grams.gz", "5-grams"]) write(dir, name, "0\n");
    expect(findCountFiles(dir)).toEqual(["1-grams.sorted.gz", "2-grams", "3-grams.gz"].map((n) => join(dir, n)));
    expect(findCountFiles(dir, 2)).toHaveLength(2);
    expect(() => findCountFiles(dir, 5)).toThrow(/no count file for order 4 \(expected one of 4-grams\.sorted, /);
  });

  it("refuses a directory without unigrams", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sub"));
    expect(() => findCountFiles(join(dir, "sub"))).toThrow(/sub: no count file for order 1/);
  });
});

describe("writing count files", () => {
  it("round-trips through the reader, plain and gzip", async () => {
    const dir = tempDir();
    for (const name of ["2-grams", "2-grams.gz"]) {
      const path = join(dir, name);
      const writer = new CountFileWriter(path, 2, 2);
      writer.add("the cat", 3);
      writer.add("über alles", 2 ** 40);
      writer.commit();
      expect(await rows(path)).toEqual([
        ["the cat", 3, 2],
        ["über alles", 2 ** 40, 3],
      ]);
    }
    const text = new TextDecoder().decode(gunzipSync(readFileSync(join(dir, "2-grams.gz"))));
    expect(text).toBe(`2\nthe cat\t3\nüber alles\t${2 ** 40}\n`);
  });

  it("refuses bad rows and a wrong row count, leaving no file", () => {
    const dir = tempDir();
    const path = join(dir, "2-grams");
    expect(() => new CountFileWriter(path, 2, 1).add("one", 1)).toThrow(/2-grams: row 1 "one": 1 word\(s\), expected 2/);
    expect(() => new CountFileWriter(path, 2, 1).add("a b", 0)).toThrow(/count 0 is not a positive integer/);
    expect(() => new CountFileWriter(path, 2, 1).add("a\tb c", 1)).toThrow(/tab or a newline/);
    const short = new CountFileWriter(path, 2, 2);
    short.add("a b", 1);
    expect(() => short.commit()).toThrow(/1 rows written, 2 announced/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
