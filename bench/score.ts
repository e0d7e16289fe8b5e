/**
 * npm run bench:score — size and scoring speed of every probability model built from KenLM's sample_text.o5
 * (8-bit probabilities and backoffs), scoring sample_text (unwrapped, as Tongrams' score does). Beside ours,
 * in the same run and alternately: Tongrams' score on its models of the same ARPA file and KenLM's query on
 * probing and trie binaries (ANCHORS_DIR: ../shared/tools/anchors.sh), and another build of grampack
 * (BASELINE_DIR). Rates are million tokens per CPU-second after loading.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "fflate";
import { ContainerWriter } from "../src/container/container.js";
import type { ArpaTables } from "../src/ngram/arpa_tables.js";
import { readArpaTables } from "../src/ngram/read_arpa_tables.js";
import { TextScore, type BackoffModel } from "../src/ngram/backoff_model.js";
import { loadBackoffModel } from "../src/ngram/load_backoff_model.js";
import { PROB_HASH_KIND, ProbHash } from "../src/ngram/prob_hash.js";
import { PROB_TRIE_KINDS, ProbTrie } from "../src/ngram/prob_trie.js";
import { REFERENCE, emit, median, round } from "./common.js";
import { anchor, baselineModule, kenlmBinary, kenlmQueryCpuSeconds, notBuilt, tongramsScoreSeconds } from "./anchors.js";

const ARPA = join(REFERENCE, "kenlm", "sample_text.o5.arpa.gz");
const TEXT = join(REFERENCE, "tongrams-test-data", "sample_text");
const ROUNDS = Number(process.env.ROUNDS ?? 5);
/** Passes over sample_text per round of ours (and lines of KenLM's input). */
const REPEATS = Number(process.env.REPEATS ?? 10);

const CONFIGURATIONS = ["ef_trie r0", "ef_trie r1", "ef_trie r2", "pef_trie r0", "pef_trie r1", "pef_trie r2", "hash 8", "hash 4"];
const TONGRAMS_MODELS: Record<string, string> = { "ef_trie r0": "ef_trie.r0.prob.bin", "pef_trie r2": "pef_trie.r2.prob.bin", "hash 4": "hash4.prob.bin" };

interface Library {
  ContainerWriter: typeof ContainerWriter;
  ProbTrie: typeof ProbTrie;
  ProbHash: typeof ProbHash;
  loadBackoffModel: typeof loadBackoffModel;
  readArpaTables: typeof readArpaTables;
  TextScore: typeof TextScore;
  PROB_HASH_KIND: string;
  PROB_TRIE_KINDS: typeof PROB_TRIE_KINDS;
}

const OURS: Library = { ContainerWriter, ProbTrie, ProbHash, loadBackoffModel, readArpaTables, TextScore, PROB_HASH_KIND, PROB_TRIE_KINDS };

function build(lib: Library, name: string, tables: ArpaTables): { model: BackoffModel; bytes: number } {
  const [structure, a] = name.split(" ");
  const grams = structure === "pef_trie" ? "pef" : "ef";
  const model = structure === "hash" ? lib.ProbHash.build(tables, Number(a) as 4 | 8) : lib.ProbTrie.build(tables, { grams, remapping: Number(a.slice(1)) });
  const out = new lib.ContainerWriter(structure === "hash" ? lib.PROB_HASH_KIND : lib.PROB_TRIE_KINDS[grams]);
  model.write(out);
  const file = out.toBytes();
  return { model: lib.loadBackoffModel(file), bytes: file.length };
}

/** Million tokens per CPU-second scoring the lines REPEATS times. */
function rate(lib: Library, model: BackoffModel, lines: string[]): { rate: number; totals: TextScore } {
  const totals = new lib.TextScore();
  const started = process.cpuUsage();
  for (let r = 0; r < REPEATS; r++) for (const line of lines) model.scoreLine(line, totals);
  const used = process.cpuUsage(started);
  return { rate: totals.tokens / ((used.user + used.system) / 1e6) / 1e6, totals };
}

