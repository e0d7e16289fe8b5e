import { parse, intArg, UsageError, type Command } from "./command.js";
import { memoryArg } from "./memory_arg.js";
import { Progress } from "./progress.js";
import { formatArg, stageProgress, threadsArg, unitArg } from "./dedup_args.js";
import { totalmem } from "node:os";
import { BYTES_PER_SYMBOL, FIXED_OVERHEAD_BYTES, readCorpus } from "../dedup/dedup_corpus.js";
import { SubstringIndex } from "../dedup/substring_index.js";
import { readFileToHeap, writePiecesAtomic } from "../io/files.js";
import { HfTokenizer } from "../text/hf_tokenizer.js";

const USAGE = `usage: grampack sa build --out INDEX [options] FILE…
       grampack sa count [--tokenizer T] INDEX QUERY
       grampack sa locate [--tokenizer T] [--limit N] INDEX QUERY

build: joins the documents of the inputs (JSONL "text"/"content" fields or lines of plain text, plain or
gzip) with separators no match can cross, builds their suffix array (SA-IS) and saves text, suffix array
and document starts in one container, which count and locate load without copying.
  --out INDEX          the index file (written atomically)
  --unit U             bytes (default: the UTF-8 bytes of the text) or tokens (needs --tokenizer)
  --tokenizer T        a Hugging Face tokenizer.json, or a folder holding one
  --threads N          worker threads tokenizing with --unit tokens (default 1)
  --format F, --field NAME   as for grampack count
  --memory BYTES       refuse inputs needing more: ${BYTES_PER_SYMBOL.bytes} bytes per byte of text (${BYTES_PER_SYMBOL.tokens} per token) and
                       ${FIXED_OVERHEAD_BYTES >> 20} MiB (default: the machine's memory)
count: prints the number of occurrences of QUERY (its UTF-8 bytes, or its tokens for a token index).
locate: prints "document<TAB>offset" for each occurrence in text order (documents numbered from 0 in
input order, offsets in bytes or tokens); --limit N prints at most N.`;

export const saCommand: Command = {
  name: "sa",
  subcommands: true,
  summary: "build a suffix-array substring index, count and locate strings in it",
  usage: USAGE,
  async run(argv) {
    const [action, ...rest] = argv;
    if (action === "build") return build(rest);
    if (action === "count" || action === "locate") return search(action, rest);
    throw new UsageError(`expected build, count or locate, got ${action === undefined ? "nothing" : `"${action}"`}`);
  },
};

async function build(argv: string[]): Promise<void> {
  const { values, positionals } = parse(
    argv,
    { out: { type: "string" }, unit: { type: "string" }, tokenizer: { type: "string" }, threads: { type: "string" }, format: { type: "string" }, field: { type: "string" }, memory: { type: "string" } },
    { min: 1 },
  );
  if (!values.out) throw new UsageError("--out is required");
  const unit = unitArg(values.unit);
  const tokenizer = values.tokenizer === undefined ? undefined : HfTokenizer.load(values.tokenizer);
  if (unit === "tokens" && !tokenizer) throw new UsageError("--unit tokens needs --tokenizer");
  const progress = new Progress("sa build");
  const corpus = await readCorpus(positionals, unit, {
    tokenizer,
    threads: threadsArg(values.threads),
    memoryBytes: memoryArg(values.memory, "--memory", totalmem()),
    format: formatArg(values.format),
    field: values.field,
    onProgress: stageProgress(progress),
  });
  if (corpus.joined.text.length === corpus.lineOf.length) {
    throw new Error(`no ${unit === "tokens" ? "tokens" : "text"} in ${positionals.join(", ")} (${corpus.lineOf.length} empty document${corpus.lineOf.length === 1 ? "" : "s"})`);
  }
  progress.update("suffix array");
  const index = SubstringIndex.fromDocuments(corpus.joined);
  writePiecesAtomic(values.out, index.container().pieces());
  progress.done();
  console.log(`${values.out}: ${index.documents.count} documents, ${index.text.length} ${unit} with separators`);
}

async function search(action: "count" | "locate", argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { tokenizer: { type: "string" }, limit: { type: "string" } }, { min: 2, max: 2 });
  const [path, queryText] = positionals;
  const index = SubstringIndex.fromBytes(readFileToHeap(path), { source: path });
  const tokens = index.text instanceof Uint32Array;
  if (tokens && values.tokenizer === undefined) throw new Error(`${path} is a token index: give the --tokenizer it was built with`);
  const query = tokens ? HfTokenizer.load(values.tokenizer!).ids(queryText) : queryText;
  if (action === "count") {
    console.log(index.count(query));
    return;
  }
  const pairs = index.locate(query);
  const limit = intArg(values.limit, "--limit", pairs.length / 2);
  const lines: string[] = [];
  for (let i = 0; i < Math.min(limit, pairs.length / 2); i++) lines.push(`${pairs[2 * i]}\t${pairs[2 * i + 1]}`);
  if (lines.length > 0) console.log(lines.join("\n"));
}
