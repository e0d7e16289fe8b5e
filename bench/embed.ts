/**
 * npm run bench:embed — embeddings and semantic mining:
 *   1. PPMI + randomized SVD (d = 100, two threads) over the weighted co-occurrence (windows of 128) of the
 *      co-occurrence bench's 20 MB English corpus (its token ids, left by npm run bench:cooc), else of
 *      the Brown corpus as word ids;
 *   2. word-embedding quality on the Brown corpus against WordNet, beside random vectors;
 *   3. cosine top-10 latency over 100k × 100 vectors, float32 and 8-bit, one query and batches of 64;
 *   4. positive pairs of a Zipf log of 10 M interactions (1 M users, 100 k items): time and peak memory,
 *      beside a naive pairwise-intersection baseline on a sample of items (run first: see main).
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brownDocuments, brownTaggedDocuments } from "./brown.js";
import { emit, median, peakRssMb, round } from "./common.js";
import { WordNet, type WordNetPos } from "./wordnet.js";
import { buildCoocFromFiles } from "../src/cooc/cooc_build.js";
import { coocFileCounts } from "../src/embed/training_counts.js";
import { corpusCooccurrence } from "../src/embed/corpus_cooccurrence.js";
import { ppmiMatrix } from "../src/embed/ppmi.js";
import { DEFAULT_POWER_ITERATIONS, randomizedSvd } from "../src/embed/randomized_svd.js";
import { trainEmbeddings } from "../src/embed/train.js";
import { EmbeddingStore } from "../src/embed/embedding_store.js";
import { WordsTokenizer } from "../src/embed/words_tokenizer.js";
import { SeededRandom } from "../src/embed/seeded_random.js";
import { PostingLists } from "../src/embed/posting_lists.js";
import { minePairs } from "../src/embed/pair_mining.js";

const DIM = 100;
/** Two threads, as the GloVe figure the issue compares with. */
const THREADS = 2;
const EVAL_WORDS = 1000;
const NEIGHBORS = 10;

function seconds(since: number): number {
  return round((performance.now() - since) / 1000, 3);
}

/** Brown as JSONL of word ids (the words tokenizer's words, ids by first appearance) and as plain text. */
function writeBrown(dir: string): { ids: string; text: string } {
  const tokenizer = new WordsTokenizer();
  const vocabulary = new Map<string, number>();
  const idLines: string[] = [];
  const textLines: string[] = [];
  for (const doc of brownDocuments()) {
    const text = doc.map((s) => s.join(" ")).join(" ");
    textLines.push(text);
    const ids = tokenizer.words(text).map((w) => vocabulary.get(w) ?? (vocabulary.set(w, vocabulary.size), vocabulary.size - 1));
    idLines.push(JSON.stringify({ ids }));
  }
  const ids = join(dir, "brown.ids.jsonl");
  const text = join(dir, "brown.txt");
  writeFileSync(ids, idLines.join("\n") + "\n");
  writeFileSync(text, textLines.join("\n") + "\n");
  return { ids, text };
}

/**
 * The token ids of the co-occurrence bench's 20 MB English corpus (Qwen3 tokens), left by
 * `npm run bench:cooc` in its work directory; without them, the Brown corpus as word ids.
 */
function svdInput(brownIds: string): { ids: string; corpus: string } {
  const cooc = join(tmpdir(), "grampack-bench-cooc", "corpus.u32");
  return existsSync(cooc) ? { ids: cooc, corpus: "bench:cooc 20 MB English, Qwen3 tokens" } : { ids: brownIds, corpus: "Brown, word ids (run bench:cooc first for the 20 MB corpus)" };
}

