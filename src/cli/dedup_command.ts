import { parse, intArg, UsageError, type Command } from "./command.js";
import { formatArg, stageProgress, threadsArg, unitArg } from "./dedup_args.js";
import { memoryArg } from "./memory_arg.js";
import { Progress } from "./progress.js";
import { totalmem } from "node:os";
import { BYTES_PER_SYMBOL, dedupCorpus, DEFAULT_MIN_LENGTH, FIXED_OVERHEAD_BYTES, type DedupSummary } from "../dedup/dedup_corpus.js";
import type { KeepMode } from "../dedup/duplicates.js";
import { HfTokenizer } from "../text/hf_tokenizer.js";

export const dedupCommand: Command = {
  name: "dedup",
  summary: "remove every repeated substring of at least L bytes or tokens from a corpus (suffix arrays)",
  usage: `usage: grampack dedup [options] FILE…

Exact-substring deduplication (Lee et al. 2022): every substring of at least L units that occurs twice
or more in the corpus is removed, never across two documents. Inputs are JSONL (the "text" or "content"
field; other fields are kept as they are) or plain text (one document per line), plain or gzip; they are
read twice, so standard input is not accepted.
  --out FILE           the deduplicated corpus, documents in input order (gzip when FILE ends in .gz)
  --report FILE        JSON: the removed [start, end) spans of each changed document, in units
  --pairs FILE         JSON: for each pair of documents sharing a span of at least L, the longest length
                       (its cost grows with the square of the copies of a passage copied many times)
  --unit U             bytes (default) or tokens (with --tokenizer)
  --tokenizer T        a Hugging Face tokenizer.json, or a folder holding one
  --threads N          worker threads tokenizing with --unit tokens (default 1)
  --min-length L       shortest duplicate removed (default ${DEFAULT_MIN_LENGTH.bytes} bytes, ${DEFAULT_MIN_LENGTH.tokens} tokens)
  --keep K             first: keep the first copy of each duplicated span (default); none: remove every
                       copy, as Lee et al.'s tool does
  --format F, --field NAME   as for grampack count
  --memory BYTES       refuse corpora needing more: ${BYTES_PER_SYMBOL.bytes} bytes per byte of text (${BYTES_PER_SYMBOL.tokens} per token) and
                       ${FIXED_OVERHEAD_BYTES >> 20} MiB (default: the machine's memory)
  --json               print the summary as one JSON object
A removed byte range always holds whole UTF-8 characters (whole tokens with --unit tokens). Documents
are copied byte for byte: unchanged ones whole, changed ones but for the removed spans of their text
field (offsets count the UTF-8 bytes of the text as read: an escape such as \\u00e9 counts as its
character's bytes, an invalid UTF-8 sequence as the 3 bytes of U+FFFD, and outside the spans both are
kept as they are). With --unit tokens the kept text of a changed document is the tokenizer's decoding
of its kept tokens. Lines end in "\\n". Outputs are written atomically.`,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        out: { type: "string" },
        report: { type: "string" },
        pairs: { type: "string" },
        unit: { type: "string" },
        tokenizer: { type: "string" },
        threads: { type: "string" },
        "min-length": { type: "string" },
        keep: { type: "string" },
        format: { type: "string" },
        field: { type: "string" },
        memory: { type: "string" },
        json: { type: "boolean" },
      },
      { min: 1 },
    );
    const unit = unitArg(values.unit);
    if (unit === "tokens" && values.tokenizer === undefined) throw new UsageError("--unit tokens needs --tokenizer");
    const minLength = intArg(values["min-length"], "--min-length", DEFAULT_MIN_LENGTH[unit]);
    if (minLength < 1) throw new UsageError(`--min-length must be at least 1, got ${minLength}`);
    const progress = new Progress("dedup");
    const started = performance.now();
    const summary = await dedupCorpus(positionals, {
      unit,
      tokenizer: values.tokenizer === undefined ? undefined : HfTokenizer.load(values.tokenizer),
      threads: threadsArg(values.threads),
      minLength,
      keep: keepArg(values.keep),
      format: formatArg(values.format),
      field: values.field,
      out: values.out,
      report: values.report,
      pairs: values.pairs,
      memoryBytes: memoryArg(values.memory, "--memory", totalmem()),
      onProgress: stageProgress(progress),
    });
    progress.done();
    const seconds = (performance.now() - started) / 1000;
    if (values.json) console.log(JSON.stringify({ ...summary, seconds: Math.round(seconds * 1000) / 1000 }));
    else console.log(describe(summary, seconds));
  },
};

function keepArg(value: string | undefined): KeepMode {
  if (value === undefined || value === "first" || value === "none") return value ?? "first";
  throw new UsageError(`--keep must be first or none, got "${value}"`);
}

function describe(s: DedupSummary, seconds: number): string {
  const pairs = s.pairs === undefined ? "" : `, ${s.pairs} document pairs share a span`;
  return (
    `${s.documents} documents, ${s.bytes_in} bytes in, ${s.bytes_out} bytes out ` +
    `(${(100 * s.removed_fraction).toFixed(2)}% removed): ${s.spans} spans of ${s.unit} in ${s.documents_changed} documents${pairs}; ` +
    `${seconds.toFixed(2)} s`
  );
}
