import { describe, expect, it } from "vitest";
import { fuzzModels } from "../../scripts/fuzz_models.js";
import type { SampleKind } from "../../scripts/fuzz_samples.js";
import type { Edit } from "../../scripts/fuzz_mutations.js";

/**
 * Files with one value changed and the CRC recomputed that used to hang a query, abort Node or answer
 * silently wrong: each is refused at load, naming the section, and nothing hangs or allocates more than the
 * file (the fuzz worker watches both).
 */
async function expectRefused(kind: SampleKind, edits: Edit[], message: RegExp): Promise<void> {
  const [r] = await fuzzModels({ seed: 1, mutations: 0, kinds: [kind], edits: [edits] });
  expect(r.failures).toEqual([]);
  expect(r.outcomes).toHaveLength(1);
  expect(r.outcomes[0].outcome, r.outcomes[0].detail).toBe("refused");
  expect(r.outcomes[0].detail).toMatch(message);
}

describe("tampered model files", () => {
  it("D1: a select sample of a count trie pointing past its bits (was a hang)", async () => {
    await expectRefused("ef_trie count", [{ section: "level2.pointers.ones.subs", index: 204, value: 65535 }], /section "level2\.pointers\.ones\.subs": sample \d+ is not increasing|block \d+ reaches past/);
  });

  it("D2: the width of a partitioned trie level's offsets (was a hang)", async () => {
    await expectRefused("pef_trie prob (exact)", [{ section: "level4.grams.offsets.meta", index: 1, value: 15000 }], /section "level4\.grams\.offsets\.meta": the width is 15000, expected a whole number in 1\.\.53/);
  });

  it("D3: a select sample of a co-occurrence graph's tokens (was a hang)", async () => {
    await expectRefused("cooc (weighted)", [{ section: "graph.tokens.ones.subs", index: 8, value: 65535 }], /section "graph\.tokens\.ones\.subs"/);
  });

  it("D4: a select sample of a hash model's ranks (was a hang)", async () => {
    await expectRefused("hash count", [{ section: "level1.ranks.starts.subs", index: 8, value: 65535 }], /section "level1\.ranks\.starts\.subs"/);
  });

  it("D5: an order of 10^9 (was a 1.5 GB allocation and an abort)", async () => {
    await expectRefused("ef_trie count", [{ section: "trie.meta", index: 0, value: 1e9 }], /section "trie\.meta": the order is 1000000000, expected a whole number in 1\.\.\d+/);
  });

  it("D6: a count table's width and a NaN order (were silently wrong counts and NaN orders)", async () => {
    await expectRefused("ef_trie count", [{ section: "level3.counts.meta", index: 1, value: 1 }], /section "level3\.counts\.bits": holds \d+ bits, \d+ values of 1 bits need \d+/);
    await expectRefused("ef_trie count", [{ section: "trie.meta", index: 0, value: NaN }], /section "trie\.meta": the order is NaN/);
  });

  it("D7: a backoff index width of 64 (was NaN perplexities)", async () => {
    await expectRefused("pef_trie prob (exact)", [{ section: "level2.backoffs.index.meta", index: 1, value: 64 }], /section "level2\.backoffs\.index\.meta": the width is 64/);
  });

  it("D13: a negative order and a sequence code of 1e-300 (were JavaScript's own messages)", async () => {
    await expectRefused("ef_trie count", [{ section: "trie.meta", index: 0, value: -1 }], /section "trie\.meta": the order is -1/);
    await expectRefused("ef_trie count", [{ section: "trie.meta", index: 2, value: 1e-300 }], /section "trie\.meta": the gram sequence code is 1e-300/);
  });
});
