import { parse, type Command } from "./command.js";
import { InputError } from "../io/errors.js";
import { forEachLine, STDIN } from "../io/lines.js";
import { joinNegativeU, unkArg } from "./prob_model_build.js";
import { loadBackoffModelFile } from "../ngram/load_file.js";
import { TextScore } from "../ngram/backoff_model.js";

export const score: Command = {
  name: "score",
  summary: "perplexity of a text under a language model (prob_backoff model or ARPA file)",
  usage: `usage: grampack score MODEL TEXT [--wrap] [--json] [--u LOG10P]

Scores every line of TEXT (plain or .gz; words separated by whitespace) with MODEL, a model built by
build_trie/build_hash … prob_backoff or an ARPA file (plain or .gz, read exactly, into memory), and prints
Tongrams' lines: perplexity including and excluding OOVs, OOVs, corpus tokens, corpus sentences, elapsed
time (of the scoring, not of the loading).
  --wrap      score each line as <s> … </s> (KenLM's default; </s> counts as a token); by default a line
              starts from the empty context and nothing is added (Tongrams' convention)
  --json      one JSON object: perplexity_including_oovs, perplexity_excluding_oovs, oovs, corpus_tokens,
              corpus_sentences, total_log10_prob, elapsed_s
  --u LOG10P  with an ARPA MODEL: log10 probability of OOV words instead of p(<unk>)
OOV words score p(<unk>) plus the backoffs of their context, and empty the context.`,
  async run(argv) {
    const { values, positionals } = parse(joinNegativeU(argv), { wrap: { type: "boolean" }, json: { type: "boolean" }, u: { type: "string" } }, { min: 2, max: 2 });
    const model = await loadBackoffModelFile(positionals[0], { unkLog10Prob: unkArg(values.u) });
    const totals = new TextScore();
    const options = { wrap: values.wrap === true };
    const started = performance.now();
    await forEachLine(positionals[1], (line) => model.scoreLine(line, totals, options));
    const elapsed = (performance.now() - started) / 1000;
    if (totals.tokens === 0) throw new InputError(positionals[1] === STDIN ? "standard input" : positionals[1], 0, "no words to score (empty, or blank lines only)");
    if (values.json) {
      console.log(
        JSON.stringify({
          perplexity_including_oovs: totals.perplexityIncludingOovs,
          perplexity_excluding_oovs: totals.perplexityExcludingOovs,
          oovs: totals.oovs,
          corpus_tokens: totals.tokens,
          corpus_sentences: totals.sentences,
          total_log10_prob: totals.totalLog10Prob,
          elapsed_s: elapsed,
        }),
      );
      return;
    }
    console.log(
      [
        `perplexity including OOVs = ${totals.perplexityIncludingOovs}`,
        `perplexity excluding OOVs = ${totals.perplexityExcludingOovs}`,
        `OOVs = ${totals.oovs}`,
        `corpus tokens = ${totals.tokens}`,
        `corpus sentences = ${totals.sentences}`,
        `elapsed time: ${elapsed} seconds`,
      ].join("\n"),
    );
  },
};
