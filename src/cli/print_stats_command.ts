import { statSync } from "node:fs";
import { parse, type Command } from "./command.js";
import { loadFile } from "../ngram/load_file.js";
import { describeModel, modelStats } from "./model_stats.js";

export const printStats: Command = {
  name: "print_stats",
  summary: "print the n-grams per order and the bytes per gram of each component of a model",
  usage: `usage: grampack print_stats MODEL [--json]

Prints the structure, the number of n-grams per order, the file size and the bytes per gram of each
component. With --json, one object with the fields structure, order, grams, grams_per_order, bytes,
bytes_per_gram and components (bytes and bytes_per_gram of each).`,
  run(argv) {
    const { values, positionals } = parse(argv, { json: { type: "boolean" } }, { min: 1, max: 1 });
    const model = loadFile(positionals[0]);
    const bytes = statSync(positionals[0]).size;
    console.log(values.json ? JSON.stringify(modelStats(model, bytes)) : describeModel(model, bytes));
  },
};
