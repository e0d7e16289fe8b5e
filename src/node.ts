/** grampack's Node-only API: reading and writing files. Everything of "grampack" is re-exported too. */
export * from "./index.js";
export { loadFile } from "./ngram/load_file.js";
export { readCountFiles, type CountSink } from "./ngram/count_files.js";
export { readFileBytes, writeFileAtomic, AtomicWriter } from "./io/files.js";
