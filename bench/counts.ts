/**
 * npm run bench:counts — size and lookup speed of every count model on Tongrams' test data. Beside ours, in
 * the same run and alternately round by round: Tongrams' lookup_perf_test on its own model of the same data
 * (when ANCHORS_DIR holds it: ../shared/tools/anchors.sh) and another build of grampack (BASELINE_DIR). One
 * JSON line per model; ratios are ours over theirs (time) and speed-ups theirs over ours.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { buildModel } from "./models.js";
import { REFERENCE, emit, median, round } from "./common.js";
import { anchor, baselineModule, notBuilt, tongramsLookupMicros } from "./anchors.js";
import type { CountModel } from "../src/ngram/model.js";

const DATA = process.argv[2] ?? join(REFERENCE, "tongrams-test-data");
const ROUNDS = Number(process.env.ROUNDS ?? 7);
/** Passes over the queries per round. */
const PASSES = Number(process.env.PASSES ?? 20);

/** The models of this data that anchors.sh builds, by our name. */
const TONGRAMS_MODELS: Record<string, string> = {
  "ef_trie r0 IC": "ef_trie.r0.IC.bin",
  "ef_trie r1 IC": "ef_trie.r1.IC.bin",
  "ef_trie r2 PSPEF": "ef_trie.r2.PSPEF.bin",
  "pef_trie r2 PSPEF": "pef_trie.r2.PSPEF.bin",
  "hash 8": "hash8.bin",
  "hash 4": "hash4.bin",
};
const CONFIGURATIONS = ["ef_trie r0 IC", "ef_trie r0 PSEF", "ef_trie r1 IC", "ef_trie r2 IC", "ef_trie r2 PSPEF", "pef_trie r0 IC", "pef_trie r2 PSEF", "pef_trie r2 PSPEF", "hash 8", "hash 4"];

/** Microseconds per lookup of one pass-set over the queries. */
function microsPerLookup(model: { lookup(q: string): number }, queries: string[]): number {
  let sink = 0;
  const t = performance.now();
  for (let p = 0; p < PASSES; p++) for (let i = 0; i < queries.length; i++) sink += model.lookup(queries[i]);
  const us = ((performance.now() - t) * 1000) / (PASSES * queries.length);
  if (sink === 0.5) console.log("");
  return us;
}

async function main(): Promise<void> {
  const queryFile = join(DATA, "queries.random.5K");
  if (!existsSync(queryFile)) {
    console.error(`bench:counts: ${DATA} not found (the reference data sits beside the checkout); skipped`);
    return;
  }
  const queries = readFileSync(queryFile, "utf8").split("\n").filter((q) => q.length > 0);
  const baseline = await baselineModule<{ buildModel: typeof buildModel }>("bench/models.js");
  for (const name of CONFIGURATIONS) {
    const { model, bytes, seconds } = await buildModel(name, DATA, 5);
    const old = baseline ? (await baseline.buildModel(name, DATA, 5)).model : undefined;
    const tongramsModel = TONGRAMS_MODELS[name] === undefined ? undefined : anchor("tongrams", "models", TONGRAMS_MODELS[name]);
    const grams = model.gramsPerOrder().reduce((a, b) => a + b, 0);
    let found = 0;
    for (const q of queries) if (model.lookup(q) > 0) found++;
    if (old !== undefined) for (const q of queries) if (old.lookup(q) !== model.lookup(q)) throw new Error(`${name}: the baseline answers "${q}" otherwise`);
    const ours: number[] = [];
    const before: number[] = [];
    const cpp: number[] = [];
    microsPerLookup(model, queries);
    for (let r = 0; r < ROUNDS; r++) {
      ours.push(microsPerLookup(model, queries));
      if (old !== undefined) before.push(microsPerLookup(old as CountModel, queries));
      const t = tongramsModel === undefined ? undefined : tongramsLookupMicros(tongramsModel, queryFile, PASSES);
      if (t !== undefined) cpp.push(t);
    }
    const us = median(ours);
    emit({
      structure: name,
      grams,
      bytes_per_gram: round(bytes / grams),
      tongrams_bytes_per_gram: tongramsModel === undefined ? "-" : round(statSync(tongramsModel).size / grams),
      us_per_lookup: round(us, 3),
      tongrams_us_per_lookup: cpp.length > 0 ? round(median(cpp), 3) : TONGRAMS_MODELS[name] ? notBuilt("tongrams_models") : "-",
      ratio_to_tongrams: cpp.length > 0 ? round(us / median(cpp), 2) : "-",
      baseline_us_per_lookup: before.length > 0 ? round(median(before), 3) : "no BASELINE_DIR",
      speedup_over_baseline: before.length > 0 ? round(median(before) / us, 2) : "-",
      found,
      queries: queries.length,
      build_s: round(seconds, 2),
    });
  }
}

await main();
