import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** The options of a BPE model of tokenizer.json that change nothing: no dropout, unknown token or affixes. */
export const PLAIN_BPE_MODEL = {
  type: "BPE",
  dropout: null,
  unk_token: null,
  continuing_subword_prefix: null,
  end_of_word_suffix: null,
  fuse_unk: false,
  byte_fallback: false,
};

/**
 * A tiny byte-level BPE (GPT-2 style: "Ġ" marks a leading space), with a special token and an added token
 * holding a tab, which must come out escaped.
 */
export const TINY_BPE = {
  version: "1.0",
  truncation: null,
  padding: null,
  added_tokens: [
    { id: 20, content: "<s>", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
    { id: 21, content: "new\tyork", single_word: false, lstrip: false, rstrip: false, normalized: false, special: false },
  ],
  normalizer: null,
  pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
  post_processor: {
    type: "TemplateProcessing",
    single: [{ SpecialToken: { id: "<s>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }],
    pair: [],
    special_tokens: { "<s>": { id: "<s>", ids: [20], tokens: ["<s>"] } },
  },
  decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
  model: {
    ...PLAIN_BPE_MODEL,
    vocab: { t: 0, h: 1, e: 2, Ġ: 3, c: 4, a: 5, s: 6, th: 7, the: 8, Ġt: 9, Ġth: 10, Ġthe: 11, Ġc: 12, Ġca: 13, Ġcat: 14, Ċ: 15, ĉ: 16, "\\": 17 },
    merges: ["t h", "th e", "Ġ t", "Ġt h", "Ġth e", "Ġ c", "Ġc a", "Ġca t"],
  },
};

/** Writes TINY_BPE as tokenizer.json (and a tokenizer_config.json) into `dir`; returns `dir`. */
export function tinyTokenizerFolder(dir: string): string {
  writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(TINY_BPE));
  writeFileSync(join(dir, "tokenizer_config.json"), JSON.stringify({ model_max_length: 1024 }));
  return dir;
}
