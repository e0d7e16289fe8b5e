import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readArpa } from "../../src/io/arpa.js";
import { InputError, quote, QUOTED_CHARS } from "../../src/io/errors.js";
import { forEachCountRow } from "../../src/io/google_counts.js";
import { forEachDocument } from "../../src/io/jsonl.js";
import { readArpaTables } from "../../src/ngram/read_arpa_tables.js";
import { runCli } from "../helpers/run_cli.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs();

/** The longest error message any of these inputs may give: the quoted part, the path and the words around. */
const MAX_MESSAGE = 400;
const LONG = 200_000;

async function errorOf(run: () => Promise<unknown>): Promise<InputError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

/** A message that quotes the start of `text` and tells its length, within MAX_MESSAGE characters. */
function expectClipped(message: string, text: string): void {
  expect(message.length).toBeLessThan(MAX_MESSAGE);
  expect(message).toContain(`"${text.slice(0, QUOTED_CHARS)}…" (${text.length} characters)`);
}

describe("quoting input in error messages", () => {
  it("quotes short text whole and long text cut, with its length", () => {
    expect(quote("")).toBe('""');
    const edge = "x".repeat(QUOTED_CHARS);
    expect(quote(edge)).toBe(`"${edge}"`);
    expect(quote(edge + "y")).toBe(`"${edge}…" (${QUOTED_CHARS + 1} characters)`);
    // A surrogate pair across the cut is left out whole.
    const astral = "a".repeat(QUOTED_CHARS - 1) + "😀" + "b";
    expect(quote(astral)).toBe(`"${"a".repeat(QUOTED_CHARS - 1)}…" (${astral.length} characters)`);
  });

  it("ARPA: a long first line, a long entry and a long unknown word", async () => {
    const dir = tempDir();
    const first = "x ".repeat(LONG / 2).trim();
    const a = join(dir, "a.arpa");
    writeFileSync(a, first + "\n");
    expectClipped((await errorOf(() => readArpa(a, () => {}))).message, first);

    const entry = "-1 " + "w ".repeat(LONG / 2).trim();
    const b = join(dir, "b.arpa");
    writeFileSync(b, `\\data\\\nngram 1=1\n\n\\1-grams:\n${entry}\n\\end\\\n`);
    expectClipped((await errorOf(() => readArpa(b, () => {}))).message, entry);

    const word = "z".repeat(LONG);
    const c = join(dir, "c.arpa");
    writeFileSync(c, `\\data\\\nngram 1=1\nngram 2=1\n\n\\1-grams:\n-1\tq\n\n\\2-grams:\n-1\tq ${word}\n\n\\end\\\n`);
    expectClipped((await errorOf(() => readArpaTables(c))).message, word);
  });

  it("count files: a long header and a long count", async () => {
    const dir = tempDir();
    const header = "9".repeat(10) + "x".repeat(LONG);
    const a = join(dir, "2-grams");
    writeFileSync(a, header + "\n");
    expectClipped((await errorOf(() => forEachCountRow(a, () => {}))).message, header);
    const count = "1".repeat(LONG) + "x";
    writeFileSync(a, `1\na b\t${count}\n`);
    expectClipped((await errorOf(() => forEachCountRow(a, () => {}))).message, count);
  });

  it("JSONL: a long string where an object was expected", async () => {
    const text = "s".repeat(LONG);
    const path = join(tempDir(), "d.jsonl");
    writeFileSync(path, JSON.stringify(text) + "\n");
    expectClipped((await errorOf(() => forEachDocument(path, () => {}))).message, text);
  });

  it("the command line prints one short line for a model that is one huge line", async () => {
    const path = join(tempDir(), "long.txt");
    writeFileSync(path, "x ".repeat(2_500_000));
    const r = await runCli(["score", path, path]);
    expect(r.status).toBe(1);
    expect(r.err.split("\n")).toHaveLength(1);
    expect(r.err.length).toBeLessThan(MAX_MESSAGE);
    expect(r.err).toContain(`${path}:1: expected "\\data\\"`);
  });
});
