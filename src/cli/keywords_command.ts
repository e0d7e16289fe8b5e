import type { Command } from "./command.js";
import { TFIDF_OPTIONS_USAGE, tfidfFromArgs } from "./tfidf_args.js";
import { AtomicWriter } from "../io/files.js";

export const keywordsCommand: Command = {
  name: "keywords",
  summary: "top TF-IDF keywords of each document (scikit-learn's TfidfVectorizer definitions)",
  usage: `usage: grampack keywords [options] CORPUS
  One JSON line per document: {"line": N, "keywords": [[term, weight], …]}, weights of the l2-normalized
  TF-IDF vector with idf = ln((1 + n)/(1 + df)) + 1.
  --k K                 keywords per document (default 10)
  --out FILE            write there (atomically) instead of standard output
${TFIDF_OPTIONS_USAGE}`,
  async run(argv) {
    const { corpus, k, out } = await tfidfFromArgs(argv, { min: 1, max: 1 });
    const writer = out === undefined ? undefined : new AtomicWriter(out);
    // Piped into head, standard output closes early: that ends the listing, it is not an error.
    process.stdout.once("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(0);
      throw e;
    });
    try {
      for (let d = 0; d < corpus.model.documentCount; d++) {
        const { terms, weights } = corpus.model.keywords(d, k);
        const line = JSON.stringify({ line: corpus.lines[d], keywords: terms.map((t, i) => [t, Number(weights[i].toFixed(6))]) }) + "\n";
        if (writer) writer.write(line);
        else process.stdout.write(line);
      }
      writer?.commit();
    } finally {
      writer?.abort();
    }
  },
};
