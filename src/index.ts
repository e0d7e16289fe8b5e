/**
 * grampack's public API. Everything here works in Node and in browsers: the structures load from any Uint8Array with no
 * copy. File access is in "grampack/node" (src/node.ts).
 */

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
export { InputError } from "./io/errors.js";

// File access (loadFile, readCountFiles, …) is Node-only and lives in "grampack/node".
