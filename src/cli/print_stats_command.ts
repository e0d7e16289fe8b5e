import { statSync } from "node:fs";
import { parse, type Command } from "./command.js";
import { describeModel, modelStats } from "./model_stats.js";
import { openFile } from "./open_file.js";

export const printStats: Command = {
  name: "print_stats",
  summary: "print the n-grams per order and the bytes per gram of each component of a model",
  usage: `usage: grampack print_stats MODEL [--json]

Prints the structure of a count or probability model, the number of n-grams per order, the file size and
the bytes per gram of each component. With --json, one object with the fields structure, values ("count"
or "prob_backoff"), order, remapping, ranks (count models), grams, grams_per_order, bytes, bytes_per_gram
and components (bytes and bytes_per_gram of each).`,
  run(argv) {
    const { values, positionals } = parse(argv, { json: { type: "boolean" } }, { min: 1, max: 1 });
    const file = openFile(positionals[0]);
    if (file.type !== "count" && file.type !== "prob") throw new Error(`${positionals[0]}: a ${file.kind} file, not an n-gram model`);
    const model = file.model;
    const bytes = statSync(positionals[0]).size;
    console.log(values.json ? JSON.stringify(modelStats(model, bytes)) : describeModel(model, bytes));
  },
};
