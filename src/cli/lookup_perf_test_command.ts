import { parse, intArg, UsageError, type Command } from "./command.js";
import { loadFile } from "../ngram/load_file.js";
import { forEachLine } from "../io/lines.js";

export const lookupPerfTest: Command = {
  name: "lookup_perf_test",
  summary: "time lookups of a query file against a model",
  usage: `usage: grampack lookup_perf_test MODEL QUERIES RUNS [--json]

Looks up every n-gram of QUERIES (one per line) RUNS times, the string-to-ID step included, and prints
the mean time per query over all runs and over the fastest half of them. With --json, one object:
{"queries", "runs", "us_per_query", "us_per_query_best_half", "found"}.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { json: { type: "boolean" } }, { min: 3, max: 3 });
    const model = loadFile(positionals[0]);
    const runs = intArg(positionals[2], "RUNS");
    if (runs < 1) throw new UsageError("RUNS must be at least 1");
    const queries: string[] = [];
    await forEachLine(positionals[1], (line) => void queries.push(line));
    let found = 0;
    for (const q of queries) if (model.lookup(q) > 0) found++;
    const times: number[] = [];
    let sink = 0;
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      for (let i = 0; i < queries.length; i++) sink += model.lookup(queries[i]);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const perQuery = (ts: number[]) => (ts.reduce((a, b) => a + b, 0) * 1000) / (ts.length * queries.length);
    const result = {
      queries: queries.length,
      runs,
      us_per_query: round(perQuery(times)),
      us_per_query_best_half: round(perQuery(times.slice(0, Math.max(1, runs >> 1)))),
      found,
      checksum: sink,
    };
    if (values.json) console.log(JSON.stringify(result));
    else console.log(`${result.queries} queries × ${runs} runs: ${result.us_per_query} µs per query (best half ${result.us_per_query_best_half}), ${found} found`);
  },
};

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
