import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "fflate";
import { Random } from "../helpers/random.js";
import { useTempDirs } from "../helpers/temp_dir.js";
import { naiveCounts, randomSentences, writeCountFiles, type NaiveCounts } from "../helpers/ngram_corpus.js";
import { tinyTokenizerFolder } from "../text/tiny_tokenizer.js";
import { countNgrams, type CountNgramsOptions } from "../../src/ngram/counter.js";
import { CountTrieBuilder } from "../../src/ngram/count_trie_builder.js";
import { readCountFiles } from "../../src/ngram/count_files.js";
import { InputError } from "../../src/io/errors.js";
import { loadTokenizer } from "../../src/text/tokenizer.js";
import { main } from "../../src/cli/main.js";

const tempDir = useTempDirs("file");

/** Counts `inputs` into a fresh folder; returns the folder. */
async function count(inputs: string[], options: Omit<CountNgramsOptions, "outDir">): Promise<string> {
  const outDir = join(tempDir(), "counts");
  await countNgrams(inputs, { ...options, outDir });
  return outDir;
}

/** The count files of `dir` must be byte for byte those the naive counter writes. */
function expectSameFiles(dir: string, expected: NaiveCounts): void {
  const reference = writeCountFiles(expected, tempDir());
  for (let k = 1; k <= expected.counts.length; k++) {
    expect(readFileSync(join(dir, `${k}-grams`), "utf8"), `${k}-grams`).toBe(readFileSync(join(reference, `${k}-grams`), "utf8"));
  }
}

/** Words joined by random runs of whitespace, with random blank lines between sentences. */
function messyText(sentences: string[][], rnd: Random): string {
  const gaps = [" ", "  ", "\t", " \t ", "\u00a0"];
  const lines = sentences.map((s) => s.join(gaps[rnd.int(gaps.length)]));
  return lines.map((l) => (rnd.int(10) === 0 ? `${l}\n\n` : `${l}\n`)).join("");
}

