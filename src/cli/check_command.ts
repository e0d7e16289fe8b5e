import { statSync } from "node:fs";
import { parse, type Command } from "./command.js";
import { openFile } from "./open_file.js";

export const check: Command = {
  name: "check",
  summary: "check that a grampack file is whole and consistent, walking all of it",
  usage: `usage: grampack check [--json] FILE…

Loads each file as the commands do (header, CRC-32, every structure's sizes and samples), then walks every
structure's payload: sequences in order, select and rank samples recomputed, ranks within their tables,
pointers that partition each level, words that hash to their own IDs. Prints "FILE: OK (kind, bytes)" or
the first problem found, naming the section; the status is 1 when any file fails.`,
  run(argv) {
    const { values, positionals } = parse(argv, { json: { type: "boolean" } }, { min: 1 });
    let failed = 0;
    for (const path of positionals) {
      let problem: string | undefined;
      let kind = "";
      try {
        kind = openFile(path, { verify: true }).kind;
      } catch (e) {
        problem = (e as Error).message;
        failed++;
      }
      const bytes = problem === undefined ? statSync(path).size : 0;
      if (values.json) console.log(JSON.stringify(problem === undefined ? { file: path, ok: true, kind, bytes } : { file: path, ok: false, error: problem }));
      else if (problem === undefined) console.log(`${path}: OK (${kind}, ${bytes} bytes)`);
      else console.error(problem);
    }
    return failed > 0 ? 1 : 0;
  },
};
