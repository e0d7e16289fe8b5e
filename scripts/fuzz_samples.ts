/**
 * The files the model fuzzer mutates, one per kind of file grampack writes, built from test_data, and for
 * each the queries a user would send it: a loaded file's answers are one string, so that a mutated file
 * can be told to answer the same as the original or not.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ContainerWriter } from "../src/container/container.js";
import { CountTrieBuilder } from "../src/ngram/count_trie_builder.js";
import { CountHashBuilder, HASH_KIND } from "../src/ngram/count_hash.js";
import { TRIE_KINDS } from "../src/ngram/count_trie.js";
import { readCountFiles } from "../src/ngram/count_files.js";
import { load } from "../src/ngram/model.js";
import { estimate } from "../src/ngram/estimate.js";
import { readArpaTables } from "../src/ngram/read_arpa_tables.js";
import { PROB_TRIE_KINDS, ProbTrie } from "../src/ngram/prob_trie.js";
import { PROB_HASH_KIND, ProbHash } from "../src/ngram/prob_hash.js";
import { loadBackoffModel } from "../src/ngram/load_backoff_model.js";
import { CoocBuilder } from "../src/cooc/cooc_builder.js";
import { WindowCutter } from "../src/cooc/window_cutter.js";
import { CoocModel } from "../src/cooc/cooc_file.js";
import { coocStats, commonNeighbors, meeting, mostConnected, neighborsOf } from "../src/cooc/cooc_analysis.js";
import { SubstringIndex } from "../src/dedup/substring_index.js";
import { joinByteDocuments } from "../src/dedup/documents.js";
import { EmbeddingStore } from "../src/embed/embedding_store.js";
import { SeededRandom } from "../src/embed/seeded_random.js";

/** One file to mutate, and how to load it and question it. */
export interface Sample {
  bytes: Uint8Array;
  /** Loads `bytes` (walking the payload too with `verify`) and returns the answers to the kind's queries. */
  answers(bytes: Uint8Array, verify: boolean): string;
}

/** The kinds of file the fuzzer knows, by name. */
export const SAMPLE_KINDS = [
  "ef_trie count",
  "pef_trie count",
  "ef_trie PSEF count",
  "hash count",
  "ef_trie prob (8/8)",
  "pef_trie prob (exact)",
  "hash prob",
  "cooc (weighted)",
  "cooc",
  "sa index",
  "emb (float32)",
  "emb (8-bit)",
] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];

/** Builds the sample of `kind` from the files of test_data (`dataDir`); `workDir` takes temporary files. */
export async function buildSample(kind: SampleKind, dataDir: string, workDir: string): Promise<Sample> {
  const lines = readFileSync(join(dataDir, "sample_text"), "utf8").split("\n").filter((l) => l.length > 0);
  switch (kind) {
    case "ef_trie count":
      return countSample(dataDir, new CountTrieBuilder(5, { grams: "ef", remapping: 1, ranks: "IC" }), TRIE_KINDS.ef);
    case "pef_trie count":
      return countSample(dataDir, new CountTrieBuilder(5, { grams: "pef", remapping: 2, ranks: "PSPEF" }), TRIE_KINDS.pef);
    case "ef_trie PSEF count":
      return countSample(dataDir, new CountTrieBuilder(5, { grams: "ef", remapping: 0, ranks: "PSEF" }), TRIE_KINDS.ef);
    case "hash count":
      return countSample(dataDir, new CountHashBuilder(5, 4), HASH_KIND);
    case "ef_trie prob (8/8)":
    case "pef_trie prob (exact)":
    case "hash prob":
      return probSample(kind, dataDir, workDir, lines);
    case "cooc (weighted)":
    case "cooc":
      return coocSample(lines, kind === "cooc (weighted)");
    case "sa index":
      return saSample(lines);
    case "emb (float32)":
    case "emb (8-bit)":
      return embeddingSample(lines, kind === "emb (8-bit)");
  }
}

async function countSample(dataDir: string, builder: CountTrieBuilder | CountHashBuilder, kind: string): Promise<Sample> {
  await readCountFiles(dataDir, 5, builder);
  const out = new ContainerWriter(kind);
  builder.build().write(out);
  const queries = [
    ...readFileSync(join(dataDir, "queries.random.5K"), "utf8").split("\n").slice(0, 150),
    ...readFileSync(join(dataDir, "queries.not_found"), "utf8").split("\n").slice(0, 50),
  ].filter((q) => q.length > 0);
  const contexts = ["of", "of the", "in the", "it is", "the"];
  return {
    bytes: out.toBytes(),
    answers(bytes, verify) {
      const model = load(bytes, { verify });
      const counts = queries.map((q) => model.lookup(q));
      const next = contexts.map((c) => model.topContinuations(c, 3).map((w) => `${w.word}:${w.count}`));
      return JSON.stringify([model.gramsPerOrder(), counts, next]);
    },
  };
}

