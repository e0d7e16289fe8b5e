import { parse, intArg, type Command } from "./command.js";
import { loadFile } from "../ngram/load_file.js";
import { findCountFiles, forEachCountRow } from "../io/google_counts.js";
import { Progress } from "./progress.js";
import { quote } from "../io/errors.js";

export const testCountModel: Command = {
  name: "test_count_model",
  summary: "check that a model returns the count of every n-gram of its count files",
  usage: `usage: grampack test_count_model MODEL DIR [--order N]

Looks up every n-gram of DIR/1-grams … DIR/N-grams (N = the model's order unless given) and compares
its count with the file. Exits 0 when all agree, 1 naming the first mismatch.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { order: { type: "string" } }, { min: 2, max: 2 });
    const model = loadFile(positionals[0]);
    const order = intArg(values.order, "--order", model.order);
    const progress = new Progress("test_count_model");
    let checked = 0;
    for (const file of findCountFiles(positionals[1], order)) {
      let mismatch: string | undefined;
      await forEachCountRow(file, (gram, count, line) => {
        const got = model.lookup(gram);
        if (got !== count) {
          mismatch = `${file}:${line}: ${quote(gram)} has count ${count}, the model returns ${got}`;
          return false;
        }
        if (++checked % 65536 === 0) progress.update(`${checked} n-grams checked`);
      });
      if (mismatch) {
        progress.done();
        console.error(`mismatch: ${mismatch}`);
        return 1;
      }
    }
    progress.done();
    console.log(`OK: all ${checked} counts agree`);
  },
};
