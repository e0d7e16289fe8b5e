import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run_cli.js";
import { useTempDirs } from "../helpers/temp_dir.js";
import { tinyModelAndText } from "../helpers/tiny_model.js";

const tempDir = useTempDirs();


describe("empty inputs are refused", () => {
  it("score: no words to score", async () => {
    const dir = tempDir();
    const { arpa } = tinyModelAndText(dir);
    for (const text of ["", "\n\n", "  \n\t\n"]) {
      const input = join(dir, "empty.txt");
      writeFileSync(input, text);
      const r = await runCli(["score", arpa, input]);
      expect(r.status).toBe(1);
      expect(r.out).toBe("");
      expect(r.err).toBe(`grampack score: ${input}: no words to score (empty, or blank lines only)`);
    }
  });

  it("count and estimate: no words, and nothing written", async () => {
    const dir = tempDir();
    for (const [name, text] of [
      ["empty.txt", ""],
      ["blank.txt", "\n \n"],
      ["empty.jsonl", '{"text": ""}\n{"text": "  "}\n'],
    ]) {
      const input = join(dir, name);
      writeFileSync(input, text);
      const out = join(dir, "out");
      const counted = await runCli(["count", "--order", "2", "--out", out, input]);
      expect(counted.status).toBe(1);
      expect(counted.err).toBe(`grampack count: ${input}: no words to count (no documents, or empty ones)`);
      expect(existsSync(out)).toBe(false);
      const arpa = join(dir, "e.arpa");
      const estimated = await runCli(["estimate", "--order", "2", "--arpa", arpa, input]);
      expect(estimated.status).toBe(1);
      expect(estimated.err).toBe(`grampack estimate: ${input}: no words to estimate a model of (no sentences, or empty ones)`);
      expect(existsSync(arpa)).toBe(false);
    }
    expect(readdirSync(dir).sort()).toEqual(["blank.txt", "empty.jsonl", "empty.txt"]);
  });
});
