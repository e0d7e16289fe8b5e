import { CoocBuilder, type CoocBuildOptions } from "./cooc_builder.js";
import { CoocModel } from "./cooc_file.js";
import { readCorpusIds, type CorpusReadOptions, type CorpusStats } from "./cooc_corpus.js";
import { expandInputs } from "./cooc_inputs.js";
import { WindowCutter, type WindowOptions } from "./window_cutter.js";

export interface CoocCorpusOptions extends WindowOptions, CoocBuildOptions, CorpusReadOptions {}

export interface CoocBuildResult {
  model: CoocModel;
  corpus: CorpusStats;
  /** Sorted runs spilled to disk (0 when the windows fitted in the memory budget). */
  runs: number;
}

/**
 * Reads the inputs (files, directories, globs), cuts their token ids into windows and builds the graph of
 * which tokens met which.
 */
export async function buildCoocFromFiles(inputs: readonly string[], options: CoocCorpusOptions = {}): Promise<CoocBuildResult> {
  const builder = new CoocBuilder(options);
  try {
    const cutter = new WindowCutter(builder, options);
    const corpus = await readCorpusIds(expandInputs(inputs), options, (ids) => cutter.addDocument(ids));
    cutter.finish();
    const runs = builder.spilledRuns;
    const graph = await builder.finishInParallel();
    const settings = {
      contextLength: cutter.contextLength,
      stride: cutter.stride,
      pack: cutter.pack,
      separator: cutter.separator,
      windows: builder.windows,
      tokenizer: options.tokenizer?.description ?? "",
    };
    return { model: new CoocModel(graph, settings), corpus, runs };
  } finally {
    builder.dispose();
  }
}
