import { parse, intArg, UsageError } from "./command.js";
import { formatArg } from "./dedup_args.js";
import { readStopWords, tfidfCorpus, type TfidfCorpus } from "../embed/tfidf_corpus.js";
import { WORDS } from "../embed/words_tokenizer.js";
import { loadWordsOrTokenizer } from "../embed/tokenizer_choice.js";

/** Options shared by keywords and similar. */
export const TFIDF_OPTIONS_USAGE = `  --tokenizer T         "${WORDS}" (scikit-learn's default pattern, lowercased; default), "whitespace" or a tokenizer.json
  --sublinear           tf → 1 + ln tf (scikit-learn's sublinear_tf)
  --stop-words FILE     words to leave out, one per line
  --format F, --field NAME   as for grampack count`;

const OPTIONS = {
  k: { type: "string" },
  tokenizer: { type: "string" },
  sublinear: { type: "boolean" },
  "stop-words": { type: "string" },
  format: { type: "string" },
  field: { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
} as const;

/** Parses the shared options and builds the corpus's TF-IDF vectors. */
export async function tfidfFromArgs(argv: string[], positionals: { min: number; max: number }): Promise<{ corpus: TfidfCorpus; path: string; k: number; rest: string[]; out?: string; json?: boolean }> {
  const parsed = parse(argv, OPTIONS, positionals);
  const { values } = parsed;
  const k = intArg(values.k, "--k", 10);
  if (k < 1) throw new UsageError(`--k must be at least 1, got ${k}`);
  const corpus = await tfidfCorpus(parsed.positionals[0], {
    tokenizer: loadWordsOrTokenizer(values.tokenizer ?? WORDS),
    sublinear: values.sublinear,
    stopWords: values["stop-words"] === undefined ? undefined : await readStopWords(values["stop-words"]),
    format: formatArg(values.format),
    field: values.field,
  });
  return { corpus, path: parsed.positionals[0], k, rest: parsed.positionals.slice(1), out: values.out, json: values.json };
}
