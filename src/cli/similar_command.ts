import { UsageError, type Command } from "./command.js";
import { TFIDF_OPTIONS_USAGE, tfidfFromArgs } from "./tfidf_args.js";

export const similarCommand: Command = {
  name: "similar",
  summary: "documents most similar to one, by cosine of TF-IDF vectors",
  usage: `usage: grampack similar [options] CORPUS DOC
  The K documents of CORPUS closest to the one on line DOC, by cosine of their TF-IDF vectors:
  "line cosine" per line (or JSON with --json).
  --k K                 documents (default 10)
${TFIDF_OPTIONS_USAGE}`,
  async run(argv) {
    const { corpus, k, rest, json } = await tfidfFromArgs(argv, { min: 2, max: 2 });
    const line = Number(rest[0]);
    const doc = corpus.lines.indexOf(line);
    if (!/^\d+$/.test(rest[0]) || doc < 0) throw new UsageError(`DOC must be the line number of a document, got "${rest[0]}"`);
    const { ids, scores } = corpus.model.similar(doc, k);
    const hits = Array.from(ids, (d, i) => ({ line: corpus.lines[d], cosine: Number(scores[i].toFixed(6)) }));
    if (json) console.log(JSON.stringify({ line, similar: hits }));
    else for (const h of hits) console.log(`${h.line}\t${h.cosine}`);
  },
};
