import { readFileSync } from "node:fs";
import { parse, intArg, UsageError, type Command } from "./command.js";
import { CORPUS_OPTIONS, corpusOptions } from "./corpus_args.js";
import { Progress } from "./progress.js";
import { DEFAULT_ESTIMATE_MEMORY, estimate, estimateFromCounts, MAX_ESTIMATE_ORDER, pruneThresholds, type EstimateProgress } from "../ngram/estimate.js";
import { DEFAULT_DISCOUNT_FALLBACK, DiscountError, fallbackDiscounts, type DiscountFallback } from "../ngram/kneser_ney.js";
import { whitespaceWords } from "../text/whitespace.js";
import { WHITESPACE } from "../text/tokenizer.js";

const PRUNE = "--prune";
const DISCOUNT_FALLBACK = "--discount-fallback";
const DEFAULT_FALLBACK_TEXT = DEFAULT_DISCOUNT_FALLBACK.join(" ");

export const estimateCommand: Command = {
  name: "estimate",
  summary: "estimate a modified Kneser-Ney model of text as lmplz does, written as ARPA",
  usage: `usage: grampack estimate --order N --arpa OUT [options] FILE…   (FILE "-": standard input)
       grampack estimate --order N --arpa OUT --counts DIR [--prune …] [--memory …] [--temp …]

Estimates an interpolated modified Kneser-Ney language model exactly as KenLM's lmplz does (same n-grams,
probabilities and backoffs): every line (or JSONL document) is a sentence, wrapped in <s> … </s>; lower
orders use continuation counts; discounts D1, D2, D3+ per order come from the counts of counts; unigrams
are interpolated with the uniform distribution, whose share is the probability of <unk>. OUT is written
atomically (gzip when it ends in .gz), each order in suffix order of the word IDs (<unk> 0, <s> 1, </s> 2,
then by first appearance), the order backward tries are built in.
  --order N            longest n-grams, 1..${MAX_ESTIMATE_ORDER}
  --arpa OUT           the model file
  --prune t1 … tN      leave out n-grams of order k seen at most t_k times (their mass stays in the
                       backoffs); thresholds must not decrease, t1 must be 0, missing ones repeat the last
  --discount-fallback [D1 [D2 [D3+]]]
                       for an order whose counts of counts give no discounts (tiny or repetitive text: no
                       n-gram of adjusted count 1, 2 or 3, or a discount out of range), use these, with a
                       warning, rather than fail; default ${DEFAULT_FALLBACK_TEXT}, missing ones repeat the last (lmplz's)
  --limit-vocab FILE   keep only n-grams of the words of FILE (whitespace-separated) and <s>, </s>, <unk>;
                       the others are pruned, their mass kept in the backoffs (lmplz's --limit_vocab_file)
  --skip-symbols       read the words <s>, </s> and <unk> in the text as whitespace instead of failing
  --tokenizer T        "${WHITESPACE}" (default) or a Hugging Face tokenizer.json (or a folder holding one)
  --normalize N        none (default) or ccnet: each line normalized as CCNet does before scoring (lower
                       case, no accents, digits → 0, Unicode punctuation → ASCII, no non-printing
                       characters); score with the same --normalize
  --memory BYTES       budget of each stage's sorts, e.g. 512M or 4G (default 1G); beyond it, sorted runs
                       go to disk and are merged
  --format F           text (one sentence per line) or jsonl; default by file name (.jsonl, .json, .gz too)
  --field NAME         JSONL field holding the text (default "text", else "content"; "ids": token ids)
  --lenient            skip malformed JSONL lines (counted) instead of failing on the first
  --temp DIR           where sorted runs, intermediate files and a copy of standard input go
  --counts DIR         estimate from DIR/1-grams … DIR/N-grams (as \`grampack count\` writes them) of text
                       whose lines were wrapped in "<s> … </s>"; word IDs then follow the 1-grams file
The words <s>, </s> and <unk> may not appear in the text unless --skip-symbols is given.`,
  async run(argv) {
    const pruning = takeNumbers(argv, PRUNE, /^\d+$/);
    const fallback = takeNumbers(pruning.rest, DISCOUNT_FALLBACK, /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i);
    const prune = (pruning.values ?? []).map(Number);
    if (pruning.values?.length === 0) throw new UsageError(`${PRUNE} needs one or more thresholds`);
    const discountFallback = fallback.values && discountFallbackArg(fallback.values);
    const { values, positionals } = parse(
      fallback.rest,
      {
        order: { type: "string" },
        arpa: { type: "string" },
        counts: { type: "string" },
        "limit-vocab": { type: "string" },
        "skip-symbols": { type: "boolean" },
        ...CORPUS_OPTIONS,
      },
      { min: 0 },
    );
    if ((values.counts === undefined) === (positionals.length === 0)) throw new UsageError("give either input files or --counts DIR");
    const order = intArg(values.order, "--order");
    if (order < 1 || order > MAX_ESTIMATE_ORDER) throw new UsageError(`--order must be 1..${MAX_ESTIMATE_ORDER}, got ${order}`);
    if (!values.arpa) throw new UsageError("--arpa is required");
    const corpus = corpusOptions(values, DEFAULT_ESTIMATE_MEMORY);
    try {
      pruneThresholds(order, prune);
    } catch (e) {
      throw new UsageError(`${PRUNE}: ${(e as Error).message}`);
    }
    if (values.counts !== undefined && values["skip-symbols"]) throw new UsageError("--skip-symbols applies to text, not to --counts");
    const limitFile = values["limit-vocab"];
    const started = performance.now();
    const progress = new Progress("estimate");
    const model = {
      order,
      prune,
      arpa: values.arpa,
      memoryBytes: corpus.memoryBytes,
      tempDir: corpus.tempDir,
      discountFallback,
      limitVocabulary: limitFile === undefined ? undefined : whitespaceWords(readFileSync(limitFile, "utf8")),
      onProgress: (p: EstimateProgress) => progress.update(describeProgress(p)),
      onWarning: (message: string) => {
        progress.done();
        console.error(`grampack estimate: warning: ${message}`);
      },
    };
    const summary = await adviseFallback(
      values.counts !== undefined
        ? estimateFromCounts(values.counts, model)
        : estimate(positionals, { ...corpus, ...model, skipSymbols: values["skip-symbols"] }),
    );
    progress.done();
    const skipped = summary.skipped > 0 ? `, ${summary.skipped} malformed lines skipped` : "";
    console.log(`${summary.sentences} sentences, ${summary.tokens} words${skipped}`);
    summary.counts.forEach((n, i) => {
      const d = summary.discounts[i];
      console.log(`${i + 1}-grams: ${n}  discounts ${d[1].toPrecision(6)} ${d[2].toPrecision(6)} ${d[3].toPrecision(6)}`);
    });
    console.log(`wrote ${values.arpa} in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  },
};

/**
 * `--prune` and `--discount-fallback` are followed by several numbers, as in lmplz: the flag and the
 * arguments after it that match `number` are taken out before parsing. values: undefined without the flag.
 */
function takeNumbers(argv: string[], flag: string, number: RegExp): { values: string[] | undefined; rest: string[] } {
  const at = argv.indexOf(flag);
  if (at < 0) return { values: undefined, rest: argv };
  let end = at + 1;
  while (end < argv.length && number.test(argv[end])) end++;
  return { values: argv.slice(at + 1, end), rest: [...argv.slice(0, at), ...argv.slice(end)] };
}

/** D1 D2 D3+ from 0 to 3 numbers: none gives lmplz's defaults, missing ones repeat the last (as lmplz). */
function discountFallbackArg(given: string[]): DiscountFallback {
  if (given.length > 3) throw new UsageError(`${DISCOUNT_FALLBACK} takes at most three discounts (D1 D2 D3+), got ${given.length}`);
  if (given.length === 0) return DEFAULT_DISCOUNT_FALLBACK;
  const d = [0, 1, 2].map((j) => Number(given[Math.min(j, given.length - 1)]));
  const fallback: DiscountFallback = [d[0], d[1], d[2]];
  try {
    fallbackDiscounts(fallback);
  } catch (e) {
    throw new UsageError(`${DISCOUNT_FALLBACK}: ${(e as Error).message}`);
  }
  return fallback;
}

/** An estimation whose missing discounts are reported with the flag that would have given them. */
async function adviseFallback<T>(estimation: Promise<T>): Promise<T> {
  try {
    return await estimation;
  } catch (e) {
    if (e instanceof DiscountError) throw new Error(`${e.reason}; pass ${DISCOUNT_FALLBACK} to use ${DEFAULT_FALLBACK_TEXT} as lmplz does`);
    throw e;
  }
}

function describeProgress(p: EstimateProgress): string {
  switch (p.stage) {
    case "reading":
      return `reading ${(p.bytesRead / 1e6).toFixed(1)} of ${(p.totalBytes / 1e6).toFixed(1)} MB`;
    case "counting":
      return "adjusting counts";
    case "discounting":
      return `discounting ${p.order}-grams`;
    case "writing":
      return `writing ${p.order}-grams (${Math.floor((100 * p.written) / Math.max(1, p.total))}%)`;
  }
}
