/**
 * npm run check:models — the acceptance check of the count models: for every structure × remapping ×
 * ranks and both hash widths, on the bundled test_data and (when present) Tongrams' test data, every
 * count of every input file is looked up, every query of queries.random.5K must return its count and
 * every line of queries.not_found 0 (unless the files do store it). One JSON line per model; exit 1 on
 * any disagreement.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { findCountFiles, forEachCountRow } from "../src/io/google_counts.js";
import { ALL_MODELS, buildModel } from "./models.js";
import { REFERENCE, ROOT, emit, round } from "./common.js";

const DATASETS = [
  { name: "test_data", dir: join(ROOT, "test_data") },
  { name: "tongrams-test-data", dir: join(REFERENCE, "tongrams-test-data") },
];

function lines(path: string): string[] {
  return readFileSync(path, "utf8").split("\n").filter((l) => l.length > 0);
}

async function main(): Promise<number> {
  let failures = 0;
  for (const { name, dir } of DATASETS) {
    if (!existsSync(dir)) {
      console.error(`check:models: ${dir} not found, skipped`);
      continue;
    }
    const counts = new Map<string, number>();
    for (const file of findCountFiles(dir, 5)) await forEachCountRow(file, (gram, count) => void counts.set(gram, count));
    const queries = lines(join(dir, "queries.random.5K"));
    const absent = lines(join(dir, "queries.not_found"));
    for (const structure of ALL_MODELS) {
      const { model, bytes, seconds } = await buildModel(structure, dir, 5);
      let mismatches = 0;
      for (const [gram, count] of counts) if (model.lookup(gram) !== count) mismatches++;
      const wrongQueries = queries.filter((q) => model.lookup(q) !== counts.get(q)).length;
      const wrongAbsent = absent.filter((q) => model.lookup(q) !== (counts.get(q) ?? 0)).length;
      const ok = mismatches === 0 && wrongQueries === 0 && wrongAbsent === 0;
      if (!ok) failures++;
      emit({
        data: name,
        structure,
        grams: counts.size,
        bytes_per_gram: round(bytes / counts.size),
        counts_checked: counts.size,
        count_mismatches: mismatches,
        queries: queries.length,
        query_mismatches: wrongQueries,
        not_found: absent.length,
        not_found_mismatches: wrongAbsent,
        build_s: round(seconds, 2),
        ok,
      });
    }
  }
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