describe("countNgrams against naive counting", () => {
  for (const order of [1, 2, 3, 4, 5]) {
    it(`order ${order}: same files, with a memory budget that spills many runs`, async () => {
      const rnd = new Random(100 + order);
      const sentences = randomSentences(rnd, 600, 150);
      const input = join(tempDir(), "corpus.txt");
      writeFileSync(input, messyText(sentences, rnd));
      const outDir = join(tempDir(), "counts");
      const summary = await countNgrams([input], { order, outDir, memoryBytes: 4096 });
      expectSameFiles(outDir, naiveCounts(sentences, order));
      expect(summary.documents).toBe(sentences.length);
      expect(summary.tokens).toBe(sentences.flat().length);
      for (const runs of summary.spilledRuns) expect(runs).toBeGreaterThan(5);
    });
  }

  it("gives the same files whatever the memory budget", async () => {
    const rnd = new Random(9);
    const sentences = randomSentences(rnd, 300, 80);
    const input = join(tempDir(), "corpus.txt");
    writeFileSync(input, sentences.map((s) => s.join(" ")).join("\n"));
    const small = await count([input], { order: 4, memoryBytes: 2048 });
    const large = await count([input], { order: 4 });
    for (let k = 1; k <= 4; k++) expect(readFileSync(join(small, `${k}-grams`))).toEqual(readFileSync(join(large, `${k}-grams`)));
  });

  it("never lets an n-gram cross a line or a document", async () => {
    const dir = tempDir();
    const text = join(dir, "a.txt");
    writeFileSync(text, "a b\r\nc d\n\n   \ne");
    const jsonl = join(dir, "b.jsonl");
    writeFileSync(jsonl, `${JSON.stringify({ text: "a b" })}\n${JSON.stringify({ text: "c d" })}\n`);
    for (const input of [text, jsonl]) {
      const out = await count([input], { order: 3 });
      expect(readFileSync(join(out, "2-grams"), "utf8")).toBe("2\na b\t1\nc d\t1\n");
      expect(readFileSync(join(out, "3-grams"), "utf8")).toBe("0\n");
    }
  });

  it("reads JSONL (text or content field), gzip and several inputs as one corpus", async () => {
    const rnd = new Random(11);
    const sentences = randomSentences(rnd, 400, 100);
    const dir = tempDir();
    const docs = sentences.slice(0, 150).map((s, i) => JSON.stringify(i % 2 ? { text: s.join(" ") } : { content: s.join("\n"), id: i }));
    const jsonl = join(dir, "part1.jsonl.gz");
    writeFileSync(jsonl, gzipSync(new TextEncoder().encode(docs.join("\n") + "\n")));
    const plainGzip = join(dir, "part2.txt.gz");
    writeFileSync(plainGzip, gzipSync(new TextEncoder().encode(sentences.slice(150, 300).map((s) => s.join(" ")).join("\n"))));
    const plain = join(dir, "part3");
    writeFileSync(plain, sentences.slice(300).map((s) => s.join(" ")).join("\n"));
    const out = await count([jsonl, plainGzip, plain], { order: 3, memoryBytes: 8192 });
    expectSameFiles(out, naiveCounts(sentences, 3));
  });

  it("takes the JSONL field asked for, and pre-tokenized ids as decimal words", async () => {
    const dir = tempDir();
    const input = join(dir, "docs.json");
    writeFileSync(input, `{"body": "x y x y", "text": "ignored"}\n{"body": "y x"}\n`);
    const out = await count([input], { order: 2, field: "body" });
    expect(readFileSync(join(out, "1-grams"), "utf8")).toBe("2\nx\t3\ny\t3\n");
    expect(readFileSync(join(out, "2-grams"), "utf8")).toBe("2\nx y\t2\ny x\t2\n");
    const ids = join(dir, "ids.jsonl");
    writeFileSync(ids, `{"ids": [5, 7, 5]}\n`);
    const outIds = await count([ids], { order: 2 });
    expect(readFileSync(join(outIds, "1-grams"), "utf8")).toBe("2\n5\t2\n7\t1\n");
  });

  it("orders unigrams by decreasing count, ties by code-unit order", async () => {
    const input = join(tempDir(), "ties.txt");
    writeFileSync(input, "b a é Z a b c\n");
    const out = await count([input], { order: 1 });
    expect(readFileSync(join(out, "1-grams"), "utf8")).toBe("5\na\t2\nb\t2\nZ\t1\nc\t1\né\t1\n");
  });

  it("refuses an input without words, and writes nothing", async () => {
    for (const text of ["", "\n  \n\t\n"]) {
      const input = join(tempDir(), "empty.txt");
      writeFileSync(input, text);
      const outDir = join(tempDir(), "counts");
      await expect(countNgrams([input], { order: 2, outDir })).rejects.toThrow(`${input}: no words to count`);
      expect(existsSync(outDir)).toBe(false);
    }
  });

  it("counts the escaped token strings of a tokenizer.json", async () => {
    const input = join(tempDir(), "corpus.txt");
    writeFileSync(input, "the cat\nnew\tyork the cat\n");
    const out = await count([input], { order: 2, tokenizer: loadTokenizer(tinyTokenizerFolder(tempDir())) });
    expect(readFileSync(join(out, "1-grams"), "utf8")).toBe("4\nthe\t2\nĠcat\t2\nnew\\tyork\t1\nĠ\t1\n");
    expect(readFileSync(join(out, "2-grams"), "utf8")).toBe("3\nthe Ġcat\t2\nnew\\tyork Ġ\t1\nĠ the\t1\n");
  });

  it("refuses malformed JSONL naming the file and line, or skips it when not strict", async () => {
    const input = join(tempDir(), "bad.jsonl");
    writeFileSync(input, `{"text": "a b"}\n{"text": 3}\n{"text": "b c"}\n`);
    const failedOut = join(tempDir(), "out");
    const error = await countNgrams([input], { order: 2, outDir: failedOut }).catch((e: unknown) => e);
    expect(existsSync(failedOut)).toBe(false);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ file: input, line: 2 });
    expect((error as Error).message).toMatch(/expected a string/);
    const outDir = join(tempDir(), "out");
    const summary = await countNgrams([input], { order: 2, outDir, strict: false });
    expect(summary.skipped).toBe(1);
    expect(readFileSync(join(outDir, "2-grams"), "utf8")).toBe("2\nb c\t1\na b\t1\n");
  });

  it("leaves no temporary file behind in the output or the temporary folder", async () => {
    const work = tempDir();
    const input = join(work, "c.txt");
    writeFileSync(input, "a b c\n");
    const outDir = join(work, "out");
    await countNgrams([input], { order: 3, outDir, memoryBytes: 1024, tempDir: work });
    expect(readdirSync(outDir).sort()).toEqual(["1-grams", "2-grams", "3-grams"]);
    expect(readdirSync(work).sort()).toEqual(["c.txt", "out"]);
  });
});

