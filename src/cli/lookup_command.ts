import { parse, type Command } from "./command.js";
import { loadFile } from "../ngram/load_file.js";
import { forEachLine, STDIN } from "../io/lines.js";

export const lookup: Command = {
  name: "lookup",
  summary: "print the count of each n-gram read from standard input",
  usage: `usage: grampack lookup MODEL [QUERIES]

Reads one n-gram per line (words separated by single spaces) from QUERIES or standard input and prints
its count alone on one line of standard output: 0 when the n-gram is not stored.`,
  async run(argv) {
    const { positionals } = parse(argv, {}, { min: 1, max: 2 });
    const model = loadFile(positionals[0]);
    const out: string[] = [];
    await forEachLine(positionals[1] ?? STDIN, (line) => {
      out.push(String(model.lookup(line)));
      if (out.length >= 4096) process.stdout.write(out.splice(0).join("\n") + "\n");
    });
    if (out.length) process.stdout.write(out.join("\n") + "\n");
  },
};
