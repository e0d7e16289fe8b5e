import { describe, expect, it } from "vitest";
import { HfTokenizer } from "../../src/text/hf_tokenizer.js";
import { tokenSpelling } from "../../src/text/token_spelling.js";
import { QWEN3 } from "../cooc/qwen3.js";

/** Control characters a spelling never shows (C0 but tab, line feed, carriage return; DEL; C1). */
const UNWANTED_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

describe("tokenSpelling", () => {
  it("spells every token of a byte-level BPE vocabulary as the tokenizer's own decoder does, or leaves it as it is", () => {
    // Oracle: @huggingface/tokenizers' ByteLevel decoder, one token at a time.
    const tokenizer = HfTokenizer.load(QWEN3);
    let tokens = 0;
    let decodedAlike = 0;
    for (let id = 0; id < 160_000; id++) {
      const token = tokenizer.tokenString(id);
      if (token === undefined) continue;
      tokens++;
      const decoded = tokenizer.tokenText(id)!;
      const spelled = tokenSpelling(token);
      if (spelled === decoded) {
        decodedAlike++;
        continue;
      }
      // Only tokens holding part of a character (the decoder shows U+FFFD) or a control character stay raw.
      expect({ id, spelled }).toEqual({ id, spelled: token });
      expect(decoded.includes("\uFFFD") || UNWANTED_CONTROL.test(decoded)).toBe(true);
    }
    expect(tokens).toBeGreaterThan(150_000);
    expect(decodedAlike / tokens).toBeGreaterThan(0.98);
  });

  it("spells the examples of a user's view", () => {
    expect(tokenSpelling("Ġchurch")).toBe(" church");
    expect(tokenSpelling("ĊĊ")).toBe("\n\n");
    expect(tokenSpelling("Ã©t")).toBe("ét");
    expect(tokenSpelling("ï»¿using")).toBe("\uFEFFusing");
    expect(tokenSpelling("ðŁĺĢ")).toBe("😀");
    expect(tokenSpelling("▁church")).toBe(" church");
    expect(tokenSpelling("▁▁")).toBe("  ");
  });

  it("leaves words, WordPiece pieces, partial characters and ids as they are", () => {
    for (const token of ["church", "café", "naïve", "Ātrs", "ąę", "##ing", "Ã", "ðŁĺ", "12345", "<|endoftext|>", "", "a b", "東京"]) {
      expect(tokenSpelling(token)).toBe(token);
    }
  });
});