async function benchSvd(dir: string, brownIds: string): Promise<void> {
  const input = svdInput(brownIds);
  const { model } = await buildCoocFromFiles([input.ids], { weighted: true });
  const path = join(dir, "bench.cooc");
  writeFileSync(path, model.toBytes());
  const { counts } = coocFileCounts(path);
  let t = performance.now();
  const ppmi = ppmiMatrix(counts);
  const ppmiSeconds = seconds(t);
  for (const powerIterations of [1, DEFAULT_POWER_ITERATIONS]) {
    t = performance.now();
    const cpu = process.cpuUsage();
    randomizedSvd(ppmi, { rank: DIM, seed: 1, threads: THREADS, powerIterations });
    const svdSeconds = seconds(t);
    // CPU time of the process, all threads: beside the wall time, a check on a machine shared with others.
    const used = process.cpuUsage(cpu);
    emit({ bench: "ppmi+svd", corpus: input.corpus, cooc_bytes: statSync(path).size, windows: 128, tokens_met: counts.rows, cooc_entries: counts.nonZeros, ppmi_entries: ppmi.nonZeros, dim: DIM, threads: THREADS, power_iterations: powerIterations, ppmi_s: ppmiSeconds, svd_s: svdSeconds, total_s: round(ppmiSeconds + svdSeconds, 3), svd_cpu_s: round((used.user + used.system) / 1e6, 3) });
  }
}

/** The most frequent words tagged mostly as common nouns or verbs and known to WordNet in that role. */
function evaluationWords(wordnet: WordNet): { word: string; pos: WordNetPos }[] {
  const tags = new Map<string, Map<WordNetPos | "other", number>>();
  const frequency = new Map<string, number>();
  for (const doc of brownTaggedDocuments()) {
    for (const sentence of doc) {
      for (const { word, tag } of sentence) {
        const w = word.toLowerCase();
        const pos = /^nns?$/.test(tag) ? "noun" : /^vb[dgnpz]?$/.test(tag) ? "verb" : "other";
        const byTag = tags.get(w) ?? new Map();
        byTag.set(pos, (byTag.get(pos) ?? 0) + 1);
        tags.set(w, byTag);
        frequency.set(w, (frequency.get(w) ?? 0) + 1);
      }
    }
  }
  const words: { word: string; pos: WordNetPos }[] = [];
  for (const [word] of [...frequency].sort((a, b) => b[1] - a[1])) {
    const byTag = tags.get(word)!;
    const pos = [...byTag].sort((a, b) => b[1] - a[1])[0][0];
    if (pos !== "other" && wordnet.knows(word, pos) && wordnet.related(word, pos).size > 0) words.push({ word, pos });
    if (words.length === EVAL_WORDS) break;
  }
  return words;
}

/** Share of the words whose top-10 neighbours hold a WordNet synonym, hypernym or hyponym. */
function wordnetShare(store: EmbeddingStore, words: { word: string; pos: WordNetPos }[], wordnet: WordNet): number {
  let hits = 0;
  for (const { word, pos } of words) {
    const id = store.idOf(word);
    if (id < 0) continue;
    const related = wordnet.related(word, pos);
    const { ids } = store.neighbors(id, NEIGHBORS);
    if (Array.from(ids).some((n) => related.has(store.label(n)))) hits++;
  }
  return hits / words.length;
}

async function benchQuality(textFile: string): Promise<void> {
  const wordnet = new WordNet();
  const words = evaluationWords(wordnet);
  const t = performance.now();
  const { counts, labels } = await corpusCooccurrence([textFile], { tokenizer: new WordsTokenizer(), window: 5 });
  const store = trainEmbeddings(counts, labels, { dim: DIM, seed: 1, threads: THREADS });
  const trainSeconds = seconds(t);
  const random = new SeededRandom(7);
  const noise = Float32Array.from({ length: labels.length * DIM }, () => random.normal());
  const baseline = EmbeddingStore.build(noise, DIM, labels);
  const inVocabulary = words.filter((w) => store.idOf(w.word) >= 0).length;
  emit({ bench: "quality", corpus: "brown", words: words.length, in_vocabulary: inVocabulary, vocabulary: labels.length, dim: DIM, window: 5, train_s: trainSeconds, wordnet_share_ppmi_svd: round(wordnetShare(store, words, wordnet), 3), wordnet_share_random: round(wordnetShare(baseline, words, wordnet), 3) });
  for (const w of ["money", "war", "church", "car", "eat", "king"]) {
    const id = store.idOf(w);
    if (id >= 0) emit({ bench: "quality-example", word: w, neighbors: Array.from(store.neighbors(id, 8).ids, (n) => store.label(n)).join(" ") });
  }
}

