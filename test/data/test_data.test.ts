import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "fflate";
import { describe, expect, it } from "vitest";

/** test_data checked from the files themselves: train.txt is the text the bundled count files were made of. */
const TEST_DATA = join(import.meta.dirname, "../../test_data");
const TRAINING_SENTENCES = 3557;

function lines(file: string): string[] {
  const text = readFileSync(join(TEST_DATA, file), "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text.slice(0, -1).split("\n");
}

/** The rows of a Google-format count file, as n-gram → count, after checking its first line. */
function countFile(order: number): Map<string, number> {
  const rows = new TextDecoder().decode(gunzipSync(readFileSync(join(TEST_DATA, `${order}-grams.sorted.gz`)))).split("\n");
  const counts = new Map<string, number>();
  for (const row of rows.slice(1, -1)) {
    const tab = row.indexOf("\t");
    counts.set(row.slice(0, tab), Number(row.slice(tab + 1)));
  }
  expect(counts.size).toBe(Number(rows[0]));
  return counts;
}

describe("test_data/train.txt", () => {
  const train = lines("train.txt");

  it("holds the training sentences, one per line, words separated by single spaces", () => {
    expect(train.length).toBe(TRAINING_SENTENCES);
    for (const line of train) expect(line).toMatch(/^\S+( \S+)*$/);
  });

  it("is the text the count files were made of", () => {
    const unigrams = new Map<string, number>();
    for (const line of train) for (const word of line.split(" ")) unigrams.set(word, (unigrams.get(word) ?? 0) + 1);
    expect(countFile(1)).toEqual(unigrams);
    // A line of w words holds w - k + 1 k-grams: the totals show the files were counted line by line.
    const lengths = train.map((line) => line.split(" ").length);
    for (let k = 2; k <= 5; k++) {
      let total = 0;
      for (const count of countFile(k).values()) total += count;
      expect(total).toBe(lengths.reduce((sum, w) => sum + Math.max(0, w - k + 1), 0));
    }
  });
});
