import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { countNgrams, WordCounter } from "../../src/ngram/counter.js";
import { Random } from "../helpers/random.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs();

const PIECES = ["a", "b", "z", "é", "ß", "€", "中", "😀", "\uFFFD", "\uD800", "\uDFFF", "x\uDBFF", "0", "~"];

function randomWord(rnd: Random): string {
  let w = "";
  for (let n = 1 + rnd.int(4); n > 0; n--) w += PIECES[rnd.int(PIECES.length)];
  return w;
}

describe("WordCounter (the vocabulary of grampack count)", () => {
  it("counts words and orders their IDs as a Map and a sort do", () => {
    const rnd = new Random(51);
    for (const distinct of [1, 7, 500, 20000]) {
      const words = Array.from({ length: distinct }, () => randomWord(rnd) + rnd.int(distinct));
      const counter = new WordCounter(3);
      const oracle = new Map<string, number>();
      let tokens = 0;
      for (let d = 0; d < 3 * distinct; d++) {
        const doc = Array.from({ length: rnd.int(6) }, () => words[Math.floor(distinct ** rnd.next()) - 1]);
        counter.add(doc);
        tokens += doc.length;
        for (const w of doc) oracle.set(w, (oracle.get(w) ?? 0) + 1);
      }
      const byId = [...oracle].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const utf8 = counter.assignIds();
      expect(counter.size).toBe(oracle.size);
      expect(counter.tokens).toBe(tokens);
      const encoder = new TextEncoder();
      byId.forEach(([word, count], id) => {
        expect(counter.idOf(word)).toBe(id);
        expect(counter.countOf(id)).toBe(count);
        expect(utf8.pool.subarray(utf8.start[id], utf8.start[id + 1])).toEqual(encoder.encode(word));
      });
      expect(counter.idOf("never seen")).toBe(-1);
      expect(counter.idOf(byId[0][0] + "x")).toBe(-1);
    }
  });

  it("holds a large vocabulary in typed arrays of a few tens of bytes a word", () => {
    const counter = new WordCounter(1);
    const n = 300_000;
    for (let i = 0; i < n; i++) counter.add([`w${i.toString(36)}`]);
    counter.assignIds();
    // Word i of ~4 characters: 8 bytes of code units; the rest is per word, with the tables' free room.
    expect(counter.byteLength / n).toBeLessThan(64);
    expect(counter.byteLength / n).toBeGreaterThan(20);
  });
});

describe("count's memory budget", () => {
  it("warns when the vocabulary takes more than the budget leaves, and not otherwise", async () => {
    const dir = tempDir();
    const input = join(dir, "v.txt");
    const words: string[] = [];
    for (let i = 0; i < 60_000; i++) words.push(`w${i}${i % 10 === 9 ? "\n" : " "}`);
    writeFileSync(input, words.join(""));
    const warnings: string[] = [];
    const small = await countNgrams([input], { order: 2, outDir: join(dir, "small"), memoryBytes: 1 << 20, onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^the vocabulary of 60000 words takes [\d.]+ MiB of the 1\.0 MiB of --memory, and the sorts keep 0\.1 MiB: about [\d.]+ MiB in all, beyond --memory$/);
    warnings.length = 0;
    const large = await countNgrams([input], { order: 2, outDir: join(dir, "large"), memoryBytes: 1 << 28, onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    // The budget changes where the sorts spill, not what is counted.
    expect(small.grams).toEqual(large.grams);
    for (const k of [1, 2]) {
      const same = readFileSync(join(dir, "small", `${k}-grams`)).equals(readFileSync(join(dir, "large", `${k}-grams`)));
      expect(same, `${k}-grams`).toBe(true);
    }
  });
});
