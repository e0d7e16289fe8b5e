import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { QWEN3 } from "./qwen3.js";
import { gzipSync } from "fflate";
import { useTempDirs } from "../helpers/temp_dir.js";
import { HfTokenizer } from "../../src/text/hf_tokenizer.js";
import { readCorpusIds } from "../../src/cooc/cooc_corpus.js";
import { expandInputs } from "../../src/io/input_files.js";
import { COOC_FILES } from "../../src/cooc/cooc_build.js";
import { BinaryIdsWriter } from "../../src/cooc/binary_ids.js";
import { buildCoocFromFiles } from "../../src/cooc/cooc_build.js";
import { CoocModel } from "../../src/cooc/cooc_file.js";
import { expectSameAsOracle, naiveNeighbors, naivePairs, type OracleOptions } from "./oracle.js";

const SAMPLE = readFileSync(new URL("../../test_data/sample_text", import.meta.url), "utf8").trim().split("\n");
const tempDir = useTempDirs();

function collect(files: string[], options = {}): Promise<{ docs: number[][]; stats: Awaited<ReturnType<typeof readCorpusIds>> }> {
  const docs: number[][] = [];
  return readCorpusIds(files, options, (ids) => docs.push(Array.from(ids))).then((stats) => ({ docs, stats }));
}

describe("tokenization with the piece cache", () => {
  const tokenizer = HfTokenizer.load(QWEN3);

  it("gives exactly the library's ids on test_data and on hard cases", () => {
    const hard = [
      "",
      " ",
      "  leading and trailing  ",
      "Tabs\tand\nnew lines\r\n\n  indented",
      "Digits 1234567 and 3.14159, prices $12.50",
      "Ünïcödé café naïve — “quotes” ‘single’",
      "中文文本的分词测试，包括标点符号。日本語のテキスト",
      "emoji 🤗🎉 and combining e\u0301",
      "special <|endoftext|> inside <|im_start|>text",
      "don't won't it's we've I'm they'll she'd",
    ];
    for (const text of [...SAMPLE, ...hard, SAMPLE.slice(0, 50).join(" ")]) {
      expect(Array.from(tokenizer.ids(text))).toEqual(tokenizer.libraryIds(text));
    }
  });

  it("shows token texts", () => {
    const [the] = tokenizer.ids(" the");
    expect(tokenizer.tokenText(the)).toBe(" the");
    expect(tokenizer.tokenText(10_000_000)).toBeUndefined();
  });
});

describe("reading a corpus", () => {
  it("reads text, ids, gzip, directories, globs and .u32 files, skipping malformed lines", async () => {
    const dir = tempDir();
    const tokenizer = HfTokenizer.load(QWEN3);
    const a = join(dir, "a.jsonl");
    writeFileSync(a, ['{"text": "hello world"}', "not json", '{"content": "good morning"}', '{"ids": [5, 6, 7]}', '{"other": 1}', ""].join("\n"));
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "b.jsonl.gz"), gzipSync(new TextEncoder().encode('{"ids": [1, 2]}\n')));
    const u32 = new BinaryIdsWriter(join(dir, "sub", "c.u32"));
    u32.addDocument(Uint32Array.from([9, 8]));
    u32.addDocument(new Uint32Array(0));
    u32.commit();
    const skips: string[] = [];
    const { docs, stats } = await collect(expandInputs([a, join(dir, "sub")], COOC_FILES), { tokenizer, onSkip: (e: Error) => skips.push(e.message) });
    expect(docs).toEqual([Array.from(tokenizer.ids("hello world")), Array.from(tokenizer.ids("good morning")), [5, 6, 7], [1, 2], [9, 8], []]);
    expect(stats.skipped).toBe(2);
    expect(skips[0]).toMatch(/a\.jsonl:2: invalid JSON/);
    expect(skips[1]).toMatch(/a\.jsonl:5: expected a "text", "content" or "ids" field/);
    expect(expandInputs([join(dir, "sub", "*.gz")], COOC_FILES)).toEqual([join(dir, "sub", "b.jsonl.gz")]);
    await expect(collect([a], { tokenizer, strict: true })).rejects.toThrow(/a\.jsonl:2/);
    await expect(collect([a])).rejects.toThrow(/a\.jsonl:1: a text document needs a tokenizer/);
    expect(() => expandInputs([join(dir, "none-*.jsonl")], COOC_FILES)).toThrow(/no file matches/);
  });
});

describe("co-occurrence of test_data", () => {
  it("matches the oracle in every window mode, weighted or not, spilled or not", async () => {
    const dir = tempDir();
    const tokenizer = HfTokenizer.load(QWEN3);
    const lines: string[] = [];
    for (let i = 0; i < 80; i += 8) lines.push(JSON.stringify({ text: SAMPLE.slice(i, i + 8).join(" ") }));
    const input = join(dir, "sample.jsonl");
    writeFileSync(input, lines.join("\n"));
    const docs = lines.map((l) => Array.from(tokenizer.ids(JSON.parse(l).text as string)));
    const modes: OracleOptions[] = [{ contextLength: 24 }, { contextLength: 20, stride: 7 }, { contextLength: 32, pack: true, separator: 151643 }];
    for (const o of modes) {
      const expected = naiveNeighbors(naivePairs(docs, o));
      for (const weighted of [false, true]) {
        for (const memoryBytes of [undefined, 1 << 12]) {
          const { model, runs } = await buildCoocFromFiles([input], { ...o, weighted, memoryBytes, tokenizer });
          if (memoryBytes !== undefined) expect(runs).toBeGreaterThan(1);
          const loaded = CoocModel.fromBytes(model.toBytes());
          expect(loaded.settings).toEqual({ ...model.settings, tokenizer: join(QWEN3, "tokenizer.json") });
          expectSameAsOracle(loaded.graph, expected);
        }
      }
    }
  });
});
