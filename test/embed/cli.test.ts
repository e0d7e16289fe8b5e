import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCoocFromFiles } from "../../src/cooc/cooc_build.js";
import { coocFileCounts } from "../../src/embed/training_counts.js";
import { corpusCooccurrence } from "../../src/embed/corpus_cooccurrence.js";
import { WordsTokenizer } from "../../src/embed/words_tokenizer.js";
import { toDense } from "./dense_oracle.js";
import { runCli } from "../helpers/run_cli.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs();

/** Two topics whose words never meet across topics. */
const CORPUS = Array.from({ length: 40 }, (_, i) => (i % 2 ? "cat dog pet fur cat dog pet fur" : "car road wheel engine car road wheel engine")).join("\n") + "\n";

describe("co-occurrence inputs", () => {
  it("counts the sliding windows of window + 1 words that two words share", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "d.txt"), "aa bb x cc dd\n");
    const { counts, labels } = await corpusCooccurrence([join(dir, "d.txt")], { tokenizer: new WordsTokenizer(), window: 2 });
    // "x" is no word for scikit-learn's pattern; windows: [aa bb cc] [bb cc dd]
    expect(labels).toEqual(["aa", "bb", "cc", "dd"]);
    expect(Array.from(toDense(counts))).toEqual([0, 1, 1, 0, 1, 0, 2, 1, 1, 2, 0, 1, 0, 1, 1, 0]);
  });

  it("reads a weighted file of the co-occurrence module", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "ids.jsonl"), '{"ids": [0, 1, 2, 0, 1]}\n{"ids": [2, 3]}\n');
    const { model } = await buildCoocFromFiles([join(dir, "ids.jsonl")], { weighted: true, contextLength: 2, stride: 1 });
    writeFileSync(join(dir, "c.gpk"), model.toBytes());
    const { counts, labels } = coocFileCounts(join(dir, "c.gpk"));
    expect(labels).toEqual(["0", "1", "2", "3"]);
    // windows: [0 1] [1 2] [2 0] [0 1] | [2 3]
    expect(Array.from(toDense(counts))).toEqual([0, 2, 1, 0, 2, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0]);
  });
});

describe("grampack embed / keywords / similar / pairs", () => {
  it("trains, searches, exports and imports embeddings", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "corpus.txt"), CORPUS);
    const emb = join(dir, "e.gpk");
    const train = await runCli(["embed", "train", "--dim", "2", "--window", "2", "--out", emb, join(dir, "corpus.txt")]);
    expect(train.status).toBe(0);
    expect(train.out).toMatch(/8 vectors of 2 dimensions/);
    const nn = await runCli(["embed", "neighbors", "--k", "3", "--json", emb, "cat"]);
    const hits = JSON.parse(nn.out).neighbors.map((h: { label: string }) => h.label);
    expect(hits.sort()).toEqual(["dog", "fur", "pet"]);
    expect((await runCli(["embed", "export", "--out", join(dir, "e.npy"), "--labels", join(dir, "l.txt"), emb])).status).toBe(0);
    expect((await runCli(["embed", "import", "--labels", join(dir, "l.txt"), "--quantize", "--out", join(dir, "q.gpk"), join(dir, "e.npy")])).status).toBe(0);
    const again = await runCli(["embed", "neighbors", "--k", "3", "--json", join(dir, "q.gpk"), "#0"]);
    expect(JSON.parse(again.out).neighbors.length).toBe(3);
    const bad = await runCli(["embed", "neighbors", emb, "zebra"]);
    expect([bad.status, bad.err]).toEqual([1, `grampack embed neighbors: "zebra" is not a label of ${emb}`]);
  });

  it("prints keywords and similar documents", async () => {
    const dir = tempDir();
    const docs = ['{"text": "the cat sat on the mat"}', '{"text": "the dog sat on the log"}', '{"text": "cars and roads"}'];
    writeFileSync(join(dir, "d.jsonl"), docs.join("\n") + "\n");
    writeFileSync(join(dir, "stop.txt"), "the\non\n");
    const kw = await runCli(["keywords", "--k", "2", "--stop-words", join(dir, "stop.txt"), join(dir, "d.jsonl")]);
    const first = JSON.parse(kw.out.split("\n")[0]);
    expect(first.line).toBe(1);
    expect(first.keywords.map((k: [string, number]) => k[0])).toEqual(["cat", "mat"]);
    const sim = await runCli(["similar", "--k", "2", join(dir, "d.jsonl"), "1"]);
    expect(sim.out.split("\n")[0]).toMatch(/^2\t0\.\d+$/);
  });

  it("mines pairs into a TSV", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "log.csv"), "user,item\n1,100\n2,100\n1,200\n2,200\n3,300\n1,300\n");
    const res = await runCli(["pairs", "--k", "1", "--out", join(dir, "p.tsv"), join(dir, "log.csv")]);
    expect(res.status).toBe(0);
    const lines = readFileSync(join(dir, "p.tsv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("a\tb\toverlap\tweight\tjaccard\tcosine");
    expect(lines[1]).toBe("100\t200\t2\t0.333333\t1\t1");
    const bad = await runCli(["pairs", "--out", join(dir, "x.tsv"), join(dir, "nope.csv")]);
    expect(bad.status).not.toBe(0);
  });
});
