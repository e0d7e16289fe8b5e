import { parse, intArg, UsageError, type Command } from "./command.js";
import { Progress } from "./progress.js";
import { CountTrieBuilder } from "../ngram/count_trie_builder.js";
import { readCountFiles } from "../ngram/count_files.js";
import { RANK_SEQUENCES, type GramSequenceKind, type RankSequenceKind } from "../ngram/sequences.js";
import { TRIE_KINDS } from "../ngram/count_trie.js";
import { ContainerWriter } from "../container/container.js";
import { writePiecesAtomic } from "../io/files.js";
import { describeModel } from "./model_stats.js";
import { PROB_OPTIONS, PROB_USAGE, buildProbModel, checkOrder, joinNegativeU, probModelOptions } from "./prob_model_build.js";
import { PROB_TRIE_KINDS, ProbTrie } from "../ngram/prob_trie.js";

const STRUCTURES: Record<string, GramSequenceKind> = { ef_trie: "ef", pef_trie: "pef" };

export const buildTrie: Command = {
  name: "build_trie",
  summary: "build a compressed trie (ef_trie, pef_trie) from count files or an ARPA model",
  usage: `usage: build_trie ef_trie|pef_trie ORDER count --dir DIR --out FILE [--remapping 0|1|2] [--ranks IC|PSEF|PSPEF]
       build_trie ef_trie|pef_trie ORDER prob_backoff --arpa FILE --out FILE [--remapping 0|1|2] [--u LOG10P] [--p BITS] [--b BITS]
       (also: grampack build_trie …)

Builds an n-gram count model of orders 1..ORDER from the files DIR/1-grams … DIR/ORDER-grams (Google
format: first line the number of rows, then "gram<TAB>count"; optionally .sorted and/or .gz), sorted in
prefix order by the order of the 1-gram file.
  ef_trie          word IDs of each level in Elias-Fano
  pef_trie         word IDs in partitioned Elias-Fano (smaller, a little slower)
  --remapping R    context-based ID remapping of order R (default 0: none)
  --ranks KIND     how count ranks are stored: IC (indexed codewords, default), PSEF or PSPEF

prob_backoff: a back-off language model from an ARPA file of order ORDER, as a backward trie (n-grams
stored last word first) with per-order quantized log10 probabilities and backoffs; for grampack score.
${PROB_USAGE}
The model is written atomically to FILE.`,
  async run(argv) {
    const { values, positionals } = parse(
      joinNegativeU(argv),
      { ...PROB_OPTIONS, dir: { type: "string" }, remapping: { type: "string" }, ranks: { type: "string" } },
      { min: 3, max: 3 },
    );
    const [structure, orderText, valueType] = positionals;
    const grams = STRUCTURES[structure];
    if (!grams) throw new UsageError(`unknown structure "${structure}": expected ef_trie or pef_trie`);
    if (valueType !== "count" && valueType !== "prob_backoff") throw new UsageError(`unknown value type "${valueType}": expected count or prob_backoff`);
    const order = intArg(orderText, "ORDER");
    if (order < 1 || order > 16) throw new UsageError(`ORDER must be 1..16, got ${order}`);
    const remapping = intArg(values.remapping, "--remapping", 0);
    if (![0, 1, 2].includes(remapping)) throw new UsageError(`--remapping must be 0, 1 or 2, got ${remapping}`);
    if (valueType === "prob_backoff") {
      if (values.dir || values.ranks) throw new UsageError("--dir and --ranks are for count models; prob_backoff reads --arpa");
      const options = { ...probModelOptions(values), grams, remapping };
      return buildProbModel(values.arpa, values.out, PROB_TRIE_KINDS[grams], (tables) => ProbTrie.build(checkOrder(tables, order), options));
    }
    if (values.arpa || values.p || values.b || values.u) throw new UsageError("--arpa, --p, --b and --u are for prob_backoff models");
    if (!values.dir || !values.out) throw new UsageError("--dir and --out are required");
    const ranks = (values.ranks ?? "IC") as RankSequenceKind;
    if (!(ranks in RANK_SEQUENCES)) throw new UsageError(`--ranks must be IC, PSEF or PSPEF, got "${values.ranks}"`);
    const started = performance.now();
    const progress = new Progress("build_trie");
    const builder = new CountTrieBuilder(order, { grams, ranks, remapping });
    await readCountFiles(values.dir, order, builder, (m) => progress.update(m));
    const trie = builder.build();
    const out = new ContainerWriter(TRIE_KINDS[grams]);
    trie.write(out);
    const bytes = writePiecesAtomic(values.out, out.pieces());
    progress.done();
    const seconds = (performance.now() - started) / 1000;
    console.log(`${describeModel(trie, bytes)}\nbuilt in ${seconds.toFixed(2)} s, written to ${values.out}`);
  },
};