describe("count files made by countNgrams feed the trie builder", () => {
  it("every count is found", async () => {
    const rnd = new Random(77);
    const sentences = randomSentences(rnd, 500, 200);
    const input = join(tempDir(), "corpus.txt");
    writeFileSync(input, sentences.map((s) => s.join(" ")).join("\n"));
    const out = await count([input], { order: 5, memoryBytes: 32 * 1024 });
    const builder = new CountTrieBuilder(5);
    await readCountFiles(out, 5, builder);
    const model = builder.build();
    const naive = naiveCounts(sentences, 5);
    expect(model.gramsPerOrder()).toEqual(naive.counts.map((m) => m.size));
    for (const m of naive.counts) for (const [gram, n] of m) expect(model.lookup(gram)).toBe(n);
  });
});

describe("grampack count", () => {
  it("writes the files and reports the n-grams per order", async () => {
    const input = join(tempDir(), "c.txt");
    writeFileSync(input, "a b a b\n");
    const outDir = join(tempDir(), "out");
    const lines: string[] = [];
    const log = console.log;
    console.log = (s: unknown) => void lines.push(String(s));
    try {
      expect(await main(["count", "--order", "2", "--memory", "64k", "--out", outDir, input])).toBe(0);
    } finally {
      console.log = log;
    }
    expect(readFileSync(join(outDir, "2-grams"), "utf8")).toBe("2\na b\t2\nb a\t1\n");
    expect(lines.join("\n")).toMatch(/2 2-grams/);
  });
});

const TEST_DATA = join(__dirname, "../../test_data");

describe("test_data", () => {
  it("finds every query of queries.random.5K with its count and none of queries.not_found", async () => {
    const counts = new Map<string, number>();
    for (let k = 1; k <= 5; k++) {
      const lines = new TextDecoder().decode(gunzipSync(readFileSync(join(TEST_DATA, `${k}-grams.sorted.gz`)))).split("\n");
      for (let i = 1; i < lines.length - 1; i++) {
        const tab = lines[i].indexOf("\t");
        counts.set(lines[i].slice(0, tab), Number(lines[i].slice(tab + 1)));
      }
    }
    const builder = new CountTrieBuilder(5);
    await readCountFiles(TEST_DATA, 5, builder);
    const model = builder.build();
    const queries = readFileSync(join(TEST_DATA, "queries.random.5K"), "utf8").split("\n").slice(0, -1);
    expect(queries.length).toBe(5000);
    for (const q of queries) {
      expect(counts.has(q)).toBe(true);
      expect(model.lookup(q)).toBe(counts.get(q));
    }
    const absent = readFileSync(join(TEST_DATA, "queries.not_found"), "utf8").split("\n").slice(0, -1);
    expect(absent.length).toBeGreaterThan(200);
    for (const q of absent) expect(model.lookup(q)).toBe(0);
    expect(readFileSync(join(TEST_DATA, "sample_text"), "utf8").split("\n").length).toBe(501);
  });
});
