import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "fflate";
import { Random } from "../helpers/random.js";
import { useTempDirs } from "../helpers/temp_dir.js";
import { naiveCounts, randomSentences, writeCountFiles } from "../helpers/ngram_corpus.js";
import { sortCountFile } from "../../src/ngram/sort_grams.js";
import { InputError } from "../../src/io/errors.js";
import { main } from "../../src/cli/main.js";

const tempDir = useTempDirs("file");

function shuffle<T>(items: T[], rnd: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rnd.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** The rows of a count file in random order, some split into two rows whose counts add up. */
function shuffledRows(sortedFile: string, rnd: Random): string {
  const rows: string[] = [];
  for (const line of readFileSync(sortedFile, "utf8").split("\n").slice(1, -1)) {
    const [gram, count] = line.split("\t");
    const n = Number(count);
    if (n > 1 && rnd.int(3) === 0) {
      const part = 1 + rnd.int(n - 1);
      rows.push(`${gram}\t${part}`, `${gram}\t${n - part}`);
    } else {
      rows.push(line);
    }
  }
  return `${rows.length}\n${shuffle(rows, rnd).join("\n")}\n`;
}

describe("sortCountFile", () => {
  const rnd = new Random(31);
  const sorted = writeCountFiles(naiveCounts(randomSentences(rnd, 500, 120), 4), tempDir());
  const vocab = join(sorted, "1-grams");

  for (const k of [1, 2, 3, 4]) {
    it(`sorts shuffled ${k}-grams (repeats merged) into the sorted file, spilling runs`, async () => {
      const dir = tempDir();
      const input = join(dir, `${k}-grams`);
      writeFileSync(input, shuffledRows(join(sorted, `${k}-grams`), rnd));
      const output = join(dir, "sorted");
      const { order, rows } = await sortCountFile(vocab, input, output, { memoryBytes: 2048 });
      expect(order).toBe(k);
      const expected = readFileSync(join(sorted, `${k}-grams`), "utf8");
      expect(readFileSync(output, "utf8")).toBe(expected);
      expect(rows).toBe(Number(expected.slice(0, expected.indexOf("\n"))));
    });
  }

  it("reads gzip, writes gzip for a .gz name, and takes the order from the first row", async () => {
    const dir = tempDir();
    const input = join(dir, "unsorted.txt.gz");
    writeFileSync(input, gzipSync(new TextEncoder().encode(shuffledRows(join(sorted, "3-grams"), rnd))));
    const output = join(dir, "3-grams.sorted.gz");
    await sortCountFile(vocab, input, output);
    expect(new TextDecoder().decode(gunzipSync(readFileSync(output)))).toBe(readFileSync(join(sorted, "3-grams"), "utf8"));
  });

  it("refuses a word that is not in the vocabulary, naming the file and line", async () => {
    const dir = tempDir();
    const input = join(dir, "2-grams");
    const firstWord = readFileSync(vocab, "utf8").split("\n")[1].split("\t")[0];
    writeFileSync(input, `2\n${firstWord} ${firstWord}\t3\n${firstWord} nosuchword\t1\n`);
    const error = await sortCountFile(vocab, input, join(dir, "out")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ file: input, line: 3 });
    expect((error as Error).message).toMatch(/word "nosuchword" is not in the vocabulary/);
  });

  it("refuses a row with the wrong number of words for the order", async () => {
    const dir = tempDir();
    const input = join(dir, "2-grams");
    writeFileSync(input, "1\na b c\t1\n");
    await expect(sortCountFile(vocab, input, join(dir, "out"))).rejects.toThrow(`${input}:2: 3 word(s), expected 2`);
  });
});

describe("grampack sort_grams", () => {
  it("sorts a file and exits 0; exits 2 without --vocab", async () => {
    const rnd = new Random(8);
    const sorted = writeCountFiles(naiveCounts(randomSentences(rnd, 100, 40), 2), tempDir());
    const dir = tempDir();
    const input = join(dir, "bigrams");
    writeFileSync(input, shuffledRows(join(sorted, "2-grams"), rnd));
    const output = join(dir, "2-grams.sorted");
    const log = console.log;
    const error = console.error;
    console.log = console.error = () => undefined;
    try {
      expect(await main(["sort_grams", "--vocab", join(sorted, "1-grams"), "--out", output, "--order", "2", input])).toBe(0);
      expect(await main(["sort_grams", "--out", output, input])).toBe(2);
    } finally {
      console.log = log;
      console.error = error;
    }
    expect(readFileSync(output, "utf8")).toBe(readFileSync(join(sorted, "2-grams"), "utf8"));
  });
});
