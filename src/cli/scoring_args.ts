import { UsageError, intArg, type Values } from "./command.js";
import { formatArg, normalizationOf, TEXT_INPUT_OPTIONS } from "./corpus_args.js";
import { unkArg } from "./prob_model_build.js";
import { loadBackoffModelFile } from "../ngram/load_file.js";
import type { BackoffModel } from "../ngram/backoff_model.js";
import type { CorpusScoreOptions } from "../perplexity/score_corpus.js";
import { loadTokenizer, WHITESPACE } from "../text/tokenizer.js";

/** The options of the commands that score a corpus (score, filter). */
export const SCORING_OPTIONS = {
  ...TEXT_INPUT_OPTIONS,
  wrap: { type: "boolean" },
  "id-field": { type: "string" },
  threads: { type: "string" },
  u: { type: "string" },
} as const;

const MAX_THREADS = 256;

export const SCORING_USAGE = `  --wrap               score each sentence as <s> … </s> (KenLM's query and CCNet; </s> counts as a
                       token); by default a sentence starts from the empty context and nothing is
                       added (Tongrams' convention)
  --tokenizer T        "${WHITESPACE}" (default) or a Hugging Face tokenizer.json (or its folder): the
                       one the model was estimated with, words spelled as \`estimate --tokenizer\` spelled them
  --normalize N        none (default) or ccnet: lower case, accents and non-printing characters removed,
                       digits → 0, Unicode punctuation → ASCII, as CCNet does before scoring (estimate
                       the model with the same --normalize)
  --format F           text (a sentence per line) or jsonl (a document per line; each line of its text
                       a sentence, blank ones skipped); default by file name (.jsonl, .json, .gz too)
  --field NAME         JSONL field holding the text (default "text", else "content")
  --id-field NAME      JSONL field copied into records as the document's id (default "id")
  --lenient            skip malformed JSONL lines (counted, the first few shown) instead of failing
  --threads N          score on N threads sharing one copy of the model (default 1); the output is the
                       same for any N
  --u LOG10P           with an ARPA MODEL: log10 probability of OOV words instead of p(<unk>)`;

/** The model and the scoring options of the command line. */
export async function scoringFromArgs(values: Values<typeof SCORING_OPTIONS>, modelPath: string): Promise<{ model: BackoffModel; options: CorpusScoreOptions }> {
  const threads = intArg(values.threads, "--threads", 1);
  if (threads < 1 || threads > MAX_THREADS) throw new UsageError(`--threads must be 1..${MAX_THREADS}, got ${threads}`);
  const options: CorpusScoreOptions = {
    wrap: values.wrap === true,
    tokenizer: loadTokenizer(values.tokenizer ?? WHITESPACE),
    normalize: normalizationOf(values.normalize),
    format: formatArg(values.format),
    field: values.field,
    idField: values["id-field"],
    strict: values.lenient !== true,
    threads,
  };
  const model = await loadBackoffModelFile(modelPath, { unkLog10Prob: unkArg(values.u) });
  return { model, options };
}
