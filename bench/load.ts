/**
 * npm run bench:load — time to load a model from its file (reading and checks included), with and without
 * the CRC-32, for every kind of file. With BASELINE_DIR set to another checkout of grampack whose dist/ is
 * built, the same files, written by that build in its own format, are loaded by it too, alternately, and
 * the ratio printed. One JSON line per file.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { REFERENCE, ROOT, emit, median, round } from "./common.js";
import { buildModel } from "./models.js";
import { ContainerWriter } from "../src/container/container.js";
import { load } from "../src/ngram/model.js";
import { loadBackoffModel } from "../src/ngram/load_backoff_model.js";
import { readArpaTables } from "../src/ngram/read_arpa_tables.js";
import { PROB_HASH_KIND, ProbHash } from "../src/ngram/prob_hash.js";
import { PROB_TRIE_KINDS, ProbTrie } from "../src/ngram/prob_trie.js";
import { CoocModel } from "../src/cooc/cooc_file.js";
import { CoocBuilder } from "../src/cooc/cooc_builder.js";
import { WindowCutter } from "../src/cooc/window_cutter.js";
import { EmbeddingStore } from "../src/embed/embedding_store.js";
import { SubstringIndex } from "../src/dedup/substring_index.js";
import { joinByteDocuments } from "../src/dedup/documents.js";
import { SeededRandom } from "../src/embed/seeded_random.js";
import { readFileToHeap } from "../src/io/files.js";

/** Loads the file at a path, checking its CRC or not. */
type Loader = (path: string, checksum: boolean) => unknown;

interface Library {
  readFileBytes(path: string): Uint8Array;
  load(bytes: Uint8Array, options: object): unknown;
  loadBackoffModel(bytes: Uint8Array, options: object): unknown;
  CoocModel: { fromBytes(bytes: Uint8Array, ...rest: unknown[]): unknown };
  EmbeddingStore: { fromBytes(bytes: Uint8Array, ...rest: unknown[]): unknown };
  SubstringIndex: { read(c: unknown, name: string): unknown };
  Container: { from(bytes: Uint8Array, options: object): unknown };
}

/** Loaders of the build at BASELINE_DIR: the same calls in the API it had (verify meant the CRC then). */
function baselineLoaders(lib: Library): Record<string, Loader> {
  return {
    count: (p, checksum) => lib.load(lib.readFileBytes(p), { verify: checksum }),
    prob: (p, checksum) => lib.loadBackoffModel(lib.readFileBytes(p), { verify: checksum }),
    cooc: (p, checksum) => lib.CoocModel.fromBytes(lib.readFileBytes(p), "input", checksum),
    emb: (p) => lib.EmbeddingStore.fromBytes(lib.readFileBytes(p), "input"),
    sa: (p, checksum) => lib.SubstringIndex.read(lib.Container.from(lib.readFileBytes(p), { verify: checksum }), "index"),
  };
}

/** This build's loaders: the file read straight into the kernels' heap, as loadFile does. */
const LOADERS: Record<string, Loader> = {
  count: (p, checksum) => load(readFileToHeap(p), { checksum }),
  prob: (p, checksum) => loadBackoffModel(readFileToHeap(p), { checksum }),
  cooc: (p, checksum) => CoocModel.fromBytes(readFileToHeap(p), { checksum }),
  emb: (p, checksum) => EmbeddingStore.fromBytes(readFileToHeap(p), { checksum }),
  sa: (p, checksum) => SubstringIndex.fromBytes(readFileToHeap(p), { checksum }),
};

/** What the files are made with: this build's modules, or those of the build at BASELINE_DIR (its own format). */
interface Makers {
  buildModel: typeof buildModel;
  readArpaTables: typeof readArpaTables;
  ProbTrie: typeof ProbTrie;
  ProbHash: typeof ProbHash;
  ContainerWriter: typeof ContainerWriter;
  CoocBuilder: typeof CoocBuilder;
  WindowCutter: typeof WindowCutter;
  CoocModel: typeof CoocModel;
  EmbeddingStore: typeof EmbeddingStore;
  SubstringIndex: typeof SubstringIndex;
  joinByteDocuments: typeof joinByteDocuments;
  PROB_TRIE_KINDS: typeof PROB_TRIE_KINDS;
  PROB_HASH_KIND: string;
}

const MAKERS: Makers = { buildModel, readArpaTables, ProbTrie, ProbHash, ContainerWriter, CoocBuilder, WindowCutter, CoocModel, EmbeddingStore, SubstringIndex, joinByteDocuments, PROB_TRIE_KINDS, PROB_HASH_KIND };

