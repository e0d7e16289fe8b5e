import { parse, type Command } from "./command.js";
import { memoryArg } from "./memory_arg.js";
import { DEFAULT_SORT_ARPA_MEMORY, sortArpa } from "../ngram/sort_arpa.js";

export const sortArpaCommand: Command = {
  name: "sort_arpa",
  summary: "sort an ARPA model's n-grams in suffix order, for backward tries",
  usage: `usage: grampack sort_arpa [--memory BYTES] [--temp DIR] IN OUT

Rewrites the ARPA file IN (plain or gzip) as OUT (written atomically; gzip when it ends in .gz) with the
n-grams of every order k ≥ 2 sorted by their words read right to left (last word first), each word
compared by its position in the \\1-grams: section, which is kept as it is. Values are kept as float32.
  --memory BYTES       budget of the sort, e.g. 512M (default 1G); beyond it, sorted runs go to disk
  --temp DIR           where sorted runs go (default: the system's temporary directory)`,
  async run(argv) {
    const { values, positionals } = parse(argv, { memory: { type: "string" }, temp: { type: "string" } }, { min: 2, max: 2 });
    const started = performance.now();
    const counts = await sortArpa(positionals[0], positionals[1], {
      memoryBytes: memoryArg(values.memory, "--memory", DEFAULT_SORT_ARPA_MEMORY),
      tempDir: values.temp,
    });
    console.log(`${positionals[1]}: ${counts.map((n, i) => `${n} ${i + 1}-grams`).join(", ")}`);
    console.log(`sorted in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  },
};