function benchSearch(): void {
  const n = 100_000;
  const random = new SeededRandom(3);
  const vectors = Float32Array.from({ length: n * DIM }, () => random.normal());
  const labels = Array.from({ length: n }, (_, i) => String(i));
  for (const quantize of [false, true]) {
    const store = EmbeddingStore.build(vectors, DIM, labels, quantize);
    const single: number[] = [];
    for (let q = 0; q < 30; q++) {
      const t = performance.now();
      store.neighbors(q * 997, NEIGHBORS);
      single.push(performance.now() - t);
    }
    const batch = 64;
    const queries = vectors.slice(0, batch * DIM);
    const t = performance.now();
    store.neighborsBatch(queries, batch, NEIGHBORS);
    const perQuery = (performance.now() - t) / batch;
    emit({ bench: "cosine-top10", vectors: n, dim: DIM, storage: quantize ? "int8" : "float32", ms_per_query: round(median(single.slice(5)), 2), ms_per_query_batch64: round(perQuery, 2), bytes: store.sizeInBits() / 8 });
  }
}

/** Cumulative Zipf weights over n ranks with exponent s, for drawing by bisection. */
function zipfTable(n: number, s: number): Float64Array {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) cdf[k] = total += 1 / Math.pow(k + 1, s);
  for (let k = 0; k < n; k++) cdf[k] /= total;
  return cdf;
}

function drawZipf(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function benchPairs(): void {
  const interactions = 10_000_000;
  const userCount = 1_000_000;
  const itemCount = 100_000;
  const random = new SeededRandom(5);
  const userCdf = zipfTable(userCount, 0.5);
  const itemCdf = zipfTable(itemCount, 1.0);
  const users = new Uint32Array(interactions);
  const items = new Uint32Array(interactions);
  for (let i = 0; i < interactions; i++) {
    users[i] = drawZipf(userCdf, random.next());
    items[i] = drawZipf(itemCdf, random.next());
  }
  const t = performance.now();
  const byItem = PostingLists.build(items, users, itemCount, userCount);
  const byUser = PostingLists.build(users, items, userCount, itemCount);
  const buildSeconds = seconds(t);
  let pairs = 0;
  const m = performance.now();
  minePairs(byItem, byUser, (_, __, ___, n) => void (pairs += n), { k: 10 });
  const mineSeconds = seconds(m);
  const naive = naiveBaseline(byItem, 200);
  emit({ bench: "pairs", interactions, users: userCount, items: itemCount, user_zipf: 0.5, item_zipf: 1.0, distinct_interactions: byItem.members.length, postings_bytes: (byItem.sizeInBits() + byUser.sizeInBits()) / 8, build_s: buildSeconds, mine_top10_s: mineSeconds, total_s: round(buildSeconds + mineSeconds, 3), pairs_kept: pairs, peak_rss_mb: Math.round(peakRssMb()), naive_sample_items: naive.sample, naive_sample_s: naive.seconds, naive_extrapolated_s: naive.extrapolated });
}

/** Intersects a random sample of items' user lists with every other item's (merge of sorted lists). */
function naiveBaseline(byItem: PostingLists, sample: number): { sample: number; seconds: number; extrapolated: number } {
  const random = new SeededRandom(9);
  const a = new Uint32Array(byItem.maxLength());
  const b = new Uint32Array(byItem.maxLength());
  const t = performance.now();
  let sink = 0;
  for (let s = 0; s < sample; s++) {
    const na = byItem.decode(random.int(byItem.keys), a);
    for (let j = 0; j < byItem.keys; j++) {
      const nb = byItem.decode(j, b);
      let x = 0;
      let y = 0;
      while (x < na && y < nb) {
        if (a[x] < b[y]) x++;
        else if (a[x] > b[y]) y++;
        else (sink++, x++, y++);
      }
    }
  }
  const secondsTaken = (performance.now() - t) / 1000;
  if (sink < 0) console.log(sink);
  return { sample, seconds: round(secondsTaken, 3), extrapolated: Math.round((secondsTaken * byItem.keys) / sample) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "grampack-bench-embed-"));
  try {
    // Pairs first: the peak resident size it reports is the process's, which later stages would raise.
    benchPairs();
    const brown = writeBrown(dir);
    await benchSvd(dir, brown.ids);
    await benchQuality(brown.text);
    benchSearch();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
