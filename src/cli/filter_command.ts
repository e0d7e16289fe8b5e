import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parse, intArg, UsageError, type Command } from "./command.js";
import { joinNegativeU } from "./prob_model_build.js";
import { Progress } from "./progress.js";
import { describeBytes } from "./score_command.js";
import { SCORING_OPTIONS, SCORING_USAGE, scoringFromArgs } from "./scoring_args.js";
import { AtomicWriter } from "../io/files.js";
import { expandInputs } from "../io/input_files.js";
import { documentFormatOf } from "../io/jsonl.js";
import { bucketNames, bucketOf, percentileCutoffs } from "../perplexity/buckets.js";
import { perplexityOf } from "../perplexity/document_scorer.js";
import { FIGURES, type Batch, type BatchResult } from "../perplexity/score_batch.js";
import { scoreCorpus, type CorpusTotals } from "../perplexity/score_corpus.js";

const DEFAULT_SAMPLE = 10_000;
const DEFAULT_FIELD = "perplexity";

export const filterCommand: Command = {
  name: "filter",
  summary: "keep documents under a perplexity, or split them into head/middle/tail buckets by percentiles (CCNet)",
  usage: `usage: grampack filter MODEL INPUT… --out-dir DIR (--max-perplexity X | --buckets P1,P2… [--cutoffs C1,C2… | --sample N]) [options]

Scores every document of INPUT with MODEL as \`grampack score\` does (same inputs and scoring options) and
writes each one, in input order, to a file of DIR (written atomically; JSONL documents get their
perplexity in a field, other fields and bytes kept; text lines are copied as they are):
  --max-perplexity X   kept.jsonl: documents of perplexity ≤ X; rejected.jsonl: the others (and those with
                       nothing to score)
  --buckets P1,P2…     buckets cut at these percentiles of the perplexity (0 < P1 < P2 < … < 100); with two,
                       CCNet's head.jsonl, middle.jsonl and tail.jsonl, else bucket1.jsonl … A document goes
                       to the first bucket whose cut-off its perplexity is below, else (and when it has
                       nothing to score) to the last
  --cutoffs C1,C2…     the buckets' cut-offs as perplexities, one per percentile (e.g. CCNet's published
                       ones for a language), instead of computing them
  --sample N           compute the cut-offs from the first N documents (default ${DEFAULT_SAMPLE}; all of them when
                       there are fewer), interpolated between ranks as NumPy's percentile
  --annotate-field F   the field that holds the perplexity (default "${DEFAULT_FIELD}")
  --gzip               write the files gzip-compressed (.jsonl.gz, .txt.gz)
  --json               the summary as one JSON object: cutoffs, buckets (name, file, documents, bytes)
Prints a summary: documents and bytes (of the input lines) per file.
${SCORING_USAGE}`,
  async run(argv) {
    const { values, positionals } = parse(
      joinNegativeU(argv),
      {
        ...SCORING_OPTIONS,
        "out-dir": { type: "string" },
        "max-perplexity": { type: "string" },
        buckets: { type: "string" },
        cutoffs: { type: "string" },
        sample: { type: "string" },
        "annotate-field": { type: "string" },
        gzip: { type: "boolean" },
        json: { type: "boolean" },
      },
      { min: 2 },
    );
    const dir = values["out-dir"];
    if (dir === undefined) throw new UsageError("--out-dir is required");
    const plan = planOf(values);
    const [modelPath, ...inputs] = positionals;
    const jsonl = inputsAreJsonl(inputs, values.format);
    const { model, options } = await scoringFromArgs(values, modelPath);
    mkdirSync(dir, { recursive: true });
    const extension = (jsonl ? ".jsonl" : ".txt") + (values.gzip ? ".gz" : "");
    const writers = plan.names.map((name) => new AtomicWriter(join(dir, name + extension)));
    const split = new Split(plan, writers, jsonl);
    const progress = new Progress("filter");
    let totals: CorpusTotals;
    try {
      totals = await scoreCorpus(
        model,
        inputs,
        { ...options, annotate: jsonl ? (values["annotate-field"] ?? DEFAULT_FIELD) : undefined, onProgress: (read, total) => progress.update(describeBytes(read, total)) },
        (batch, result) => split.take(batch, result),
      );
      split.finish();
      for (const w of writers) w.commit();
    } catch (e) {
      for (const w of writers) w.abort();
      throw e;
    } finally {
      progress.done();
    }
    if (totals.skipped > 0) console.error(`skipped ${totals.skipped} malformed lines, e.g. ${totals.skipNotes[0]}`);
    printSummary(split, writers, values.json === true);
  },
};

