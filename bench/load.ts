/**
 * npm run bench:load — time to load a model from its bytes (checks included, file reading excluded), with
 * and without the CRC-32, for every kind of file. With BASELINE_DIR set to another checkout of grampack
 * whose dist/ is built, the same bytes are loaded by that build too, alternately, and the ratio printed:
 * how much the checks of this build cost against that one. One JSON line per file.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { existsSync } from "node:fs";
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

type Loader = (bytes: Uint8Array, checksum: boolean) => unknown;

interface Library {
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
    count: (b, checksum) => lib.load(b, { verify: checksum }),
    prob: (b, checksum) => lib.loadBackoffModel(b, { verify: checksum }),
    cooc: (b, checksum) => lib.CoocModel.fromBytes(b, "input", checksum),
    emb: (b) => lib.EmbeddingStore.fromBytes(b, "input"),
    sa: (b, checksum) => lib.SubstringIndex.read(lib.Container.from(b, { verify: checksum }), "index"),
  };
}

const LOADERS: Record<string, Loader> = {
  count: (b, checksum) => load(b, { checksum }),
  prob: (b, checksum) => loadBackoffModel(b, { checksum }),
  cooc: (b, checksum) => CoocModel.fromBytes(b, { checksum }),
  emb: (b, checksum) => EmbeddingStore.fromBytes(b, { checksum }),
  sa: (b, checksum) => SubstringIndex.fromBytes(b, { checksum }),
};

async function files(): Promise<{ name: string; type: string; bytes: Uint8Array }[]> {
  const tongrams = join(REFERENCE, "tongrams-test-data");
  const countDir = existsSync(tongrams) ? tongrams : join(ROOT, "test_data");
  const out: { name: string; type: string; bytes: Uint8Array }[] = [];
  for (const name of ["ef_trie r1 IC", "pef_trie r2 PSPEF", "hash 8"]) {
    const { model } = await buildModel(name, countDir, 5);
    const kind = name.startsWith("hash") ? "hash/count" : name.startsWith("ef") ? "ef_trie/count" : "pef_trie/count";
    out.push({ name, type: "count", bytes: written(kind, model) });
  }
  const arpa = join(REFERENCE, "kenlm", "sample_text.o5.arpa.gz");
  if (existsSync(arpa)) {
    const tables = await readArpaTables(arpa);
    out.push({ name: "pef_trie r2 prob 8/8", type: "prob", bytes: written(PROB_TRIE_KINDS.pef, ProbTrie.build(tables, { grams: "pef", remapping: 2 })) });
    out.push({ name: "ef_trie r0 prob exact", type: "prob", bytes: written(PROB_TRIE_KINDS.ef, ProbTrie.build(tables, { probBits: 0, backoffBits: 0 })) });
    out.push({ name: "hash 4 prob", type: "prob", bytes: written(PROB_HASH_KIND, ProbHash.build(tables, 4)) });
  }
  const rnd = new SeededRandom(3);
  const builder = new CoocBuilder({ weighted: true });
  const cutter = new WindowCutter(builder, { contextLength: 128 });
  for (let d = 0; d < 4000; d++) cutter.addDocument(Array.from({ length: 500 }, () => Math.floor(rnd.next() ** 3 * 50000)));
  cutter.finish();
  const settings = { contextLength: 128, stride: 128, pack: false, separator: -1, windows: builder.windows, tokenizer: "" };
  out.push({ name: "cooc weighted (2M tokens)", type: "cooc", bytes: new CoocModel(builder.finish(), settings).toBytes() });
  const labels = Array.from({ length: 50000 }, (_, i) => `w${i}`);
  out.push({ name: "emb 50k × 100", type: "emb", bytes: EmbeddingStore.build(Float32Array.from({ length: 5e6 }, () => rnd.next()), 100, labels).toBytes() });
  const docs = Array.from({ length: 2000 }, () => new TextEncoder().encode(labels.slice(0, 1 + Math.floor(rnd.next() * 400)).join(" ")));
  out.push({ name: "sa index", type: "sa", bytes: SubstringIndex.fromDocuments(joinByteDocuments(docs)).container().toBytes() });
  return out;
}

function written(kind: string, model: { write(out: ContainerWriter): void }): Uint8Array {
  const out = new ContainerWriter(kind);
  model.write(out);
  return out.toBytes();
}

/** Median milliseconds of one load, over `rounds` rounds in which each loader takes its turn. */
function timeAlternately(bytes: Uint8Array, loaders: Loader[], checksum: boolean, rounds: number): number[] {
  const times = loaders.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    loaders.forEach((loader, i) => {
      const t = performance.now();
      loader(bytes, checksum);
      times[i].push(performance.now() - t);
    });
  }
  return times.map(median);
}

async function main(): Promise<void> {
  const baselineDir = process.env.BASELINE_DIR;
  const baseline = baselineDir ? baselineLoaders((await import(pathToFileURL(join(baselineDir, "dist", "src", "index.js")).href)) as Library) : undefined;
  const rounds = Number(process.env.ROUNDS ?? 21);
  for (const f of await files()) {
    const loaders = baseline ? [LOADERS[f.type], baseline[f.type]] : [LOADERS[f.type]];
    const [ms, baselineMs] = timeAlternately(f.bytes, loaders, true, rounds);
    const [msNoCrc, baselineNoCrc] = timeAlternately(f.bytes, loaders, false, rounds);
    emit({
      file: f.name,
      bytes: f.bytes.length,
      load_ms: round(ms, 3),
      load_ms_without_crc: round(msNoCrc, 3),
      ...(baseline ? { baseline_ms: round(baselineMs, 3), ratio: round(ms / baselineMs, 3), baseline_ms_without_crc: round(baselineNoCrc, 3) } : {}),
    });
  }
}

await main();
