import { parse, intArg, UsageError, type Command } from "./command.js";
import { Progress } from "./progress.js";
import { CountHashBuilder, HASH_KIND } from "../ngram/count_hash.js";
import { readCountFiles } from "../ngram/count_files.js";
import { ContainerWriter } from "../container/container.js";
import { writePiecesAtomic } from "../io/files.js";
import { describeModel } from "./model_stats.js";
import { PROB_OPTIONS, PROB_USAGE, buildProbModel, checkOrder, joinNegativeU, probModelOptions } from "./prob_model_build.js";
import { PROB_HASH_KIND, ProbHash } from "../ngram/prob_hash.js";

export const buildHash: Command = {
  name: "build_hash",
  summary: "build hash tables of n-gram counts (one minimal perfect hash per order)",
  usage: `usage: build_hash ORDER 4|8 count --dir DIR --out FILE
       build_hash ORDER 4|8 prob_backoff --arpa FILE --out FILE [--u LOG10P] [--p BITS] [--b BITS]
       (also: grampack build_hash …)

Builds an n-gram count model of orders 1..ORDER from DIR/1-grams … DIR/ORDER-grams (Google format,
plain or .gz; any row order) as one minimal-perfect-hash table per order with a 4- or 8-byte fingerprint
per n-gram: an n-gram that is not stored is reported as stored with probability 2^-32 or 2^-64.

prob_backoff: a back-off language model from an ARPA file of order ORDER, one table per order, with
per-order quantized log10 probabilities and backoffs; for grampack score.
${PROB_USAGE}
The model is written atomically to FILE.`,
  async run(argv) {
    const { values, positionals } = parse(joinNegativeU(argv), { ...PROB_OPTIONS, dir: { type: "string" } }, { min: 3, max: 3 });
    const order = intArg(positionals[0], "ORDER");
    if (order < 1 || order > 16) throw new UsageError(`ORDER must be 1..16, got ${order}`);
    const bytes = intArg(positionals[1], "BYTES");
    if (bytes !== 4 && bytes !== 8) throw new UsageError(`fingerprint bytes must be 4 or 8, got ${bytes}`);
    if (positionals[2] === "prob_backoff") {
      if (values.dir) throw new UsageError("--dir is for count models; prob_backoff reads --arpa");
      const options = probModelOptions(values);
      return buildProbModel(values.arpa, values.out, PROB_HASH_KIND, (tables) => ProbHash.build(checkOrder(tables, order), bytes, options));
    }
    if (positionals[2] !== "count") throw new UsageError(`unknown value type "${positionals[2]}": expected count or prob_backoff`);
    if (values.arpa || values.p || values.b || values.u) throw new UsageError("--arpa, --p, --b and --u are for prob_backoff models");
    if (!values.dir || !values.out) throw new UsageError("--dir and --out are required");
    const started = performance.now();
    const progress = new Progress("build_hash");
    const builder = new CountHashBuilder(order, bytes);
    await readCountFiles(values.dir, order, builder, (m) => progress.update(m));
    const model = builder.build();
    const out = new ContainerWriter(HASH_KIND);
    model.write(out);
    const fileBytes = writePiecesAtomic(values.out, out.pieces());
    progress.done();
    console.log(`${describeModel(model, fileBytes)}\nbuilt in ${((performance.now() - started) / 1000).toFixed(2)} s, written to ${values.out}`);
  },
};
