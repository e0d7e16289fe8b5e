import { describe, expect, it, beforeAll } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "fflate";
import { join } from "node:path";
import { Random } from "../helpers/random.js";
import { referenceSuite } from "../helpers/reference.js";
import { useTempDirs } from "../helpers/temp_dir.js";
import { naiveCounts, randomSentences, writeCountFiles, type NaiveCounts } from "../helpers/ngram_corpus.js";
import { CountTrieBuilder } from "../../src/ngram/count_trie_builder.js";
import { CountHashBuilder } from "../../src/ngram/count_hash.js";
import { readCountFiles, type CountSink } from "../../src/ngram/count_files.js";
import { load, type CountModel } from "../../src/ngram/model.js";
import { ContainerWriter } from "../../src/container/container.js";
import { HASH_KIND } from "../../src/ngram/count_hash.js";
import { TRIE_KINDS } from "../../src/ngram/count_trie.js";

type Spec = { name: string; make: (order: number) => CountSink & { build(): CountModel } };

const SPECS: Spec[] = [];
for (const grams of ["ef", "pef"] as const) {
  for (const remapping of [0, 1, 2]) {
    for (const ranks of ["IC", "PSEF", "PSPEF"] as const) {
      SPECS.push({ name: `${grams}_trie r${remapping} ${ranks}`, make: (order) => new CountTrieBuilder(order, { grams, remapping, ranks }) });
    }
  }
}
for (const bytes of [4, 8] as const) SPECS.push({ name: `hash ${bytes}`, make: (order) => new CountHashBuilder(order, bytes) });

/** Builds, saves and loads back, so every check also covers the file format. */
async function buildModel(spec: Spec, dir: string, order: number): Promise<CountModel> {
  const builder = spec.make(order);
  await readCountFiles(dir, order, builder);
  const model = builder.build();
  const out = new ContainerWriter("structure" in model && model.structure === "hash" ? HASH_KIND : TRIE_KINDS[(model as { gramsKind: "ef" | "pef" }).gramsKind]);
  model.write(out);
  return load(out.toBytes());
}

/** n-grams that are not stored although every proper prefix and suffix is. */
function absentWithStoredParts(c: NaiveCounts, k: number, rnd: Random, wanted: number): string[] {
  const lower = [...c.counts[k - 2].keys()];
  const out: string[] = [];
  for (let tries = 0; tries < 200000 && out.length < wanted; tries++) {
    const a = lower[rnd.int(lower.length)].split(" ");
    const w = c.words[rnd.int(c.words.length)];
    const gram = [...a, w];
    const text = gram.join(" ");
    const suffix = gram.slice(1).join(" ");
    if (!c.counts[k - 1].has(text) && c.counts[k - 2].has(suffix)) out.push(text);
  }
  return out;
}

const tempDir = useTempDirs("file");

describe("count models on a random corpus, against naive counting", () => {
  const order = 4;
  const rnd = new Random(42);
  const corpus = naiveCounts(randomSentences(rnd, 1500, 300), order);
  let dir = "";
  beforeAll(() => {
    dir = writeCountFiles(corpus, tempDir());
  });

  for (const spec of SPECS) {
    it(`${spec.name}: every count, absent n-grams and unknown words`, async () => {
      const model = await buildModel(spec, dir, order);
      expect(model.gramsPerOrder()).toEqual(corpus.counts.map((m) => m.size));
      for (const m of corpus.counts) for (const [gram, count] of m) expect(model.lookup(gram)).toBe(count);
      const r = new Random(7);
      for (let k = 2; k <= order; k++) {
        const absent = absentWithStoredParts(corpus, k, r, 300);
        expect(absent.length).toBeGreaterThan(50);
        for (const gram of absent) expect(model.lookup(gram)).toBe(0);
      }
      expect(model.lookup("w0 nosuchword")).toBe(0);
      expect(model.lookup("nosuchword")).toBe(0);
      expect(model.lookup("")).toBe(0);
      // Words are split at runs of whitespace, as `grampack count` splits text.
      const bigram = [...corpus.counts[1].keys()][0];
      const [a, b] = bigram.split(" ");
      for (const spelled of [`${a}  ${b}`, ` ${a} ${b}`, `${a} ${b} `, `${a}\t${b}`, `\n${a} \u00a0${b}`]) {
        expect(model.lookup(spelled)).toBe(corpus.counts[1].get(bigram));
      }
      expect(model.lookup(Array(order + 1).fill("w0").join(" "))).toBe(0);
      // Arrays of words and of IDs give the same answers as strings.
      const some = [...corpus.counts[2].keys()].slice(0, 50);
      for (const g of some) {
        const words = g.split(" ");
        expect(model.lookup(words)).toBe(corpus.counts[2].get(g));
        expect(model.lookup(words.map((w) => corpus.words.indexOf(w)))).toBe(corpus.counts[2].get(g));
      }
      expect(model.lookup([corpus.words.length, 0])).toBe(0);
    });
  }
});

const REFERENCE = join(__dirname, "../../../shared/reference/tongrams-test-data");

describe.skipIf(!existsSync(REFERENCE))(referenceSuite("count models on the reference test data", REFERENCE), () => {
  // Read in beforeAll: a skipped describe's body still runs while tests are collected.
  const counts = new Map<string, number>();
  let queries: string[] = [];
  let notFound: string[] = [];
  beforeAll(() => {
    for (let k = 1; k <= 5; k++) {
      const lines = new TextDecoder().decode(gunzipSync(readFileSync(join(REFERENCE, `${k}-grams.sorted.gz`)))).split("\n");
      for (let i = 1; i < lines.length; i++) {
        const tab = lines[i].indexOf("\t");
        if (tab > 0) counts.set(lines[i].slice(0, tab), Number(lines[i].slice(tab + 1)));
      }
    }
    queries = readFileSync(join(REFERENCE, "queries.random.5K"), "utf8").split("\n").filter((q) => q.length);
    notFound = readFileSync(join(REFERENCE, "queries.not_found"), "utf8").split("\n").filter((q) => q.length);
  });

  for (const spec of SPECS.filter((s) => /^(ef_trie r0 IC|ef_trie r2 PSPEF|pef_trie r1 PSEF|pef_trie r2 PSPEF|hash 4|hash 8)$/.test(s.name))) {
    it(`${spec.name}: every count of the files, the queries and the strings not stored`, async () => {
      expect(counts.size).toBe(252550);
      const model = await buildModel(spec, REFERENCE, 5);
      let mismatches = 0;
      for (const [gram, count] of counts) if (model.lookup(gram) !== count) mismatches++;
      expect(mismatches).toBe(0);
      for (const q of queries) expect(model.lookup(q)).toBe(counts.get(q));
      for (const q of notFound) expect(model.lookup(q)).toBe(counts.get(q) ?? 0);
    });
  }
});
