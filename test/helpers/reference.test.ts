import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { referenceSuite } from "./reference.js";

describe("referenceSuite", () => {
  it("names the reason of the skip when the reference data is absent, and nothing when it is there", () => {
    const dir = mkdtempSync(join(tmpdir(), "grampack-reference-"));
    try {
      expect(referenceSuite("KenLM's perplexities", join(dir, "kenlm"))).toBe("KenLM's perplexities (skipped: ../shared/reference absent)");
      expect(referenceSuite("KenLM's perplexities", dir)).toBe("KenLM's perplexities");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
