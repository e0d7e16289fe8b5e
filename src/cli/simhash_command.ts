import { parse, intArg, type Command } from "./command.js";
import { formatArg, stageProgress } from "./dedup_args.js";
import { Progress } from "./progress.js";
import { DEFAULT_MAX_DISTANCE, simhashCorpus } from "../dedup/simhash_corpus.js";
import { DEFAULT_SHINGLE, MAX_SIMHASH_DISTANCE } from "../dedup/simhash.js";

export const simhashCommand: Command = {
  name: "simhash",
  summary: "find near-duplicate documents by SimHash and keep the first of each cluster",
  usage: `usage: grampack simhash [options] FILE…

Fingerprints each document (JSONL "text"/"content" field or a line of plain text, plain or gzip) with a
64-bit SimHash of its word shingles and joins documents whose fingerprints differ in at most
--max-distance bits into clusters. Composes with dedup: grampack dedup --out a.jsonl in.jsonl, then
grampack simhash --out b.jsonl a.jsonl (or the other way round).
  --max-distance K     largest Hamming distance of near-duplicates, 0..${MAX_SIMHASH_DISTANCE} (default ${DEFAULT_MAX_DISTANCE})
  --shingle N          words per shingle (default ${DEFAULT_SHINGLE})
  --out FILE           the corpus with only the first document of each cluster, as the original lines
                       byte for byte (invalid UTF-8 included; each ends in "\\n")
  --report FILE        JSON: the clusters of two or more documents (numbers from 0, and file:line)
  --format F, --field NAME   as for grampack count
  --json               print the summary as one JSON object`,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        "max-distance": { type: "string" },
        shingle: { type: "string" },
        out: { type: "string" },
        report: { type: "string" },
        format: { type: "string" },
        field: { type: "string" },
        json: { type: "boolean" },
      },
      { min: 1 },
    );
    const progress = new Progress("simhash");
    const summary = await simhashCorpus(positionals, {
      maxDistance: intArg(values["max-distance"], "--max-distance", DEFAULT_MAX_DISTANCE),
      shingle: intArg(values.shingle, "--shingle", DEFAULT_SHINGLE),
      format: formatArg(values.format),
      field: values.field,
      out: values.out,
      report: values.report,
      onProgress: stageProgress(progress),
    });
    progress.done();
    if (values.json) console.log(JSON.stringify(summary));
    else console.log(`${summary.documents} documents, ${summary.clusters} clusters of near-duplicates, ${summary.removed_documents} documents removed`);
  },
};
