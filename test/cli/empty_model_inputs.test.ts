import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ArpaWriter } from "../../src/io/arpa.js";
import { runCli } from "../helpers/run_cli.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs();

/** A small ARPA model and a text of its words. */
function modelAndText(dir: string): { arpa: string; text: string } {
  const arpa = join(dir, "m.arpa");
  const writer = new ArpaWriter(arpa);
  writer.header([4, 2]);
  writer.beginOrder(1);
  writer.entry("<unk>", -2, 0);
  writer.entry("<s>", -99, -0.5);
  writer.entry("a", -0.5, -0.25);
  writer.entry("b", -0.7, -0.25);
  writer.beginOrder(2);
  writer.entry("a b", -0.2, undefined);
  writer.entry("b a", -0.3, undefined);
  writer.commit();
  const text = join(dir, "t.txt");
  writeFileSync(text, "a b a\nb a\n");
  return { arpa, text };
}

describe("empty inputs are refused", () => {
  it("score: no words to score", async () => {
    const dir = tempDir();
    const { arpa } = modelAndText(dir);
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
