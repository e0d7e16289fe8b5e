/**
 * npm run bench:counts — size and lookup speed of every count model on Tongrams' test data, beside the
 * C++ figures measured for Tongrams on this machine class (reference README). One JSON line per model.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildModel } from "./models.js";
import { REFERENCE, emit, median, round } from "./common.js";

const DATA = process.argv[2] ?? join(REFERENCE, "tongrams-test-data");

/** Tongrams (C++): bytes per gram and µs per lookup (CPU) on its test data, from the reference README. */
const CPP: Record<string, { bytes_per_gram: number; us_per_lookup: number }> = {
  "ef_trie r0 IC": { bytes_per_gram: 2.4032, us_per_lookup: 0.274 },
  "ef_trie r0 PSEF": { bytes_per_gram: 2.3256, us_per_lookup: 0.298 },
  "ef_trie r1 IC": { bytes_per_gram: 1.93, us_per_lookup: 0.394 },
  "ef_trie r2 IC": { bytes_per_gram: 1.8202, us_per_lookup: 0.4 },
  "ef_trie r2 PSPEF": { bytes_per_gram: 1.6812, us_per_lookup: 0.43 },
  "pef_trie r0 IC": { bytes_per_gram: 2.3555, us_per_lookup: 0.33 },
  "pef_trie r2 PSEF": { bytes_per_gram: 1.6782, us_per_lookup: 0.42 },
  "pef_trie r2 PSPEF": { bytes_per_gram: 1.6168, us_per_lookup: 0.46 },
  "hash 8": { bytes_per_gram: 9.0376, us_per_lookup: 0.054 },
  "hash 4": { bytes_per_gram: 5.0375, us_per_lookup: 0.048 },
};

async function main(): Promise<void> {
  if (!existsSync(DATA)) {
    console.error(`bench:counts: ${DATA} not found (the reference data sits beside the checkout); skipped`);
    return;
  }
  const queries = readFileSync(join(DATA, "queries.random.5K"), "utf8").split("\n").filter((q) => q.length > 0);
  const runs = Number(process.env.RUNS ?? 100);
  for (const name of Object.keys(CPP)) {
    const { model, bytes, seconds } = await buildModel(name, DATA, 5);
    const grams = model.gramsPerOrder().reduce((a, b) => a + b, 0);
    let found = 0;
    for (const q of queries) if (model.lookup(q) > 0) found++;
    const perRun: number[] = [];
    let sink = 0;
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      for (let i = 0; i < queries.length; i++) sink += model.lookup(queries[i]);
      perRun.push(((performance.now() - t) * 1000) / queries.length);
    }
    const us = median(perRun);
    const cpp = CPP[name];
    emit({
      structure: name,
      grams,
      bytes_per_gram: round(bytes / grams),
      cpp_bytes_per_gram: cpp.bytes_per_gram,
      us_per_lookup: round(us, 3),
      cpp_us_per_lookup: cpp.us_per_lookup,
      time_ratio: round(us / cpp.us_per_lookup, 2),
      found,
      queries: queries.length,
      build_s: round(seconds, 2),
      checksum: sink,
    });
  }
}

await main();
