/**
 * grampack's public API. Everything here works in Node and in browsers: the structures load from any Uint8Array with no
 * copy. File access is in "grampack/node" (src/node.ts).
 */

// The query kernels (WebAssembly) and the memory structures live in: in a browser, `await init()` first
export { init, type InitOptions } from "./bits/heap.js";

// The packed-bitvector layer
export { BitVector, BitVectorBuilder } from "./bits/bit_vector.js";
export { CompactVector, CompactVectorBuilder, widthFor } from "./bits/compact_vector.js";
export { DArray, RankIndex, RankSelect } from "./bits/rank_select.js";
export { EliasFano, EliasFanoBuilder, EliasFanoCursor } from "./bits/elias_fano.js";
export { PartitionedEliasFano, PartitionedEliasFanoCursor } from "./bits/partitioned_elias_fano.js";
export { BitWriter, BitReader, optimalRiceParameter } from "./bits/codes.js";
export { IndexedCodewords } from "./bits/indexed_codewords.js";
export { PrefixSummedEliasFano, PrefixSummedPartitionedEliasFano } from "./bits/prefix_summed.js";

// Hashing
export { hashString, hashTuple, hashBytes, hashState } from "./hash/hash64.js";
export { MinimalPerfectHash, type MPHFOptions } from "./hash/mphf.js";

// The file format
export { ContainerWriter, Container, FormatError, type LoadOptions, type SectionInfo } from "./container/container.js";

// n-gram models
export { load, type CountModel } from "./ngram/model.js";
export { CountTrie } from "./ngram/count_trie.js";
export { CountTrieBuilder } from "./ngram/count_trie_builder.js";
export { CountHash, CountHashBuilder } from "./ngram/count_hash.js";
export { Vocabulary } from "./ngram/vocabulary.js";
export { TrieLevels, TrieLevelsBuilder } from "./ngram/trie_levels.js";
export { BackoffModel, ScoreState, TextScore, type WordScore, type ScoreOptions } from "./ngram/backoff_model.js";
export { ProbTrie, PROB_TRIE_KINDS, type ProbModelOptions, type ProbTrieOptions } from "./ngram/prob_trie.js";
export { ProbHash, PROB_HASH_KIND } from "./ngram/prob_hash.js";
export { ArpaTables, type ArpaOrder } from "./ngram/arpa_tables.js";
export { LogValues, quantizationBins, nearestBin } from "./ngram/log_values.js";
export { loadBackoffModel, PROB_MODEL_KINDS } from "./ngram/load_backoff_model.js";
export { InputError } from "./io/errors.js";

// Text normalization before counting or scoring: CCNet's, for models compared with its KenLM models
export { ccnetNormalize, normalizer, parseNormalization, NORMALIZATIONS, type Normalization } from "./text/normalize.js";

// Deduplication: suffix arrays, LCP arrays, substring search, exact-substring and SimHash near-duplicates
export { buildSuffixArray, type SymbolText } from "./dedup/suffix_array.js";
export { buildLcp, buildPlcp } from "./dedup/lcp.js";
export { DocumentStarts, JoinedTextBuilder, joinByteDocuments, joinTokenDocuments, BYTE_SEPARATOR, TOKEN_SEPARATOR, NO_SEPARATOR, type JoinedDocuments } from "./dedup/documents.js";
export { SubstringIndex, type Query } from "./dedup/substring_index.js";
export { findDuplicates, repeatLengths, coveredRuns, snapToCharacters, runsByDocument, sharedSpanPairs, type KeepMode, type Duplicates, type FindOptions } from "./dedup/duplicates.js";
export { SimHasher, nearDuplicateClusters, hammingDistance, DEFAULT_SHINGLE, MAX_SIMHASH_DISTANCE } from "./dedup/simhash.js";

// Token co-occurrence inside context windows
export { CoocGraph } from "./cooc/cooc_graph.js";
export { CoocGraphBuilder } from "./cooc/cooc_graph_builder.js";
export { CoocModel, COOC_KIND, type CoocSettings } from "./cooc/cooc_file.js";
export { WindowCutter, DEFAULT_CONTEXT_LENGTH, type WindowOptions, type WindowSink } from "./cooc/window_cutter.js";
export { coocStats, neighborsOf, mostConnected, meeting, commonNeighbors, type CoocStats, type DegreeBucket, type Neighbor, type NeighborOrder, type ConnectedToken, type Meeting } from "./cooc/cooc_analysis.js";

// Embeddings and semantic mining: sparse matrices, PPMI, embedding stores with cosine search, .npy, TF-IDF, positive pairs
export { CsrMatrix } from "./embed/csr_matrix.js";
export { ppmiMatrix, DEFAULT_CONTEXT_ALPHA, type PpmiOptions } from "./embed/ppmi.js";
export { symmetricEigen, type SymmetricEigen } from "./embed/jacobi_eigen.js";
export { EmbeddingStore, EMBEDDINGS_KIND, type Neighbors } from "./embed/embedding_store.js";
export { Labels } from "./embed/labels.js";
export { TopKHeap } from "./embed/top_k_heap.js";
export { readNpy, writeNpy, npyToFloat32, halfToFloat, type NpyMatrix, type NpyDtype } from "./embed/npy.js";
export { TfidfBuilder, TfidfModel, type TfidfOptions, type Keywords } from "./embed/tfidf.js";
export { WordsTokenizer, WORDS } from "./embed/words_tokenizer.js";
export { PostingLists } from "./embed/posting_lists.js";
export { minePairs, pairScore, pairWeight, DEFAULT_PAIRS_K, type PairMeasure, type PairMiningOptions, type PairSink } from "./embed/pair_mining.js";

// File access (loadFile, readCountFiles, …) is Node-only and lives in "grampack/node".