async function files(m: Makers): Promise<{ name: string; type: string; bytes: Uint8Array }[]> {
  const tongrams = join(REFERENCE, "tongrams-test-data");
  const countDir = existsSync(tongrams) ? tongrams : join(ROOT, "test_data");
  const out: { name: string; type: string; bytes: Uint8Array }[] = [];
  const written = (kind: string, model: { write(out: ContainerWriter): void }) => {
    const w = new m.ContainerWriter(kind);
    model.write(w);
    return w.toBytes();
  };
  for (const name of ["ef_trie r1 IC", "pef_trie r2 PSPEF", "hash 8"]) {
    const { model } = await m.buildModel(name, countDir, 5);
    const kind = name.startsWith("hash") ? "hash/count" : name.startsWith("ef") ? "ef_trie/count" : "pef_trie/count";
    out.push({ name, type: "count", bytes: written(kind, model) });
  }
  const arpa = join(REFERENCE, "kenlm", "sample_text.o5.arpa.gz");
  if (existsSync(arpa)) {
    const tables = await m.readArpaTables(arpa);
    out.push({ name: "pef_trie r2 prob 8/8", type: "prob", bytes: written(m.PROB_TRIE_KINDS.pef, m.ProbTrie.build(tables, { grams: "pef", remapping: 2 })) });
    out.push({ name: "ef_trie r0 prob exact", type: "prob", bytes: written(m.PROB_TRIE_KINDS.ef, m.ProbTrie.build(tables, { probBits: 0, backoffBits: 0 })) });
    out.push({ name: "hash 4 prob", type: "prob", bytes: written(m.PROB_HASH_KIND, m.ProbHash.build(tables, 4)) });
  }
  const rnd = new SeededRandom(3);
  const builder = new m.CoocBuilder({ weighted: true });
  const cutter = new m.WindowCutter(builder, { contextLength: 128 });
  for (let d = 0; d < 4000; d++) cutter.addDocument(Array.from({ length: 500 }, () => Math.floor(rnd.next() ** 3 * 50000)));
  cutter.finish();
  const settings = { contextLength: 128, stride: 128, pack: false, separator: -1, windows: builder.windows, tokenizer: "" };
  out.push({ name: "cooc weighted (2M tokens)", type: "cooc", bytes: new m.CoocModel(builder.finish(), settings).toBytes() });
  const labels = Array.from({ length: 50000 }, (_, i) => `w${i}`);
  out.push({ name: "emb 50k × 100", type: "emb", bytes: m.EmbeddingStore.build(Float32Array.from({ length: 5e6 }, () => rnd.next()), 100, labels).toBytes() });
  const docs = Array.from({ length: 2000 }, () => new TextEncoder().encode(labels.slice(0, 1 + Math.floor(rnd.next() * 400)).join(" ")));
  out.push({ name: "sa index", type: "sa", bytes: written("substring_index", { write: (w) => m.SubstringIndex.fromDocuments(m.joinByteDocuments(docs)).write(w, "index") }) });
  return out;
}

async function main(): Promise<void> {
  const baselineDir = process.env.BASELINE_DIR;
  const lib = async (path: string) => (await import(pathToFileURL(join(baselineDir!, "dist", path)).href)) as Record<string, unknown>;
  const baseline = baselineDir
    ? { loaders: baselineLoaders((await lib("src/node.js")) as unknown as Library), makers: { ...(await lib("src/node.js")), ...(await lib("bench/models.js")) } as unknown as Makers }
    : undefined;
  const rounds = Number(process.env.ROUNDS ?? 21);
  const work = mkdtempSync(join(tmpdir(), "grampack-bench-load-"));
  try {
    const ours = await files(MAKERS);
    const theirs = baseline ? await files(baseline.makers) : undefined;
    for (let i = 0; i < ours.length; i++) {
      const f = ours[i];
      const pairs: [string, Loader][] = [[written(work, `ours-${i}`, f.bytes), LOADERS[f.type]]];
      if (baseline && theirs) pairs.push([written(work, `theirs-${i}`, theirs[i].bytes), baseline.loaders[f.type]]);
      const [mine, before] = timeEach(pairs, true, rounds);
      const [mineNoCrc, beforeNoCrc] = timeEach(pairs, false, rounds);
      emit({
        file: f.name,
        bytes: f.bytes.length,
        load_ms: round(mine, 3),
        load_ms_without_crc: round(mineNoCrc, 3),
        ...(before !== undefined ? { baseline_ms: round(before, 3), ratio: round(mine / before, 3), baseline_ms_without_crc: round(beforeNoCrc, 3) } : {}),
      });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function written(dir: string, name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Median milliseconds of one load of each file by its loader, over `rounds` rounds taking turns. */
function timeEach(pairs: [string, Loader][], checksum: boolean, rounds: number): number[] {
  const times = pairs.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    pairs.forEach(([path, loader], i) => {
      const t = performance.now();
      loader(path, checksum);
      times[i].push(performance.now() - t);
    });
  }
  return times.map(median);
}

await main();
