import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run_cli.js";
import { useTempDirs } from "../helpers/temp_dir.js";
import { QWEN3 } from "../cooc/qwen3.js";

/*
 * Errors in the data a command is given (a label the store lacks, an id beyond a graph, a line without a
 * document) are one line and exit status 1; the usage text and status 2 are for bad options and arguments.
 */

const tempDir = useTempDirs("file");

/** A data error: status 1, one line naming the command, no usage text. */
function expectDataError(r: { status: number; err: string }, message: string | RegExp): void {
  expect(r.status).toBe(1);
  expect(r.err.split("\n")).toHaveLength(1);
  expect(r.err).not.toMatch(/usage:/);
  if (typeof message === "string") expect(r.err).toBe(message);
  else expect(r.err).toMatch(message);
}

function expectUsageError(r: { status: number; err: string }): void {
  expect(r.status).toBe(2);
  expect(r.err).toMatch(/usage:/);
}

describe("embed neighbors", () => {
  let emb = "";
  beforeAll(async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "c.txt"), "cat dog pet fur\ncar road wheel engine\n".repeat(20));
    emb = join(dir, "w.emb");
    expect((await runCli(["embed", "train", "--dim", "2", "--window", "2", "--out", emb, join(dir, "c.txt")])).status).toBe(0);
  });

  it("refuses an unknown label in one line with status 1", async () => {
    expectDataError(await runCli(["embed", "neighbors", emb, "zyzzyva"]), `grampack embed neighbors: "zyzzyva" is not a label of ${emb}`);
  });

  it("refuses a vector number beyond the store in one line with status 1", async () => {
    // 8 distinct words: vectors #0 to #7.
    expectDataError(await runCli(["embed", "neighbors", emb, "#8"]), `grampack embed neighbors: no vector #8 in ${emb} (it holds 8, #0 to #7)`);
    expect((await runCli(["embed", "neighbors", emb, "#7"])).status).toBe(0);
  });

  it("keeps the usage text and status 2 for bad options", async () => {
    expectUsageError(await runCli(["embed", "neighbors", "--k", "0", emb, "cat"]));
    expectUsageError(await runCli(["embed", "neighbors", emb]));
  });
});

describe("cooc queries", () => {
  let weighted = "";
  let plain = "";
  // Ids 0..12 occur (12 is the largest), so the graph's ids are 0..12.
  const docs = [[0, 1, 2, 3], [4, 5, 6, 12], [7, 8, 9, 10, 11]];
  beforeAll(async () => {
    const dir = tempDir();
    const input = join(dir, "ids.jsonl");
    writeFileSync(input, docs.map((ids) => JSON.stringify({ ids })).join("\n") + "\n");
    weighted = join(dir, "w.cooc");
    plain = join(dir, "p.cooc");
    expect((await runCli(["cooc", "build", "--weighted", "--context-length", "4", "--out", weighted, input])).status).toBe(0);
    expect((await runCli(["cooc", "build", "--context-length", "4", "--out", plain, input])).status).toBe(0);
  });

  const largest = Math.max(...docs.flat());

  it("refuses a token id beyond the graph's ids in neighbors, met and common", async () => {
    const outside = (query: string, id: number) => `grampack cooc ${query}: token id ${id} is outside 0..${largest} of ${weighted}`;
    expectDataError(await runCli(["cooc", "neighbors", weighted, "999999"]), outside("neighbors", 999999));
    expectDataError(await runCli(["cooc", "neighbors", weighted, String(largest + 1)]), outside("neighbors", largest + 1));
    expectDataError(await runCli(["cooc", "met", weighted, "1", "999999"]), outside("met", 999999));
    expectDataError(await runCli(["cooc", "met", weighted, "999999", "1"]), outside("met", 999999));
    expectDataError(await runCli(["cooc", "common", weighted, "1", String(largest + 1)]), outside("common", largest + 1));
    const atEdge = JSON.parse((await runCli(["cooc", "neighbors", weighted, String(largest), "--json"])).out);
    expect(atEdge.neighbors.map((n: { id: number }) => n.id)).toEqual([4, 5, 6]);
  });

  it("refuses --by count on a graph built without --weighted as a data error", async () => {
    expectDataError(await runCli(["cooc", "neighbors", plain, "1", "--by", "count"]), `grampack cooc neighbors: --by count needs counts, but ${plain} was built without --weighted`);
    expectUsageError(await runCli(["cooc", "neighbors", plain, "1", "--by", "weight"]));
  });

  it("refuses --text on a graph of token ids without a tokenizer as a data error", async () => {
    expectDataError(await runCli(["cooc", "met", weighted, "a", "b", "--text"]), `grampack cooc met: ${weighted} was built from token ids: --text needs --tokenizer PATH`);
  });

  it("refuses text that is not one token as a data error", async () => {
    expectDataError(await runCli(["cooc", "neighbors", weighted, "--text", "--tokenizer", QWEN3, "the old church"]), /TOKEN "the old church" is 3 tokens for .*, expected exactly one$/);
  });

  it("keeps usage errors for arguments that are no ids or counts", async () => {
    expectUsageError(await runCli(["cooc", "neighbors", weighted, "x"]));
    expectUsageError(await runCli(["cooc", "top", weighted, "-1"]));
    expectUsageError(await runCli(["cooc", "neighbors", weighted, "1", "--top", "-2"]));
  });
});

describe("sa and similar", () => {
  it("sa count: a token index without --tokenizer is a data error", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "d.txt"), "the old church\nthe old mill\n");
    const index = join(dir, "t.sa");
    expect((await runCli(["sa", "build", "--unit", "tokens", "--tokenizer", QWEN3, "--out", index, join(dir, "d.txt")])).status).toBe(0);
    expectDataError(await runCli(["sa", "count", index, "old"]), `grampack sa count: ${index} is a token index: give the --tokenizer it was built with`);
    expect((await runCli(["sa", "count", "--tokenizer", QWEN3, index, " old"])).out).toBe("2");
  });

  it("similar: a line holding no document is a data error, a DOC that is no number a usage error", async () => {
    const dir = tempDir();
    const corpus = join(dir, "d.jsonl");
    writeFileSync(corpus, '{"text": "the cat sat"}\n\n{"text": "the dog sat"}\n');
    expectDataError(await runCli(["similar", corpus, "2"]), `grampack similar: ${corpus}:2: no document on this line (the documents are on lines 1 to 3, with gaps)`);
    expectUsageError(await runCli(["similar", corpus, "two"]));
    expect((await runCli(["similar", corpus, "3"])).status).toBe(0);
  });
});
