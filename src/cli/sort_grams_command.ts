import { parse, intArg, UsageError, type Command } from "./command.js";
import { memoryArg } from "./memory_arg.js";
import { Progress } from "./progress.js";
import { DEFAULT_SORT_MEMORY, sortCountFile } from "../ngram/sort_grams.js";

export const sortGrams: Command = {
  name: "sort_grams",
  summary: "sort a count file into prefix order for a 1-gram file",
  usage: `usage: grampack sort_grams --vocab 1-GRAMS FILE --out OUT [--order N] [--memory BYTES] [--temp DIR]

Sorts the count file FILE (Google format, any order, plain or gzip) into prefix order by the word IDs
that the 1-gram file 1-GRAMS gives (its row order), as build_trie needs. Repeated grams are merged and
their counts added; a word missing from 1-GRAMS is an error naming FILE and the line.
  --out OUT        the sorted file, written atomically (gzip when it ends in .gz)
  --order N        words per gram (default: N of a name like N-grams, else the first row's)
  --memory BYTES   budget of the external sort, e.g. 512M or 4G (default 1G)
  --temp DIR       where sorted runs go (default: the system's temporary directory)`,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      { vocab: { type: "string" }, out: { type: "string" }, order: { type: "string" }, memory: { type: "string" }, temp: { type: "string" } },
      { min: 1, max: 1 },
    );
    if (!values.vocab || !values.out) throw new UsageError("--vocab and --out are required");
    const order = values.order === undefined ? undefined : intArg(values.order, "--order");
    if (order !== undefined && order < 1) throw new UsageError(`--order must be at least 1, got ${order}`);
    const progress = new Progress("sort_grams");
    const { rows } = await sortCountFile(values.vocab, positionals[0], values.out, {
      order,
      memoryBytes: memoryArg(values.memory, "--memory", DEFAULT_SORT_MEMORY),
      tempDir: values.temp,
      onRead: (read) => progress.update(`${read} rows read`),
      onWrite: (written, total) => progress.update(`${written} of ${total} rows written`),
    });
    progress.done();
    console.log(`${rows} rows written to ${values.out}`);
  },
};