/** Where documents go: the files' names, and the cut-offs (given, or to compute from a sample's percentiles). */
interface Plan {
  names: string[];
  /** Perplexities that bound the buckets; a document of a perplexity below cutoffs[b] (and not below an earlier one) goes to b. */
  cutoffs: number[] | undefined;
  percentiles: number[] | undefined;
  sample: number;
  /** Whether the threshold is kept (≤ X) rather than a bucket's bound (< C). */
  threshold: boolean;
}

function planOf(values: { "max-perplexity"?: string; buckets?: string; cutoffs?: string; sample?: string }): Plan {
  const max = values["max-perplexity"];
  if ((max === undefined) === (values.buckets === undefined)) throw new UsageError("give either --max-perplexity or --buckets");
  if (max !== undefined) {
    if (values.cutoffs !== undefined || values.sample !== undefined) throw new UsageError("--cutoffs and --sample go with --buckets");
    const x = Number(max);
    if (max.trim() === "" || !(x > 0)) throw new UsageError(`--max-perplexity must be a positive number, got "${max}"`);
    return { names: ["kept", "rejected"], cutoffs: [x], percentiles: undefined, sample: 0, threshold: true };
  }
  const percentiles = numberList(values.buckets!, "--buckets");
  if (percentiles.some((p, i) => !(p > 0 && p < 100) || (i > 0 && p <= percentiles[i - 1]))) {
    throw new UsageError(`--buckets must be increasing percentiles between 0 and 100, got "${values.buckets}"`);
  }
  let cutoffs: number[] | undefined;
  if (values.cutoffs !== undefined) {
    if (values.sample !== undefined) throw new UsageError("give --cutoffs or --sample, not both");
    cutoffs = numberList(values.cutoffs, "--cutoffs");
    if (cutoffs.length !== percentiles.length) throw new UsageError(`--cutoffs needs ${percentiles.length} values, one per percentile of --buckets`);
    if (cutoffs.some((c, i) => !(c > 0) || (i > 0 && c < cutoffs![i - 1]))) throw new UsageError(`--cutoffs must be positive and not decreasing, got "${values.cutoffs}"`);
  }
  const sample = intArg(values.sample, "--sample", DEFAULT_SAMPLE);
  if (sample < 1) throw new UsageError(`--sample must be at least 1, got ${sample}`);
  return { names: bucketNames(percentiles.length), cutoffs, percentiles, sample, threshold: false };
}

function numberList(text: string, flag: string): number[] {
  const parts = text.split(",").map((s) => s.trim());
  const numbers = parts.map(Number);
  if (parts.some((p) => p === "") || numbers.some((n) => !Number.isFinite(n))) throw new UsageError(`${flag} must be numbers separated by commas, got "${text}"`);
  return numbers;
}

function inputsAreJsonl(inputs: readonly string[], format: string | undefined): boolean {
  const kinds = new Set(expandInputs(inputs).map((f) => format ?? documentFormatOf(f)));
  if (kinds.size > 1) throw new UsageError("the inputs mix text and JSONL files: filter one kind at a time, or give --format");
  return kinds.has("jsonl");
}

/** Routes scored documents to their files in input order, holding the first ones back while a sample decides the cut-offs. */
class Split {
  readonly documents: number[];
  readonly bytes: number[];
  cutoffs: number[] | undefined;
  sampled = 0;
  private held: { batch: Batch; result: BatchResult }[] = [];
  private sample: number[] = [];

