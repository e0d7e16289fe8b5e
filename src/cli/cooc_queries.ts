import { parse, intArg, UsageError } from "./command.js";
import { CoocTokens } from "./cooc_tokens.js";
import { readFileToHeap } from "../io/files.js";
import { CoocModel } from "../cooc/cooc_file.js";
import { coocStats, commonNeighbors, meeting, mostConnected, neighborsOf, type NeighborOrder } from "../cooc/cooc_analysis.js";
import { exportTsv } from "../cooc/cooc_export.js";

/** One query subcommand of `grampack cooc`. */
interface CoocQuery {
  name: string;
  usage: string;
  run(argv: string[]): void;
}

const COMMON_OPTIONS = { json: { type: "boolean" }, text: { type: "boolean" }, tokenizer: { type: "string" } } as const;

/** Parses a query's arguments (the model file first) and opens the model and its tokens. */
function open<O extends Record<string, { type: "string" | "boolean" }>>(argv: string[], options: O, args: number) {
  const { values, positionals } = parse(argv, { ...COMMON_OPTIONS, ...options }, { min: args + 1, max: args + 1 });
  const [file, ...rest] = positionals;
  const model = CoocModel.fromBytes(readFileToHeap(file), { source: file });
  const tokens = CoocTokens.open(model, file, values.tokenizer as string | undefined, values.text === true);
  return { values, args: rest, file, model, tokens, json: values.json === true };
}

/** A number of items to show: an integer of 0 or more. */
function countArg(value: string | undefined, name: string, fallback?: number): number {
  const n = intArg(value, name, fallback);
  if (n < 0) throw new UsageError(`${name} must be 0 or more, got ${n}`);
  return n;
}

function print(json: boolean, value: unknown, lines: () => string[]): void {
  if (json) console.log(JSON.stringify(value));
  else for (const line of lines()) console.log(line);
}

const stats: CoocQuery = {
  name: "stats",
  usage: "grampack cooc stats FILE [--json]",
  run(argv) {
    const { model, json } = open(argv, {}, 0);
    const s = coocStats(model);
    print(json, s, () => [
      `tokens ${s.tokens}, distinct pairs ${s.distinct_pairs}, directed entries ${s.directed_entries}`,
      `average degree ${s.average_degree.toFixed(2)}, max degree ${s.max_degree}, windows ${s.windows}, ${s.weighted ? "weighted" : "unweighted"}, ${s.bytes} bytes`,
      ...s.degree_histogram.map((b) => `  degree ${b.min}-${b.max}: ${b.tokens} tokens`),
    ]);
  },
};

const neighbors: CoocQuery = {
  name: "neighbors",
  usage: "grampack cooc neighbors FILE TOKEN [--top K] [--by count|pmi|id] [--json]\n  (weighted: by count by default)",
  run(argv) {
    const { values, args, file, model, tokens, json } = open(argv, { top: { type: "string" }, by: { type: "string" } }, 1);
    const by = (values.by as string | undefined) ?? (model.graph.weighted ? "count" : "id");
    if (by !== "count" && by !== "pmi" && by !== "id") throw new UsageError(`--by must be count, pmi or id, got "${by}"`);
    const top = countArg(values.top as string | undefined, "--top", Number.MAX_SAFE_INTEGER);
    if (by !== "id" && !model.graph.weighted) throw new Error(`--by ${by} needs counts, but ${file} was built without --weighted`);
    const token = tokens.id(args[0], "TOKEN");
    const list = neighborsOf(model, token, by as NeighborOrder, top).map((n) => ({ ...n, text: tokens.text(n.id) }));
    print(json, { token, neighbors: list.map(({ id, text, count, pmi }) => ({ id, text, count, ...(pmi === undefined ? {} : { pmi }) })) }, () =>
      list.map((n) => `${n.id}\t${JSON.stringify(n.text)}\t${n.count}${n.pmi === undefined ? "" : `\t${n.pmi.toFixed(3)}`}`),
    );
  },
};

const top: CoocQuery = {
  name: "top",
  usage: "grampack cooc top FILE K [--json]   (the K most connected tokens)",
  run(argv) {
    const { args, model, tokens, json } = open(argv, {}, 1);
    const list = mostConnected(model.graph, countArg(args[0], "K")).map((t) => ({ ...t, text: tokens.text(t.id) }));
    print(json, { top: list }, () => list.map((t) => `${t.id}\t${JSON.stringify(t.text)}\t${t.degree}`));
  },
};

const met: CoocQuery = {
  name: "met",
  usage: "grampack cooc met FILE A B [--json]",
  run(argv) {
    const { args, model, tokens, json } = open(argv, {}, 2);
    const m = meeting(model.graph, tokens.id(args[0], "A"), tokens.id(args[1], "B"));
    print(json, m, () => [m.met ? `met${model.graph.weighted ? ` in ${m.count} windows` : ""}` : "never met"]);
  },
};

const common: CoocQuery = {
  name: "common",
  usage: "grampack cooc common FILE A B [--json]   (neighbours shared by A and B)",
  run(argv) {
    const { args, model, tokens, json } = open(argv, {}, 2);
    const a = tokens.id(args[0], "A");
    const b = tokens.id(args[1], "B");
    const ids = commonNeighbors(model.graph, a, b);
    print(json, { a, b, common: ids.map((id) => ({ id, text: tokens.text(id) })) }, () => ids.map((id) => `${id}\t${JSON.stringify(tokens.text(id))}`));
  },
};

const exportCommand: CoocQuery = {
  name: "export",
  usage: "grampack cooc export FILE --tsv OUT [--examples N]   (token_id, token_text, cooccurring_count, examples)",
  run(argv) {
    const { values, model, tokens } = open(argv, { tsv: { type: "string" }, examples: { type: "string" } }, 0);
    if (!values.tsv) throw new UsageError("--tsv OUT is required");
    const rows = exportTsv(model, values.tsv as string, (id) => tokens.text(id), countArg(values.examples as string | undefined, "--examples", 5));
    console.log(`${values.tsv}: ${rows} tokens`);
  },
};

export const COOC_QUERIES: CoocQuery[] = [stats, neighbors, top, met, common, exportCommand];
