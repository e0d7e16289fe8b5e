import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCoocFromFiles } from "../../src/cooc/cooc_build.js";
import { runCli } from "../helpers/run_cli.js";
import { useTempDirs } from "../helpers/temp_dir.js";

/*
 * A corpus command given nothing to work on refuses in one line with status 1 and leaves no output,
 * rather than writing an empty model and exiting 0.
 */

const tempDir = useTempDirs();

function expectRefused(r: { status: number; err: string }, message: string): void {
  expect(r.err).toBe(message);
  expect(r.status).toBe(1);
}

/** An empty file, a file of blank lines, and the directory holding them. */
function emptyInputs(): { dir: string; empty: string; blank: string } {
  const dir = tempDir();
  const empty = join(dir, "empty.jsonl");
  const blank = join(dir, "blank.txt");
  writeFileSync(empty, "");
  writeFileSync(blank, "\n  \n\t\n");
  return { dir, empty, blank };
}

/** Nothing but the inputs is left in the directory: no output, no temporary file. */
function expectNoOutput(dir: string): void {
  expect(readdirSync(dir).sort()).toEqual(["blank.txt", "empty.jsonl"]);
}

describe("corpus commands on empty input", () => {
  it("cooc build", async () => {
    const { dir, empty, blank } = emptyInputs();
    expectRefused(await runCli(["cooc", "build", "--out", join(dir, "c.cooc"), empty]), `grampack cooc build: no documents in ${empty}`);
    expectRefused(await runCli(["cooc", "build", "--out", join(dir, "c.cooc"), empty, blank]), `grampack cooc build: no documents in ${empty}, ${blank}`);
    expectNoOutput(dir);
  });

  it("cooc build on documents without tokens, or without two tokens in a window", async () => {
    const { dir } = emptyInputs();
    const noTokens = join(dir, "no_tokens.jsonl");
    writeFileSync(noTokens, '{"ids": []}\n{"ids": []}\n');
    expectRefused(await runCli(["cooc", "build", "--out", join(dir, "c.cooc"), noTokens]), `grampack cooc build: no tokens in ${noTokens} (2 empty documents)`);
    const single = join(dir, "single.jsonl");
    writeFileSync(single, '{"ids": [5]}\n{"ids": [7]}\n');
    const r = await runCli(["cooc", "build", "--out", join(dir, "c.cooc"), single]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/^grampack cooc build: no two tokens of .*single\.jsonl met in a window/);
    expect(existsSync(join(dir, "c.cooc"))).toBe(false);
  });

  it("embed train, from a corpus and from an empty co-occurrence file", async () => {
    const { dir, empty, blank } = emptyInputs();
    expectRefused(await runCli(["embed", "train", "--dim", "4", "--out", join(dir, "e.emb"), empty]), `grampack embed train: no documents in ${empty}`);
    expectRefused(await runCli(["embed", "train", "--dim", "4", "--out", join(dir, "e.emb"), blank]), `grampack embed train: no documents in ${blank}`);
    expectNoOutput(dir);
    const punctuation = join(dir, "punctuation.jsonl");
    writeFileSync(punctuation, '{"text": "!!! ... ?"}\n');
    expectRefused(await runCli(["embed", "train", "--dim", "4", "--out", join(dir, "e.emb"), punctuation]), `grampack embed train: no tokens in ${punctuation} (1 document without a word of words)`);
    // A co-occurrence file without pairs (as `cooc build` wrote them before it refused empty input).
    writeFileSync(join(dir, "single.jsonl"), '{"ids": [5]}\n');
    const { model } = await buildCoocFromFiles([join(dir, "single.jsonl")], { weighted: true });
    const cooc = join(dir, "empty.cooc");
    writeFileSync(cooc, model.toBytes());
    expectRefused(await runCli(["embed", "train", "--dim", "4", "--out", join(dir, "e.emb"), cooc]), `grampack embed train: ${cooc}: no co-occurring pairs (the co-occurrence graph is empty)`);
    expect(existsSync(join(dir, "e.emb"))).toBe(false);
  });

  it("dedup, simhash and sa build", async () => {
    const { dir, empty, blank } = emptyInputs();
    expectRefused(await runCli(["dedup", "--out", join(dir, "d.jsonl"), empty]), `grampack dedup: no documents in ${empty}`);
    expectRefused(await runCli(["dedup", "--out", join(dir, "d.txt"), blank]), `grampack dedup: no documents in ${blank}`);
    expectRefused(await runCli(["simhash", "--out", join(dir, "s.jsonl"), empty]), `grampack simhash: no documents in ${empty}`);
    expectRefused(await runCli(["sa", "build", "--out", join(dir, "i.sa"), empty, blank]), `grampack sa build: no documents in ${empty}, ${blank}`);
    expectNoOutput(dir);
    const emptyTexts = join(dir, "empty_texts.jsonl");
    writeFileSync(emptyTexts, '{"text": ""}\n{"text": ""}\n');
    expectRefused(await runCli(["sa", "build", "--out", join(dir, "i.sa"), emptyTexts]), `grampack sa build: no text in ${emptyTexts} (2 empty documents)`);
    expect(existsSync(join(dir, "i.sa"))).toBe(false);
  });

  it("keywords, similar and pairs", async () => {
    const { dir, empty, blank } = emptyInputs();
    expectRefused(await runCli(["keywords", "--out", join(dir, "k.jsonl"), empty]), `grampack keywords: no documents in ${empty}`);
    expectRefused(await runCli(["similar", blank, "1"]), `grampack similar: no documents in ${blank}`);
    expectNoOutput(dir);
    const stop = join(dir, "stop.txt");
    writeFileSync(stop, "the\n");
    const onlyStopWords = join(dir, "the.txt");
    writeFileSync(onlyStopWords, "the the\nthe\n");
    expectRefused(await runCli(["keywords", "--stop-words", stop, onlyStopWords]), `grampack keywords: no tokens in ${onlyStopWords} (2 documents without a word of words that is not a stop word)`);
    const log = join(dir, "log.csv");
    writeFileSync(log, "user,item\n");
    expectRefused(await runCli(["pairs", "--out", join(dir, "p.tsv"), log]), `grampack pairs: no interactions in ${log} (expected lines user,item[,time])`);
    expect(existsSync(join(dir, "p.tsv"))).toBe(false);
  });
});
