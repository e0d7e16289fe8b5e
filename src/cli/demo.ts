import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "./command.js";
import { parse, UsageError } from "./command.js";
import { CountTrieBuilder } from "../ngram/count_trie_builder.js";
import { readCountFiles } from "../ngram/count_files.js";
import { Container, ContainerWriter } from "../container/container.js";
import { CountTrie, TRIE_KINDS } from "../ngram/count_trie.js";
import { describeModel } from "./model_stats.js";

/** test_data/ of the package, found from this file whether it runs from src/ or dist/src/. */
function bundledTestData(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, "test_data");
}

export const demo: Command = {
  name: "demo",
  summary: "build a model from the bundled test data and query it",
  usage: `usage: grampack demo [--dir DIR]

Builds an ef_trie of orders 1..5 from the count files in DIR (default: the bundled test_data, n-gram
counts of part of the Brown corpus), saves it to memory, loads it back without copying, and prints its
size, a few lookups and the most frequent continuations of a few contexts.`,
  async run(argv) {
    const { values } = parse(argv, { dir: { type: "string" } }, { min: 0, max: 0 });
    const dir = values.dir ?? bundledTestData();
    if (!existsSync(dir)) throw new UsageError(`no directory ${dir}`);
    const started = performance.now();
    const builder = new CountTrieBuilder(5, { grams: "ef", remapping: 1 });
    await readCountFiles(dir, 5, builder);
    const out = new ContainerWriter(TRIE_KINDS.ef);
    builder.build().write(out);
    const bytes = out.toBytes();
    const model = CountTrie.read(Container.from(bytes));
    console.log(`built in ${((performance.now() - started) / 1000).toFixed(2)} s from ${dir}`);
    console.log(describeModel(model, bytes.length));

    console.log("\nlookups (count; 0 = not stored):");
    const queries = readFileSync(join(dir, "queries.random.5K"), "utf8").split("\n").filter((q) => q.includes(" ")).slice(0, 4);
    for (const q of [...queries, "of the", "the of", "zyzzyva"]) console.log(`  ${String(model.lookup(q)).padStart(6)}  ${q}`);

    console.log("\nmost frequent continuations:");
    for (const context of ["of the", "it was", "in the"]) {
      const next = model.topContinuations(context, 5).map((c) => `${c.word} (${c.count})`);
      console.log(`  ${context} → ${next.join(", ") || "(context not stored)"}`);
    }
  },
};
