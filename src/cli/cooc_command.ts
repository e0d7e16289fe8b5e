import { parse, intArg, UsageError, type Command } from "./command.js";
import { memoryArg } from "./memory_arg.js";
import { Progress } from "./progress.js";
import { COOC_QUERIES } from "./cooc_queries.js";
import { buildCoocFromFiles } from "../cooc/cooc_build.js";
import { DEFAULT_COOC_MEMORY } from "../cooc/cooc_builder.js";
import { DEFAULT_CONTEXT_LENGTH } from "../cooc/window_cutter.js";
import { writePiecesAtomic } from "../io/files.js";
import { HfTokenizer } from "../text/hf_tokenizer.js";

const BUILD_USAGE = `grampack cooc build [options] --out FILE INPUT…
  Which tokens met which inside LLM context windows. INPUT: a JSONL file (plain or gzip), a directory of
  them, a glob such as data/part-*.jsonl.gz, or a binary .u32 file of token ids (each document ended by
  4294967295). JSONL lines hold text in "text" or "content" (--field NAME for another), or token ids
  as {"ids": [...]}.
  --tokenizer PATH      tokenizer.json, or a folder holding it and tokenizer_config.json (for text)
  --context-length L    tokens per window (default ${DEFAULT_CONTEXT_LENGTH})
  --stride S            sliding windows starting every S tokens (default L: non-overlapping)
  --pack                concatenate the documents into one stream before cutting it
  --separator ID        with --pack, a token id put after each document
  --weighted            keep the number of windows each pair met in
  --memory BYTES        budget of the window store before spilling sorted runs (default 1G)
  --threads N           worker threads for tokenizing and for the neighbour lists (default 1)
  --strict              stop at the first malformed line (default: skip it and count it)
  --temp DIR            where runs are spilled`;

const USAGE = `usage: grampack cooc <subcommand> …

${BUILD_USAGE}

${COOC_QUERIES.map((q) => q.usage).join("\n")}
  TOKEN, A, B: token ids (0 to the largest id of the graph), or text with --text (one token each).
  --tokenizer PATH shows token texts (default: the tokenizer the model was built with), spelled as the
  text they stand for: "Ġthe" and "▁the" as " the" (as grampack embed neighbors shows labels).
  --json prints JSON.`;

export const cooc: Command = {
  name: "cooc",
  subcommands: true,
  summary: "token co-occurrence inside LLM context windows: build, then query",
  usage: USAGE,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === "build") return build(rest);
    const query = COOC_QUERIES.find((q) => q.name === sub);
    if (query === undefined) throw new UsageError(sub === undefined ? "missing subcommand" : `unknown subcommand "${sub}"`);
    return query.run(rest);
  },
};

async function build(argv: string[]): Promise<void> {
  const { values, positionals } = parse(
    argv,
    {
      out: { type: "string" },
      tokenizer: { type: "string" },
      "context-length": { type: "string" },
      stride: { type: "string" },
      pack: { type: "boolean" },
      separator: { type: "string" },
      weighted: { type: "boolean" },
      memory: { type: "string" },
      threads: { type: "string" },
      field: { type: "string" },
      strict: { type: "boolean" },
      temp: { type: "string" },
    },
    { min: 1 },
  );
  if (!values.out) throw new UsageError("--out is required");
  const contextLength = intArg(values["context-length"], "--context-length", DEFAULT_CONTEXT_LENGTH);
  if (contextLength < 2) throw new UsageError(`--context-length must be at least 2, got ${contextLength}`);
  const stride = intArg(values.stride, "--stride", contextLength);
  if (stride < 1 || stride > contextLength) throw new UsageError(`--stride must be 1..${contextLength}, got ${stride}`);
  const separator = values.separator === undefined ? undefined : intArg(values.separator, "--separator");
  if (separator !== undefined && !values.pack) throw new UsageError("--separator goes with --pack");
  const threads = intArg(values.threads, "--threads", 1);
  if (threads < 1) throw new UsageError(`--threads must be at least 1, got ${threads}`);
  const started = performance.now();
  const progress = new Progress("cooc build");
  let skipped = 0;
  const result = await buildCoocFromFiles(positionals, {
    tokenizer: values.tokenizer === undefined ? undefined : HfTokenizer.load(values.tokenizer),
    contextLength,
    stride,
    pack: values.pack ?? false,
    separator,
    weighted: values.weighted ?? false,
    memoryBytes: memoryArg(values.memory, "--memory", DEFAULT_COOC_MEMORY),
    threads,
    field: values.field,
    strict: values.strict ?? false,
    tempDir: values.temp,
    onSkip: (e) => {
      if (skipped++ < 10) console.error(`skipped ${e.message}`);
    },
    onProgress: (read, total) => progress.update(`${(read / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB read`),
    onStage: (stage) => progress.update(stage),
  });
  progress.done();
  const { corpus } = result;
  const g = result.model.graph;
  const inputs = positionals.join(", ");
  if (corpus.documents === 0) throw new Error(`no documents in ${inputs}${corpus.skipped > 0 ? ` (${corpus.skipped} malformed lines skipped)` : ""}`);
  if (corpus.tokens === 0) throw new Error(`no tokens in ${inputs} (${corpus.documents} empty document${corpus.documents === 1 ? "" : "s"})`);
  if (g.entries === 0) throw new Error(`no two tokens of ${inputs} met in a window (${corpus.documents} document${corpus.documents === 1 ? "" : "s"}, ${corpus.tokens} token${corpus.tokens === 1 ? "" : "s"}): the graph would be empty`);
  const fileBytes = writePiecesAtomic(values.out, result.model.container().pieces());
  if (corpus.skipped > 0) console.log(`${corpus.skipped} malformed lines skipped`);
  console.log(`${corpus.documents} documents, ${corpus.tokens} tokens, ${result.model.settings.windows} windows with a pair`);
  console.log(`${g.entries / 2} distinct pairs (${g.entries} directed entries)${result.runs > 0 ? `, ${result.runs} runs spilled` : ""}`);
  console.log(`${values.out}: ${fileBytes} bytes, built in ${((performance.now() - started) / 1000).toFixed(2)} s`);
}
