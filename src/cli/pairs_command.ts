import { intArg, parse, UsageError, type Command } from "./command.js";
import { numberArg } from "./number_arg.js";
import { Progress } from "./progress.js";
import { DEFAULT_PAIR_ALPHA, minePairsFile } from "../embed/pairs_corpus.js";
import { DEFAULT_PAIRS_K, type PairMeasure } from "../embed/pair_mining.js";

const MEASURES: readonly PairMeasure[] = ["overlap", "jaccard", "cosine"];

export const pairsCommand: Command = {
  name: "pairs",
  summary: "positive item (or user) pairs from an interaction log: overlap, 1/(overlap+α), Jaccard, cosine",
  usage: `usage: grampack pairs [options] --out FILE LOG
  LOG: CSV or TSV lines user,item[,time] (header optional, integer ids). For every pair of items sharing
  a user, computed through the users as a sparse self-product: a TSV of a, b, overlap |U_a ∩ U_b|,
  weight 1/(overlap + α), Jaccard and cosine.
  --users               pairs of users sharing items instead
  --k K                 best K partners per item by --by (default ${DEFAULT_PAIRS_K}); 0 keeps every pair
  --by M                overlap, jaccard or cosine (default overlap)
  --min-overlap N       least overlap kept (default 1)
  --min-score X         least value of --by kept (default 0)
  --alpha A             α of the weight (default ${DEFAULT_PAIR_ALPHA})`,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        out: { type: "string" },
        users: { type: "boolean" },
        k: { type: "string" },
        by: { type: "string" },
        "min-overlap": { type: "string" },
        "min-score": { type: "string" },
        alpha: { type: "string" },
      },
      { min: 1, max: 1 },
    );
    if (!values.out) throw new UsageError("--out is required");
    const measure = (values.by ?? "overlap") as PairMeasure;
    if (!MEASURES.includes(measure)) throw new UsageError(`--by must be ${MEASURES.join(", ")}, got "${values.by}"`);
    const k = intArg(values.k, "--k", DEFAULT_PAIRS_K);
    if (k < 0) throw new UsageError(`--k must be 0 or more, got ${k}`);
    const progress = new Progress("pairs");
    const started = performance.now();
    const summary = await minePairsFile(positionals[0], values.out, {
      side: values.users ? "users" : "items",
      k,
      measure,
      minOverlap: intArg(values["min-overlap"], "--min-overlap", 1),
      minScore: numberArg(values["min-score"], "--min-score", 0),
      alpha: numberArg(values.alpha, "--alpha", DEFAULT_PAIR_ALPHA),
      onProgress: (done, total) => progress.update(`${Math.floor((100 * done) / total)}%`),
    });
    progress.done();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${summary.interactions} interactions, ${summary.users} users, ${summary.items} items: ${summary.pairs} pairs in ${seconds} s → ${values.out}`);
  },
};
