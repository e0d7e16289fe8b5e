/**
 * npm run bench:score — size and scoring speed of every probability model built from KenLM's
 * sample_text.o5 (8-bit probabilities and backoffs), scoring sample_text repeated 20 times, beside the C++
 * figures of the reference README: Tongrams' bytes per gram and tokens per CPU-second, KenLM's rates.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ContainerWriter } from "../src/container/container.js";
import type { ArpaTables } from "../src/ngram/arpa_tables.js";
import { readArpaTables } from "../src/ngram/read_arpa_tables.js";
import { TextScore, type BackoffModel } from "../src/ngram/backoff_model.js";
import { loadBackoffModel } from "../src/ngram/load_backoff_model.js";
import { PROB_HASH_KIND, ProbHash } from "../src/ngram/prob_hash.js";
import { PROB_TRIE_KINDS, ProbTrie } from "../src/ngram/prob_trie.js";
import { REFERENCE, emit, round } from "./common.js";

const ARPA = join(REFERENCE, "kenlm", "sample_text.o5.arpa.gz");
const TEXT = join(REFERENCE, "tongrams-test-data", "sample_text");
const REPEATS = Number(process.env.REPEATS ?? 20);
/** Tokens of sample_text, which Tongrams' CPU-seconds below are for. */
const SAMPLE_TOKENS = 153_583;

/** Tongrams (C++), --p 8 --b 8 on sample_text.o5: bytes per gram and CPU-seconds to score sample_text. */
const TONGRAMS: Record<string, { bytes_per_gram: number; cpu_s: number }> = {
  "ef_trie r0": { bytes_per_gram: 3.85, cpu_s: 0.082 },
  "ef_trie r1": { bytes_per_gram: 3.433, cpu_s: 0.104 },
  "ef_trie r2": { bytes_per_gram: 3.274, cpu_s: 0.103 },
  "pef_trie r0": { bytes_per_gram: 3.779, cpu_s: 0.076 },
  "pef_trie r1": { bytes_per_gram: 3.313, cpu_s: 0.108 },
  "pef_trie r2": { bytes_per_gram: 3.157, cpu_s: 0.108 },
  "hash 8": { bytes_per_gram: 10.32, cpu_s: 0.092 },
  "hash 4": { bytes_per_gram: 6.32, cpu_s: 0.08 },
};
/** KenLM (C++), million tokens per CPU-second after loading. */
const KENLM = { trie: "1.4-2.3", probing: "3.3-4.0" };

function build(name: string, tables: ArpaTables): { model: BackoffModel; bytes: number } {
  const [structure, a] = name.split(" ");
  const grams = structure === "pef_trie" ? "pef" : "ef";
  const model = structure === "hash" ? ProbHash.build(tables, Number(a) as 4 | 8) : ProbTrie.build(tables, { grams, remapping: Number(a.slice(1)) });
  const out = new ContainerWriter(structure === "hash" ? PROB_HASH_KIND : PROB_TRIE_KINDS[grams]);
  model.write(out);
  const file = out.toBytes();
  return { model: loadBackoffModel(file), bytes: file.length };
}

/** Scores the lines `REPEATS` times; CPU-seconds of the whole. */
function scoreRepeated(model: BackoffModel, lines: string[]): { totals: TextScore; cpuSeconds: number } {
  const totals = new TextScore();
  const started = process.cpuUsage();
  for (let r = 0; r < REPEATS; r++) for (const line of lines) model.scoreLine(line, totals);
  const used = process.cpuUsage(started);
  return { totals, cpuSeconds: (used.user + used.system) / 1e6 };
}

async function main(): Promise<void> {
  if (!existsSync(ARPA) || !existsSync(TEXT)) {
    console.error(`bench:score: ${ARPA} or ${TEXT} not found (the reference data sits beside the checkout); skipped`);
    return;
  }
  const tables = await readArpaTables(ARPA);
  const lines = readFileSync(TEXT, "utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  const grams = tables.orders.reduce((s, o) => s + o.logProbs.length, 0);
  for (const name of Object.keys(TONGRAMS)) {
    const { model, bytes } = build(name, tables);
    scoreRepeated(model, lines.slice(0, 1000)); // warm-up: the JIT compiles the scoring loop
    const { totals, cpuSeconds } = scoreRepeated(model, lines);
    const tokensPerSecond = totals.tokens / cpuSeconds;
    const cpp = TONGRAMS[name];
    emit({
      structure: name,
      grams,
      bytes_per_gram: round(bytes / grams),
      tongrams_bytes_per_gram: cpp.bytes_per_gram,
      perplexity: round(totals.perplexityIncludingOovs, 6),
      tokens: totals.tokens,
      m_tokens_per_cpu_s: round(tokensPerSecond / 1e6, 3),
      tongrams_m_tokens_per_cpu_s: round(SAMPLE_TOKENS / cpp.cpu_s / 1e6, 3),
      kenlm_m_tokens_per_cpu_s: structure(name) === "hash" ? KENLM.probing : KENLM.trie,
      ratio_to_tongrams: round(tokensPerSecond / (SAMPLE_TOKENS / cpp.cpu_s), 2),
    });
  }
}

function structure(name: string): string {
  return name.split(" ")[0];
}

await main();
