/** Builds any count model by name ("ef_trie r1 IC", "pef_trie r2 PSPEF", "hash 8") in memory, saved and loaded back. */
import { CountTrieBuilder } from "../src/ngram/count_trie_builder.js";
import { CountHashBuilder, HASH_KIND } from "../src/ngram/count_hash.js";
import { readCountFiles } from "../src/ngram/count_files.js";
import { ContainerWriter } from "../src/container/container.js";
import { load, type CountModel } from "../src/ngram/model.js";
import { TRIE_KINDS } from "../src/ngram/count_trie.js";

/** Every structure × remapping × ranks of the tries, then the two hash models. */
export const ALL_MODELS: string[] = [
  ...["ef_trie", "pef_trie"].flatMap((s) => [0, 1, 2].flatMap((r) => ["IC", "PSEF", "PSPEF"].map((k) => `${s} r${r} ${k}`))),
  "hash 8",
  "hash 4",
];

export async function buildModel(name: string, dir: string, order: number): Promise<{ model: CountModel; bytes: number; seconds: number }> {
  const started = performance.now();
  const [structure, a, ranks] = name.split(" ");
  let builder: CountTrieBuilder | CountHashBuilder;
  let kind: string;
  if (structure === "hash") {
    builder = new CountHashBuilder(order, Number(a) as 4 | 8);
    kind = HASH_KIND;
  } else {
    const grams = structure === "ef_trie" ? "ef" : "pef";
    builder = new CountTrieBuilder(order, { grams, remapping: Number(a.slice(1)), ranks: ranks as "IC" | "PSEF" | "PSPEF" });
    kind = TRIE_KINDS[grams];
  }
  await readCountFiles(dir, order, builder);
  const out = new ContainerWriter(kind);
  builder.build().write(out);
  const file = out.toBytes();
  return { model: load(file), bytes: file.length, seconds: (performance.now() - started) / 1000 };
}