  constructor(
    readonly plan: Plan,
    private readonly writers: AtomicWriter[],
    private readonly jsonl: boolean,
  ) {
    this.documents = plan.names.map(() => 0);
    this.bytes = plan.names.map(() => 0);
    this.cutoffs = plan.cutoffs;
  }

  take(batch: Batch, result: BatchResult): void {
    if (this.cutoffs !== undefined) return this.write(batch, result);
    this.held.push({ batch, result });
    for (let f = 0; f < result.figures.length; f += FIGURES) this.sample.push(perplexityAt(result.figures, f));
    if (this.sample.length >= this.plan.sample) this.decide();
  }

  /** At the end of the input: decides the cut-offs when the input was smaller than the sample. */
  finish(): void {
    if (this.cutoffs === undefined) this.decide();
  }

  private decide(): void {
    const sample = this.sample.slice(0, this.plan.sample);
    this.sampled = sample.length;
    this.cutoffs = sample.length === 0 ? this.plan.percentiles!.map(() => Infinity) : percentileCutoffs(sample, this.plan.percentiles!);
    for (const { batch, result } of this.held) this.write(batch, result);
    this.held = [];
    this.sample = [];
  }

  private write(batch: Batch, result: BatchResult): void {
    const f = result.figures;
    for (let d = 0, i = 0; i < f.length; d++, i += FIGURES) {
      const perplexity = perplexityAt(f, i);
      const b = this.plan.threshold ? (perplexity <= this.cutoffs![0] ? 0 : 1) : bucketOf(perplexity, this.cutoffs!);
      const line = this.jsonl ? result.annotated[d] : batch.items[f[i] - batch.firstLineNumber];
      this.writers[b].write(line + "\n");
      this.documents[b]++;
      this.bytes[b] += f[i + 6];
    }
  }
}

function perplexityAt(figures: Float64Array, f: number): number {
  return perplexityOf({ log10Prob: figures[f + 1], oovLog10Prob: figures[f + 2], tokens: figures[f + 3], oovs: figures[f + 4], sentences: figures[f + 5] });
}

function printSummary(split: Split, writers: AtomicWriter[], json: boolean): void {
  const { plan, cutoffs } = split;
  const total = split.documents.reduce((a, b) => a + b, 0);
  const buckets = plan.names.map((name, b) => ({ name, file: writers[b].path, documents: split.documents[b], bytes: split.bytes[b] }));
  if (json) {
    console.log(JSON.stringify({ percentiles: plan.percentiles ?? null, cutoffs, sampled: plan.cutoffs === undefined ? split.sampled : null, documents: total, buckets }));
    return;
  }
  if (plan.percentiles !== undefined && plan.cutoffs === undefined) {
    const at = plan.percentiles.map((p, i) => `${ordinal(p)} percentile ${cutoffs![i].toFixed(1)}`).join(", ");
    console.log(`cut-offs from the first ${split.sampled} documents: ${at}`);
  }
  for (let b = 0; b < buckets.length; b++) {
    const share = total === 0 ? 0 : (100 * buckets[b].documents) / total;
    console.log(`${buckets[b].file}: ${rangeOf(b, cutoffs!, plan.threshold)}, ${buckets[b].documents} documents (${share.toFixed(1)}%), ${buckets[b].bytes} bytes`);
  }
}

function rangeOf(b: number, cutoffs: number[], threshold: boolean): string {
  if (threshold) return b === 0 ? `perplexity ≤ ${cutoffs[0]}` : `perplexity > ${cutoffs[0]}`;
  const low = b === 0 ? undefined : cutoffs[b - 1];
  const high = b === cutoffs.length ? undefined : cutoffs[b];
  if (low === undefined) return `perplexity < ${high!.toFixed(1)}`;
  if (high === undefined) return `perplexity ≥ ${low.toFixed(1)}`;
  return `perplexity ${low.toFixed(1)} to ${high.toFixed(1)}`;
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st; 2.5th. */
function ordinal(n: number): string {
  const suffix = !Number.isInteger(n) || (n % 100 >= 11 && n % 100 <= 13) ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}
