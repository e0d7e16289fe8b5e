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
    const { corpus, k, rest, json, path } = await tfidfFromArgs(argv, { min: 2, max: 2 });
    if (!/^\d+$/.test(rest[0])) throw new UsageError(`DOC must be a line number, got "${rest[0]}"`);
    const line = Number(rest[0]);
    const doc = corpus.lines.indexOf(line);
    if (doc < 0) throw new Error(`${path}:${line}: no document on this line (the documents are on lines ${describeLines(corpus.lines)})`);
    const { ids, scores } = corpus.model.similar(doc, k);
    const hits = Array.from(ids, (d, i) => ({ line: corpus.lines[d], cosine: Number(scores[i].toFixed(6)) }));
    if (json) console.log(JSON.stringify({ line, similar: hits }));
    else for (const h of hits) console.log(`${h.line}\t${h.cosine}`);
  },
};

/** "1 to 40" for consecutive lines, else the first and last. */
function describeLines(lines: Uint32Array): string {
  const first = lines[0];
  const last = lines[lines.length - 1];
  if (lines.length === 1) return `${first} only`;
  return last - first + 1 === lines.length ? `${first} to ${last}` : `${first} to ${last}, with gaps`;
}