async function main(): Promise<void> {
  if (!existsSync(ARPA) || !existsSync(TEXT)) {
    console.error(`bench:score: ${ARPA} or ${TEXT} not found (the reference data sits beside the checkout); skipped`);
    return;
  }
  const baseline = await baselineModule<Library>("src/node.js");
  const tables = await readArpaTables(ARPA);
  const oldTables = baseline ? await baseline.readArpaTables(ARPA) : undefined;
  const lines = readFileSync(TEXT, "utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  const grams = tables.orders.reduce((s, o) => s + o.logProbs.length, 0);
  const kenlm = kenlmRates(lines);
  for (const name of CONFIGURATIONS) {
    const { model, bytes } = build(OURS, name, tables);
    const old = baseline && oldTables ? build(baseline, name, oldTables).model : undefined;
    const tongramsModel = TONGRAMS_MODELS[name] === undefined ? undefined : anchor("tongrams", "models", TONGRAMS_MODELS[name]);
    const ours: number[] = [];
    const before: number[] = [];
    const cpp: number[] = [];
    let totals = rate(OURS, model, lines.slice(0, 500)).totals;
    for (let r = 0; r < ROUNDS; r++) {
      const mine = rate(OURS, model, lines);
      ours.push(mine.rate);
      totals = mine.totals;
      if (old !== undefined && baseline !== undefined) before.push(rate(baseline, old, lines).rate);
      const t = tongramsModel === undefined ? undefined : tongramsScoreSeconds(tongramsModel, TEXT);
      if (t !== undefined) cpp.push(t.tokens / t.seconds / 1e6);
    }
    const m = median(ours);
    const kenlmRate = name.startsWith("hash") ? kenlm.probing : kenlm.trie;
    emit({
      structure: name,
      grams,
      bytes_per_gram: round(bytes / grams),
      perplexity: round(totals.perplexityIncludingOovs, 6),
      m_tokens_per_cpu_s: round(m, 3),
      tongrams_m_tokens_per_s: cpp.length > 0 ? round(median(cpp), 3) : TONGRAMS_MODELS[name] ? notBuilt("tongrams_models") : "-",
      ratio_to_tongrams: cpp.length > 0 ? round(m / median(cpp), 2) : "-",
      [`kenlm_${name.startsWith("hash") ? "probing" : "trie"}_m_tokens_per_cpu_s`]: kenlmRate === undefined ? notBuilt("kenlm") : round(kenlmRate, 3),
      ratio_to_kenlm: kenlmRate === undefined ? "-" : round(m / kenlmRate, 2),
      baseline_m_tokens_per_cpu_s: before.length > 0 ? round(median(before), 3) : "no BASELINE_DIR",
      speedup_over_baseline: before.length > 0 ? round(m / median(before), 2) : "-",
    });
  }
}

/**
 * KenLM's query on probing and trie binaries of the same ARPA file, unwrapped (-n): CPU seconds of a run
 * over sample_text repeated REPEATS times less those of a run over nothing (the loading), per token.
 */
function kenlmRates(lines: string[]): { probing?: number; trie?: number } {
  if (anchor("kenlm", "src", "build", "bin", "query") === undefined) return {};
  const work = mkdtempSync(join(tmpdir(), "grampack-bench-kenlm-"));
  try {
    const arpa = join(work, "model.arpa");
    writeFileSync(arpa, gunzipSync(readFileSync(ARPA)));
    const text = join(work, "text");
    writeFileSync(text, Array.from({ length: REPEATS }, () => lines.join("\n")).join("\n") + "\n");
    const empty = join(work, "empty");
    writeFileSync(empty, "");
    const tokens = REPEATS * lines.reduce((s, l) => s + l.split(/\s+/).filter((w) => w.length > 0).length, 0);
    const rateOf = (kind: "probing" | "trie"): number | undefined => {
      const binary = kenlmBinary(kind, arpa, join(work, kind));
      if (binary === undefined) return undefined;
      const runs = Array.from({ length: ROUNDS }, () => (kenlmQueryCpuSeconds(binary, text, false) ?? NaN) - (kenlmQueryCpuSeconds(binary, empty, false) ?? NaN));
      return tokens / median(runs) / 1e6;
    };
    return { probing: rateOf("probing"), trie: rateOf("trie") };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
