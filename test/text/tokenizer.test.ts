import { describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { useTempDirs } from "../helpers/temp_dir.js";
import { join } from "node:path";
import { Tokenizer as PackageTokenizer } from "@huggingface/tokenizers";
import { Random } from "../helpers/random.js";
import { escapeWord, unescapeWord } from "../../src/text/escape.js";
import { loadTokenizer, WhitespaceTokenizer } from "../../src/text/tokenizer.js";
import { HfTokenizer } from "../../src/text/hf_tokenizer.js";
import { InputError } from "../../src/io/errors.js";
import { TINY_BPE, tinyTokenizerFolder } from "./tiny_tokenizer.js";

const tempDir = useTempDirs("file");

describe("whitespace tokenizer", () => {
  const t = new WhitespaceTokenizer();

  it("splits at runs of any whitespace and yields no empty word", () => {
    expect(t.words("")).toEqual([]);
    expect(t.words(" \t\r\n ")).toEqual([]);
    expect(t.words("one")).toEqual(["one"]);
    expect(t.words("  the  cat\t\tsat\r\non it \n")).toEqual(["the", "cat", "sat", "on", "it"]);
    // No-break space, em space, ideographic space, line separator, BOM as ZWNBSP.
    expect(t.words("a\u00a0b\u2003c\u3000d\u2028e\ufefff")).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(t.words("wörd ,  «x»")).toEqual(["wörd", ",", "«x»"]);
  });

  it("turns pre-tokenized ids into their decimal numbers", () => {
    expect(t.wordsOfIds(Uint32Array.of(0, 7, 4294967295))).toEqual(["0", "7", "4294967295"]);
  });

  it("is what loadTokenizer gives by default and for \"whitespace\"", () => {
    expect(loadTokenizer()).toBeInstanceOf(WhitespaceTokenizer);
    expect(loadTokenizer("whitespace").description).toBe("whitespace");
  });
});

describe("word escaping", () => {
  it("escapes separators and the backslash visibly", () => {
    expect(escapeWord("plain")).toBe("plain");
    expect(escapeWord("new york")).toBe("new\\syork");
    expect(escapeWord("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
    expect(escapeWord("")).toBe("\\0");
    expect(escapeWord("\\0")).toBe("\\\\0");
  });

  it("round-trips random strings made of separators, backslashes and letters", () => {
    const rnd = new Random(5);
    const alphabet = [" ", "\t", "\n", "\r", "\\", "s", "t", "0", "Ġ", "é"];
    for (let i = 0; i < 500; i++) {
      let token = "";
      for (let n = rnd.int(8); n > 0; n--) token += alphabet[rnd.int(alphabet.length)];
      const word = escapeWord(token);
      expect(word).not.toMatch(/[ \t\n\r]/);
      expect(word.length).toBeGreaterThan(0);
      expect(unescapeWord(word)).toBe(token);
    }
  });

  it("refuses an unknown escape", () => {
    expect(() => unescapeWord("a\\x")).toThrow(/unknown escape "\\x"/);
    expect(() => unescapeWord("a\\")).toThrow(RangeError);
  });
});

describe("Hugging Face tokenizer.json", () => {
  const folder = tinyTokenizerFolder(tempDir());
  const reference = new PackageTokenizer(TINY_BPE, {});
  const texts = ["the cat", "the cat sat", "the\tcat\n", "new\tyork the cat", "a\\b", "", "  "];

  it("gives the package's own tokens, without special tokens, escaped", () => {
    for (const spec of [folder, join(folder, "tokenizer.json")]) {
      const t = loadTokenizer(spec);
      expect(t).toBeInstanceOf(HfTokenizer);
      expect(t.description).toBe(join(folder, "tokenizer.json"));
      for (const text of texts) expect(t.words(text)).toEqual(reference.tokenize(text).map(escapeWord));
    }
    const t = loadTokenizer(folder);
    expect(t.words("the cat sat")).toEqual(["the", "Ġcat", "Ġ", "s", "a", "t"]);
    expect(t.words("new\tyork the cat")).toEqual(["new\\tyork", "Ġ", "the", "Ġcat"]);
  });

  it("turns the package's ids back into the same words", () => {
    const t = loadTokenizer(folder);
    for (const text of texts) {
      const { ids } = reference.encode(text, { add_special_tokens: false });
      expect(t.wordsOfIds(Uint32Array.from(ids))).toEqual(t.words(text));
    }
    expect(() => t.wordsOfIds(Uint32Array.of(999))).toThrow(/token id 999 is not in the vocabulary/);
  });

  it("refuses a missing path, a file that is not JSON and a JSON that is no tokenizer, naming the file", () => {
    const dir = tempDir();
    expect(() => loadTokenizer(join(dir, "nothing.json"))).toThrow(InputError);
    const notJson = join(dir, "broken.json");
    writeFileSync(notJson, "{ not json");
    expect(() => loadTokenizer(notJson)).toThrow(new RegExp(`^${notJson}: expected a JSON object`));
    const emptyFolder = join(dir, "empty");
    mkdirSync(emptyFolder);
    expect(() => loadTokenizer(emptyFolder)).toThrow(/tokenizer\.json: cannot read/);
    const noModel = join(dir, "no_model.json");
    writeFileSync(noModel, JSON.stringify({ model: { type: "Nonsense" } }));
    expect(() => loadTokenizer(noModel)).toThrow(InputError);
  });
});