async function probSample(kind: SampleKind, dataDir: string, workDir: string, lines: string[]): Promise<Sample> {
  const arpa = join(workDir, "model.arpa");
  await estimate([join(dataDir, "sample_text")], { order: 4, arpa });
  const tables = await readArpaTables(arpa);
  const out =
    kind === "hash prob"
      ? writeModel(PROB_HASH_KIND, ProbHash.build(tables, 4, { probBits: 8, backoffBits: 8 }))
      : kind === "pef_trie prob (exact)"
        ? writeModel(PROB_TRIE_KINDS.pef, ProbTrie.build(tables, { grams: "pef", remapping: 2, probBits: 0, backoffBits: 0 }))
        : writeModel(PROB_TRIE_KINDS.ef, ProbTrie.build(tables, { grams: "ef", remapping: 0 }));
  const text = [...lines.slice(0, 40), "unseen words here", ""];
  return {
    bytes: out,
    answers(bytes, verify) {
      const model = loadBackoffModel(bytes, { verify });
      const wrapped = model.scoreText(text, { wrap: true });
      const plain = model.scoreText(text);
      return JSON.stringify([model.gramsPerOrder(), wrapped.totalLog10Prob, wrapped.oovs, plain.totalLog10Prob, model.lookupValues(["of", "the"])]);
    },
  };
}

function writeModel(kind: string, model: { write(out: ContainerWriter): void }): Uint8Array {
  const out = new ContainerWriter(kind);
  model.write(out);
  return out.toBytes();
}

function coocSample(lines: string[], weighted: boolean): Sample {
  const ids = new Map<string, number>();
  const builder = new CoocBuilder({ weighted });
  const cutter = new WindowCutter(builder, { contextLength: 16 });
  for (const line of lines.slice(0, 200)) {
    cutter.addDocument(line.split(" ").map((w) => ids.get(w) ?? (ids.set(w, ids.size), ids.size - 1)));
  }
  cutter.finish();
  const settings = { contextLength: 16, stride: 16, pack: false, separator: -1, windows: builder.windows, tokenizer: "" };
  return {
    bytes: new CoocModel(builder.finish(), settings).toBytes(),
    answers(bytes, verify) {
      const model = CoocModel.fromBytes(bytes, { verify });
      const g = model.graph;
      const found: unknown[] = [coocStats(model), mostConnected(g, 5)];
      for (let a = 0; a < 30; a++) {
        found.push(g.degree(a), neighborsOf(model, a, weighted ? "count" : "id", 8), meeting(g, a, a + 1), commonNeighbors(g, a, a + 3));
      }
      return JSON.stringify(found);
    },
  };
}

function saSample(lines: string[]): Sample {
  const encoder = new TextEncoder();
  const index = SubstringIndex.fromDocuments(joinByteDocuments(lines.slice(0, 150).map((l) => encoder.encode(l))));
  const queries = ["the", "of the", "and", "x", "in the", "was", "he", "a", "The", "it"];
  return {
    bytes: index.container().toBytes(),
    answers(bytes, verify) {
      const sa = SubstringIndex.fromBytes(bytes, { verify });
      return JSON.stringify([queries.map((q) => sa.count(q)), Array.from(sa.locate("of the")).slice(0, 20)]);
    },
  };
}

function embeddingSample(lines: string[], quantize: boolean): Sample {
  const labels = [...new Set(lines.slice(0, 30).join(" ").split(" "))].slice(0, 200);
  const rnd = new SeededRandom(7);
  const dim = 16;
  const vectors = Float32Array.from({ length: labels.length * dim }, () => rnd.next() - 0.5);
  return {
    bytes: EmbeddingStore.build(vectors, dim, labels, quantize).toBytes(),
    answers(bytes, verify) {
      const store = EmbeddingStore.fromBytes(bytes, { verify });
      const found: unknown[] = [store.count, store.dim];
      for (let i = 0; i < Math.min(5, store.count); i++) {
        const n = store.neighbors(i, 5);
        found.push(store.label(i), Array.from(n.ids), Array.from(n.scores));
      }
      found.push(store.idOf(labels[3]));
      return JSON.stringify(found);
    },
  };
}
