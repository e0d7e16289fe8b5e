import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ArpaWriter, formatFloat32, readArpa, type ArpaEntry } from "../../src/io/arpa.js";
import { InputError } from "../../src/io/errors.js";
import { sortArpa } from "../../src/ngram/sort_arpa.js";
import { Random } from "../helpers/random.js";
import { useTempDirs } from "../helpers/temp_dir.js";

/** The shortest decimal the slow way: every precision from 1 digit up. */
function shortestByPrecision(x: number): string {
  for (let digits = 1; digits <= 9; digits++) {
    const text = String(Number(x.toPrecision(digits)));
    if (Math.fround(Number(text)) === x) return text;
  }
  throw new Error(`no decimal for ${x}`);
}

async function readAll(path: string): Promise<{ counts: number[]; entries: ArpaEntry[] }> {
  const entries: ArpaEntry[] = [];
  const { counts } = await readArpa(path, (e) => void entries.push(e));
  return { counts, entries };
}

async function readError(path: string): Promise<InputError> {
  const error = await readAll(path).catch((e) => e);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe("formatFloat32", () => {
  it("prints the shortest decimal that reads back as the same float32", () => {
    const rnd = new Random(5);
    const values = [0, -0.5, -1, -99, 1, 10, 100, -0.0029740517, 1e-7, -3.5e-12, 123456789, 1e6, 999999.94];
    for (let i = 0; i < 20000; i++) values.push(-rnd.next() * 10 ** (rnd.int(8) - 4));
    for (const v of values) {
      const x = Math.fround(v);
      const text = formatFloat32(x);
      expect(Math.fround(Number(text))).toBe(x);
      expect(text).toBe(shortestByPrecision(x) === "-0" ? "0" : shortestByPrecision(x));
    }
  });
});

describe("ARPA reader and writer", () => {
  const tempDir = useTempDirs();

  const entries = [
    ["<unk>", -5.25, 0],
    ["<s>", 0, -0.5],
    ["a", -1.5, -0.25],
    ["b", -99, undefined],
  ] as const;

  function writeSample(path: string): void {
    const writer = new ArpaWriter(path);
    writer.header([4, 2]);
    writer.beginOrder(1);
    for (const [w, p, b] of entries) writer.entry(w, p, b);
    writer.beginOrder(2);
    writer.entry("<s> a", -0.75, undefined);
    writer.entry("a b", -0.125, undefined);
    writer.commit();
  }

  for (const name of ["m.arpa", "m.arpa.gz"]) {
    it(`round-trips ${name}`, async () => {
      const path = join(tempDir(), name);
      writeSample(path);
      const { counts, entries: read } = await readAll(path);
      expect(counts).toEqual([4, 2]);
      expect(read.map((e) => [e.words, e.logProb, e.backoff])).toEqual([...entries.map((e) => [...e]), ["<s> a", -0.75, undefined], ["a b", -0.125, undefined]]);
      expect(read[0].lineNumber).toBe(6);
    });
  }

  it("writes the documented layout", () => {
    const path = join(tempDir(), "m.arpa");
    writeSample(path);
    expect(readFileSync(path, "utf8")).toBe(
      "\\data\\\nngram 1=4\nngram 2=2\n\n\\1-grams:\n-5.25\t<unk>\t0\n0\t<s>\t-0.5\n-1.5\ta\t-0.25\n-99\tb\n\n\\2-grams:\n-0.75\t<s> a\n-0.125\ta b\n\n\\end\\\n",
    );
  });

  it("accepts blank lines, space-separated fields, -inf and a missing backoff column", async () => {
    const path = join(tempDir(), "loose.arpa");
    writeFileSync(path, "\n\\data\\\nngram 1=2\nngram  2 = 1\n\n\n\\1-grams:\n-1 a -0.5\n-inf\tb\n\n\\2-grams:\n-0.3 a b\n\\end\\\n\n");
    const { counts, entries: read } = await readAll(path);
    expect(counts).toEqual([2, 1]);
    expect(read.map((e) => [e.order, e.words, e.logProb, e.backoff])).toEqual([
      [1, "a", -1, -0.5],
      [1, "b", -Infinity, undefined],
      [2, "a b", Math.fround(-0.3), undefined],
    ]);
  });

  const broken: [string, string, RegExp][] = [
    ["no header", "\\1-grams:\n-1\ta\n\\end\\\n", /:1: expected "\\data\\"/],
    ["count disagrees", "\\data\\\nngram 1=3\n\n\\1-grams:\n-1\ta\n-1\tb\n\n\\end\\\n", /:8: section "\\1-grams:" \(line 4\) has 2 entries, but the header announces ngram 1=3/],
    ["missing section", "\\data\\\nngram 1=1\nngram 2=1\n\\1-grams:\n-1\ta\n\\end\\\n", /:6: "\\end\\" after section 1, but the header announces 2 orders/],
    ["section out of order", "\\data\\\nngram 1=1\n\\2-grams:\n", /:3: expected "\\1-grams:"/],
    ["wrong word count", "\\data\\\nngram 1=1\nngram 2=1\n\\1-grams:\n-1\ta\n\\2-grams:\n-1\ta b c\n\\end\\\n", /:7: expected 2 word\(s\) in a 2-gram/],
    ["bad number", "\\data\\\nngram 1=1\n\\1-grams:\nx\ta\n\\end\\\n", /:4: expected a log10 probability \(a decimal number ≤ 0\), got "x"/],
    ["truncated", "\\data\\\nngram 1=1\n\\1-grams:\n-1\ta\n", /:4: the file ends before "\\end\\"/],
    ["text after end", "\\data\\\nngram 1=1\n\\1-grams:\n-1\ta\n\\end\\\nmore\n", /:6: expected nothing after/],
  ];
  for (const [what, text, message] of broken) {
    it(`refuses a file with ${what}, naming the line`, async () => {
      const path = join(tempDir(), "bad.arpa");
      writeFileSync(path, text);
      expect((await readError(path)).message).toMatch(message);
    });
  }

  it("refuses to commit sections whose sizes disagree with the header", () => {
    const writer = new ArpaWriter(join(tempDir(), "w.arpa"));
    writer.header([2]);
    writer.beginOrder(1);
    writer.entry("a", -1, 0);
    expect(() => writer.commit()).toThrow(/1 1-grams written, but the header announces 2/);
  });
});

describe("sortArpa", () => {
  const tempDir = useTempDirs();

  it("sorts every order by word IDs read right to left, keeping the values", async () => {
    const dir = tempDir();
    const rnd = new Random(3);
    const words = ["<unk>", "<s>", "</s>", "x", "y", "z", "w"];
    const grams = new Map<string, [number, number | undefined]>();
    for (let k = 2; k <= 3; k++) {
      for (let i = 0; i < 60; i++) {
        const g = Array.from({ length: k }, () => words[1 + rnd.int(words.length - 1)]).join(" ");
        grams.set(g, [Math.fround(-rnd.next() * 5), k === 3 ? undefined : Math.fround(-rnd.next())]);
      }
    }
    const byOrder = [2, 3].map((k) => [...grams].filter(([g]) => g.split(" ").length === k));
    const input = join(dir, "in.arpa");
    const writer = new ArpaWriter(input);
    writer.header([words.length, byOrder[0].length, byOrder[1].length]);
    writer.beginOrder(1);
    for (const w of words) writer.entry(w, -1, -0.5);
    byOrder.forEach((list, i) => {
      writer.beginOrder(i + 2);
      for (const [g, [p, b]] of list) writer.entry(g, p, b);
    });
    writer.commit();

    const output = join(dir, "out.arpa.gz");
    await sortArpa(input, output, { memoryBytes: 1 << 10 });
    const { counts, entries: sorted } = await readAll(output);
    expect(counts).toEqual([words.length, byOrder[0].length, byOrder[1].length]);
    const id = new Map(words.map((w, i) => [w, i]));
    const key = (g: string) => g.split(" ").reverse().map((w) => id.get(w)!);
    byOrder.forEach((list, i) => {
      const expected = [...list].sort(([a], [b]) => {
        const x = key(a);
        const y = key(b);
        const j = x.findIndex((v, t) => v !== y[t]);
        return x[j] - y[j];
      });
      const got = sorted.filter((e) => e.order === i + 2).map((e) => [e.words, [e.logProb, e.backoff]]);
      expect(got).toEqual(expected);
    });
  });

  it("refuses an n-gram with a word the unigrams lack, naming the line", async () => {
    const dir = tempDir();
    const input = join(dir, "in.arpa");
    writeFileSync(input, "\\data\\\nngram 1=1\nngram 2=1\n\\1-grams:\n-1\ta\n\\2-grams:\n-1\ta q\n\\end\\\n");
    const error = await sortArpa(input, join(dir, "out.arpa")).catch((e) => e);
    expect(error.message).toMatch(/in\.arpa:7: the word "q" is not in the \\1-grams: section/);
  });
});
