import { parse, intArg, UsageError, type Command } from "./command.js";
import { CORPUS_OPTIONS, corpusOptions } from "./corpus_args.js";
import { Progress } from "./progress.js";
import { countNgrams, DEFAULT_COUNT_MEMORY, MAX_COUNT_ORDER, type CountProgress } from "../ngram/counter.js";
import { WHITESPACE } from "../text/tokenizer.js";


export const count: Command = {
  name: "count",
  summary: "count the 1..N-grams of text or JSONL files into sorted count files",
  usage: `usage: grampack count --order N --out DIR [options] FILE…   (FILE "-": standard input)

Counts every n-gram of length 1..N of the inputs and writes DIR/1-grams … DIR/N-grams in the Google
format (first line the number of rows, then "w1 w2 … wk<TAB>count"): 1-grams by decreasing count (ties
in code-unit order), which fixes the word IDs, and higher orders in prefix order of those IDs, ready for
build_trie and build_hash. N-grams never cross a line of text or a JSONL document.
  --order N            longest n-grams, 1..${MAX_COUNT_ORDER}
  --out DIR            output folder (created if needed), replaced as a whole: the new files are written
                       beside it and swapped in at the end, so a reader finds the old set or the new one;
                       count files of an earlier run are removed, other files kept
  --tokenizer T        "${WHITESPACE}" (default: split at any whitespace), or a Hugging Face tokenizer.json
                       or a folder holding one; its token strings are the words, with a space, tab, CR, LF
                       or backslash escaped as \\s \\t \\r \\n \\\\ (and an empty token as \\0)
  --normalize N        none (default) or ccnet: the text normalized as CCNet does before tokenizing (lower
                       case, no accents, digits → 0, Unicode punctuation → ASCII, no non-printing characters)
  --memory BYTES       budget of the vocabulary and the external sorts together, e.g. 512M or 4G (default 1G):
                       the sorts get what the vocabulary (~40 bytes a distinct word, plus its characters)
                       leaves, at least an eighth; a larger vocabulary goes beyond the budget, with a
                       warning. Node itself (~50 MB) and the text being read come on top
  --format F           text (one sentence or document per line) or jsonl; default by file name:
                       .jsonl, .json, .jsonl.gz, .json.gz are JSONL, anything else (and "-") text
  --field NAME         JSONL field holding the text (default "text", else "content"; "ids": token ids)
  --lenient            skip malformed JSONL lines (counted) instead of failing on the first
  --temp DIR           where sorted runs and a copy of standard input go (default: the system's)
Inputs may be gzip-compressed, directories (their .jsonl, .json and .txt files) or globs in the file name
(data/part-*.jsonl.gz). They are read twice, so standard input is first copied to --temp.`,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      { order: { type: "string" }, out: { type: "string" }, ...CORPUS_OPTIONS },
      { min: 1 },
    );
    const order = intArg(values.order, "--order");
    if (order < 1 || order > MAX_COUNT_ORDER) throw new UsageError(`--order must be 1..${MAX_COUNT_ORDER}, got ${order}`);
    if (!values.out) throw new UsageError("--out is required");
    const corpus = corpusOptions(values, DEFAULT_COUNT_MEMORY);
    const started = performance.now();
    const progress = new Progress("count");
    const summary = await countNgrams(positionals, {
      ...corpus,
      order,
      outDir: values.out,
      onProgress: (p) => progress.update(describeProgress(p)),
      onWarning: (message) => {
        progress.done();
        console.error(`grampack count: warning: ${message}`);
      },
    });
    progress.done();
    const seconds = (performance.now() - started) / 1000;
    const skipped = summary.skipped > 0 ? `, ${summary.skipped} malformed lines skipped` : "";
    console.log(`${summary.documents} documents, ${summary.tokens} words${skipped}`);
    summary.grams.forEach((n, i) => console.log(`${summary.files[i]}: ${n} ${i + 1}-grams`));
    console.log(`counted in ${seconds.toFixed(2)} s`);
  },
};

function describeProgress(p: CountProgress): string {
  if (p.stage === "writing") return `writing ${p.order}-grams ${percent(p.rowsWritten, p.rows)}`;
  const pass = p.stage === "vocabulary" ? "pass 1/2 (words)" : "pass 2/2 (n-grams)";
  return `${pass} ${megabytes(p.bytesRead)} of ${megabytes(p.totalBytes)} ${percent(p.bytesRead, p.totalBytes)}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function percent(done: number, total: number): string {
  return total > 0 ? `(${Math.floor((100 * done) / total)}%)` : "";
}
