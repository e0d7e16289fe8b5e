import { CoocBuilder, type CoocBuildOptions } from "./cooc_builder.js";
import { CoocModel } from "./cooc_file.js";
import { readCorpusIds, type CorpusReadOptions, type CorpusStats } from "./cooc_corpus.js";
import { expandInputs, type DirectoryFiles } from "../io/input_files.js";
import { WindowCutter, type WindowOptions } from "./window_cutter.js";

/** Files a directory of a co-occurrence corpus contributes: JSONL (plain or gzip) and binary token-id files. */
export const COOC_FILES: DirectoryFiles = { pattern: /\.(jsonl?(\.gz)?|u32)$/i, description: ".jsonl, .json, .u32 file (plain or .gz)" };

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
    const corpus = await readCorpusIds(expandInputs(inputs, COOC_FILES), options, (ids) => cutter.addDocument(ids));
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
