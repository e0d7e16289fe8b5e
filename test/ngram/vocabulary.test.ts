import { describe, expect, it } from "vitest";
import { Random } from "../helpers/random.js";
import { Vocabulary } from "../../src/ngram/vocabulary.js";
import { ContainerWriter, Container } from "../../src/container/container.js";

/** Letters of 1, 2, 3 and 4 UTF-8 bytes (the last a surrogate pair in UTF-16). */
const LETTERS = ["a", "z", "é", "ß", "中", "文", "😀", "𝄞"];

function randomWords(rnd: Random, n: number): string[] {
  const words = new Set<string>();
  while (words.size < n) {
    const length = 1 + rnd.int(rnd.int(4) === 0 ? 40 : 6);
    words.add(Array.from({ length }, () => LETTERS[rnd.int(LETTERS.length)]).join(""));
  }
  return [...words];
}

describe("Vocabulary", () => {
  const rnd = new Random(29);
  const words = randomWords(rnd, 5000);
  const vocabulary = Vocabulary.build(words);

  it("maps every word to its position and back, like a Map", () => {
    expect(vocabulary.size).toBe(words.length);
    words.forEach((w, i) => {
      expect(vocabulary.lookup(w)).toBe(i);
      expect(vocabulary.word(i)).toBe(w);
    });
  });

  it("rejects every word outside it, near misses included", () => {
    const known = new Set(words);
    for (let t = 0; t < 3000; t++) {
      const w = words[rnd.int(words.length)];
      const candidates = [w + "a", w.slice(0, -1), "a" + w, w.replace(/./u, "é"), w.toUpperCase()];
      for (const c of candidates) expect(vocabulary.lookup(c)).toBe(known.has(c) ? words.indexOf(c) : -1);
    }
    expect(vocabulary.lookup("")).toBe(words.indexOf(""));
  });

  it("looks words up as ranges of a longer string", () => {
    const line = `${words[3]} ${words[7]} nosuch`;
    const second = words[3].length + 1;
    expect(vocabulary.lookupRange(line, 0, words[3].length)).toBe(3);
    expect(vocabulary.lookupRange(line, second, second + words[7].length)).toBe(7);
    expect(vocabulary.lookupRange(line, line.length - 6, line.length)).toBe(-1);
  });

  it("round-trips through a container", () => {
    const out = new ContainerWriter("test");
    vocabulary.write(out, "v");
    const back = Vocabulary.read(Container.from(out.toBytes()), "v");
    expect(back.sizeInBits()).toBe(vocabulary.sizeInBits());
    for (let i = 0; i < words.length; i += 7) expect(back.lookup(words[i])).toBe(i);
  });

  it("refuses a word given twice, naming both entries", () => {
    expect(() => Vocabulary.build(["x", "中文", "y", "中文"], "1-grams")).toThrow(/1-grams: word "中文" appears twice \(entries 2 and 4\)/);
  });

  it("answers each vocabulary's own IDs when several share the cache of looked-up words", () => {
    // The same words in other orders, made and dropped one after the other: a cached word must never
    // answer for another vocabulary, even one built where a dropped one lived.
    const rnd = new Random(17);
    const some = words.slice(0, 300);
    for (let round = 0; round < 8; round++) {
      const shuffled = some.slice();
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = rnd.int(i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      const other = Vocabulary.build(shuffled);
      for (let k = 0; k < 600; k++) {
        const w = some[rnd.int(some.length)];
        expect(other.lookup(w)).toBe(shuffled.indexOf(w));
        expect(vocabulary.lookup(w)).toBe(words.indexOf(w));
      }
    }
  });

  it("is empty without words", () => {
    const empty = Vocabulary.build([]);
    expect(empty.size).toBe(0);
    expect(empty.lookup("a")).toBe(-1);
  });
});
