import { parse, intArg, UsageError, type Command } from "./command.js";
import { CORPUS_OPTIONS, corpusOptions } from "./corpus_args.js";
import { Progress } from "./progress.js";
import { DEFAULT_ESTIMATE_MEMORY, estimate, estimateFromCounts, MAX_ESTIMATE_ORDER, pruneThresholds, type EstimateProgress } from "../ngram/estimate.js";
import { WHITESPACE } from "../text/tokenizer.js";

const PRUNE = "--prune";

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
  --tokenizer T        "${WHITESPACE}" (default) or a Hugging Face tokenizer.json (or a folder holding one)
  --memory BYTES       budget of each stage's sorts, e.g. 512M or 4G (default 1G); beyond it, sorted runs
                       go to disk and are merged
  --format F           text (one sentence per line) or jsonl; default by file name (.jsonl, .json, .gz too)
  --field NAME         JSONL field holding the text (default "text", else "content"; "ids": token ids)
  --lenient            skip malformed JSONL lines (counted) instead of failing on the first
  --temp DIR           where sorted runs, intermediate files and a copy of standard input go
  --counts DIR         estimate from DIR/1-grams … DIR/N-grams (as \`grampack count\` writes them) of text
                       whose lines were wrapped in "<s> … </s>"; word IDs then follow the 1-grams file
The words <s>, </s> and <unk> may not appear in the text.`,
  async run(argv) {
    const { prune, rest } = takePrune(argv);
    const { values, positionals } = parse(
      rest,
      { order: { type: "string" }, arpa: { type: "string" }, counts: { type: "string" }, ...CORPUS_OPTIONS },
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
    const started = performance.now();
    const progress = new Progress("estimate");
    const model = {
      order,
      prune,
      arpa: values.arpa,
      memoryBytes: corpus.memoryBytes,
      tempDir: corpus.tempDir,
      onProgress: (p: EstimateProgress) => progress.update(describeProgress(p)),
    };
    const summary =
      values.counts !== undefined
        ? await estimateFromCounts(values.counts, model)
        : await estimate(positionals, { ...corpus, ...model });
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

/** `--prune` is followed by one or more integers, as in lmplz: they are taken out before parsing. */
function takePrune(argv: string[]): { prune: number[]; rest: string[] } {
  const at = argv.indexOf(PRUNE);
  if (at < 0) return { prune: [], rest: argv };
  let end = at + 1;
  while (end < argv.length && /^\d+$/.test(argv[end])) end++;
  if (end === at + 1) throw new UsageError(`${PRUNE} needs one or more thresholds`);
  const prune = argv.slice(at + 1, end).map(Number);
  return { prune, rest: [...argv.slice(0, at), ...argv.slice(end)] };
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
