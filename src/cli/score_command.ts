import { parse, UsageError, type Command } from "./command.js";
import { joinNegativeU } from "./prob_model_build.js";
import { Progress } from "./progress.js";
import { SCORING_OPTIONS, SCORING_USAGE, scoringFromArgs } from "./scoring_args.js";
import { TextOutput } from "./text_output.js";
import { InputError } from "../io/errors.js";
import { perplexityOf } from "../perplexity/document_scorer.js";
import type { Records } from "../perplexity/score_batch.js";
import { scoreCorpus, type CorpusTotals } from "../perplexity/score_corpus.js";

const PER: readonly Records[] = ["document", "line", "word"];
const DEFAULT_ANNOTATION = "perplexity";

export const score: Command = {
  name: "score",
  summary: "perplexity of text or JSONL documents under a language model: totals, per document, annotated",
  usage: `usage: grampack score MODEL INPUT… [options]     (INPUT "-": standard input)

Scores INPUT with MODEL, a model built by build_trie/build_hash … prob_backoff or an ARPA file (plain or
.gz, read exactly). INPUT: text (a sentence per line) or JSONL documents, plain or gzip; a directory gives
its .jsonl, .json and .txt files, a glob (data/part-*.jsonl.gz) its matches. Prints Tongrams' totals:
perplexity including and excluding OOVs, OOVs, corpus tokens, corpus sentences, elapsed time (of the
scoring, not of the loading). OOV words score p(<unk>) plus the backoffs of their context, and empty it.
  --per P              JSON lines instead, one per document (P = document: log10_prob, tokens, oovs,
                       perplexity, and the id and line of the document) or per sentence (P = line), or
                       KenLM query's lines for debugging (P = word: word=id ngram_length log10p …)
  --annotate           the JSONL input again, each document with its perplexity added (other fields
                       and bytes as they were; null for a document with nothing to score)
  --annotate-field F   the field --annotate adds (default "${DEFAULT_ANNOTATION}")
  --out FILE           records or annotated documents to FILE (atomically; gzip when it ends in .gz)
                       instead of standard output; the totals then go to standard output
  --json               totals as one JSON object: perplexity_including_oovs, perplexity_excluding_oovs,
                       oovs, corpus_tokens, corpus_sentences, documents, total_log10_prob, elapsed_s
${SCORING_USAGE}`,
  async run(argv) {
    const { values, positionals } = parse(
      joinNegativeU(argv),
      { ...SCORING_OPTIONS, per: { type: "string" }, annotate: { type: "boolean" }, "annotate-field": { type: "string" }, out: { type: "string" }, json: { type: "boolean" } },
      { min: 2 },
    );
    const per = values.per as Records | undefined;
    if (per !== undefined && !PER.includes(per)) throw new UsageError(`--per must be document, line or word, got "${values.per}"`);
    if (per !== undefined && values.annotate) throw new UsageError("give --per or --annotate, not both");
    if (values["annotate-field"] !== undefined && !values.annotate) throw new UsageError("--annotate-field goes with --annotate");
    const writesRecords = per !== undefined || values.annotate === true;
    if (values.out !== undefined && !writesRecords) throw new UsageError("--out is for the records of --per or --annotate");
    const [modelPath, ...inputs] = positionals;
    const { model, options } = await scoringFromArgs(values, modelPath);
    const annotate = values.annotate ? (values["annotate-field"] ?? DEFAULT_ANNOTATION) : undefined;
    const output = writesRecords ? new TextOutput(values.out) : undefined;
    const progress = new Progress("score");
    const started = performance.now();
    let totals: CorpusTotals;
    try {
      totals = await scoreCorpus(
        model,
        inputs,
        { ...options, records: per ?? "none", annotate, onProgress: (read, total) => progress.update(describeBytes(read, total)) },
        async (_batch, result) => {
          if (output === undefined) return;
          await output.write(annotate === undefined ? result.records : result.annotated.map((l) => l + "\n").join(""));
        },
      );
      output?.commit();
    } catch (e) {
      output?.abort();
      throw e;
    } finally {
      progress.done();
    }
    const elapsed = (performance.now() - started) / 1000;
    if (totals.skipped > 0) console.error(`skipped ${totals.skipped} malformed lines, e.g. ${totals.skipNotes[0]}`);
    if (!writesRecords && totals.tokens === 0) throw new InputError(inputs.join(", "), 0, "no words to score (empty, or blank lines only)");
    const lines = values.json ? [JSON.stringify(totalsJson(totals, elapsed))] : totalsLines(totals, elapsed);
    for (const line of lines) (output?.toStdout ? console.error : console.log)(line);
  },
};

function totalsJson(t: CorpusTotals, elapsed: number): object {
  return {
    perplexity_including_oovs: perplexityOf(t),
    perplexity_excluding_oovs: excludingOovs(t),
    oovs: t.oovs,
    corpus_tokens: t.tokens,
    corpus_sentences: t.sentences,
    documents: t.documents,
    total_log10_prob: t.log10Prob,
    elapsed_s: elapsed,
  };
}

function totalsLines(t: CorpusTotals, elapsed: number): string[] {
  return [
    `perplexity including OOVs = ${perplexityOf(t)}`,
    `perplexity excluding OOVs = ${excludingOovs(t)}`,
    `OOVs = ${t.oovs}`,
    `corpus tokens = ${t.tokens}`,
    `corpus sentences = ${t.sentences}`,
    `elapsed time: ${elapsed} seconds`,
  ];
}

function excludingOovs(t: CorpusTotals): number {
  return 10 ** (-(t.log10Prob - t.oovLog10Prob) / (t.tokens - t.oovs));
}

export function describeBytes(read: number, total: number): string {
  return Number.isFinite(total) ? `${(read / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB` : `${(read / 1e6).toFixed(1)} MB`;
}
