/** grampack's Node-only API: reading and writing files. Everything of "grampack" is re-exported too. */
export * from "./index.js";
export { loadFile } from "./ngram/load_file.js";
export { readCountFiles, type CountSink } from "./ngram/count_files.js";
export { readFileBytes, writeFileAtomic, AtomicWriter } from "./io/files.js";
export { estimate, estimateFromCounts, estimateFromSentences, type EstimateOptions, type CountsEstimateOptions, type EstimateProgress, type EstimateSummary, type EstimatedModel } from "./ngram/estimate.js";
export { sortArpa, type SortArpaOptions } from "./ngram/sort_arpa.js";
export { readArpa, ArpaWriter, formatFloat32, type ArpaEntry, type ArpaHeader, type ArpaReadOptions } from "./io/arpa.js";
