import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EmbeddingStore } from "../../src/embed/embedding_store.js";
import { SpelledLabels } from "../../src/embed/label_spelling.js";
import { HfTokenizer } from "../../src/text/hf_tokenizer.js";
import { runCli } from "../helpers/run_cli.js";
import { useTempDirs } from "../helpers/temp_dir.js";
import { QWEN3 } from "../cooc/qwen3.js";

const tempDir = useTempDirs();

function storeOf(labels: string[]): EmbeddingStore {
  const dim = 3;
  const vectors = Float32Array.from({ length: labels.length * dim }, (_, i) => 1 + ((i * 7) % 5));
  return EmbeddingStore.build(vectors, dim, labels);
}

describe("SpelledLabels.find", () => {
  const labels = ["church", "Ġchurch", "Ġthe", "the", "##ing", "▁dog", "café", "Ġchurch"];
  const find = (q: string) => new SpelledLabels(storeOf(labels)).find(q);

  it("takes the word after a space first: church finds Ġchurch even where a token church exists", () => {
    expect(find("church")).toBe(labels.indexOf("Ġchurch"));
    expect(find("the")).toBe(labels.indexOf("Ġthe"));
    expect(find("dog")).toBe(labels.indexOf("▁dog"));
  });

  it("then the label as stored, then the label's spelling", () => {
    expect(find("Ġchurch")).toBe(1);
    expect(find("##ing")).toBe(labels.indexOf("##ing"));
    expect(find("café")).toBe(labels.indexOf("café"));
    expect(find(" church")).toBe(1);
    expect(find(" dog")).toBe(labels.indexOf("▁dog"));
    expect(find("ing")).toBe(-1);
    expect(find("zyzzyva")).toBe(-1);
  });

  it("reads #N as vector N", () => {
    expect(find("#0")).toBe(0);
    expect(find(`#${labels.length - 1}`)).toBe(labels.length - 1);
    expect(find(`#${labels.length}`)).toBe(-1);
  });

  it("shows a label as its spelling", () => {
    const spelled = new SpelledLabels(storeOf(labels));
    expect(labels.map((_, i) => spelled.text(i))).toEqual(["church", " church", " the", "the", "##ing", " dog", "café", " church"]);
  });
});

describe("grampack embed neighbors on a model of tokenizer output", () => {
  it("finds a word typed as a user types it, shows decoded labels and keeps the token in --json", async () => {
    const dir = tempDir();
    const sentences = ["the old church stood by the river", "a small church near the old mill", "the river ran past the mill and the church"];
    writeFileSync(join(dir, "docs.jsonl"), Array.from({ length: 30 }, (_, i) => JSON.stringify({ text: sentences[i % 3] })).join("\n") + "\n");
    const cooc = join(dir, "t.cooc");
    expect((await runCli(["cooc", "build", "--tokenizer", QWEN3, "--weighted", "--context-length", "8", "--out", cooc, join(dir, "docs.jsonl")])).status).toBe(0);
    const emb = join(dir, "t.emb");
    expect((await runCli(["embed", "train", "--dim", "4", "--out", emb, cooc])).status).toBe(0);

    // Oracle: the tokenizer's own ids and token strings.
    const tokenizer = HfTokenizer.load(QWEN3);
    const church = tokenizer.ids(" church");
    expect(church.length).toBe(1);
    const churchToken = tokenizer.tokenString(church[0])!;
    expect(churchToken).toBe("Ġchurch");

    const r = await runCli(["embed", "neighbors", "--k", "3", "--json", emb, "church"]);
    expect(r.status).toBe(0);
    const answer = JSON.parse(r.out);
    expect(answer).toMatchObject({ query: "church", label: " church", token: churchToken });
    expect(answer.neighbors).toHaveLength(3);
    for (const n of answer.neighbors) {
      const id = tokenizer.ids(n.label);
      // Each label shown is the text of the stored token: the tokenizer encodes it back to that token.
      expect(id.length).toBe(1);
      expect(tokenizer.tokenString(id[0])).toBe(n.token);
    }
    for (const query of [" church", churchToken]) {
      const again = JSON.parse((await runCli(["embed", "neighbors", "--k", "3", "--json", emb, query])).out);
      expect(again.token).toBe(churchToken);
    }
    const text = await runCli(["embed", "neighbors", "--k", "2", emb, "church"]);
    expect(text.out).toMatch(/^church → " church": /);
    expect(text.out).not.toContain("Ġ");
  });
});
