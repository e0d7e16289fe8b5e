/**
 * Byte offsets of the fields of every structure's descriptor: a small record in linear memory through which
 * the kernels reach a structure's arrays. Shared by the kernels (AssemblyScript) and the structures
 * (TypeScript) that write the descriptors, so that both read one layout. Fields are 32-bit (pointers,
 * counts) unless named *_F64 (8-byte aligned doubles).
 */

/** Tags at offset 0 of every sequence descriptor, for the kernels that take any sequence. */
export const TAG = 0;
export const TAG_EF = 1;
export const TAG_UPEF = 2;
export const TAG_PEF = 3;
export const TAG_IC = 4;
export const TAG_PSEF = 5;
export const TAG_PSPEF = 6;
export const TAG_CV = 7;

/** DArray: select over the ones or the zeros of a bit vector. */
export const DA_WORDS = 0;
export const DA_NWORDS = 4;
export const DA_FLIP = 8;
export const DA_COUNT = 12;
export const DA_BLOCKS = 16;
export const DA_SUBS = 20;
export const DA_OVERFLOW = 24;
export const DA_LENGTH = 28;
export const DA_BYTES = 32;

/** RankIndex. */
export const RI_WORDS = 0;
export const RI_COUNTS = 4;
export const RI_LENGTH = 8;
export const RI_BYTES = 16;

/** CompactVector (tagged: also a sequence). */
export const CV_WORDS = 4;
export const CV_LENGTH = 8;
export const CV_WIDTH = 12;
export const CV_BYTES = 16;

/** EliasFanoStore: high bits with select over ones (and zeros), low bits. */
export const ES_ONES = 0;
export const ES_ZEROS = 4;
export const ES_HIGH = 8;
export const ES_HIGH_BITS = 12;
export const ES_LOW = 16;
export const ES_LOW_BITS = 20;
export const ES_BYTES = 24;

/** EliasFano: one segment at (0, 0, 0) of its store. */
export const EF_STORE = 4;
export const EF_LENGTH = 8;
export const EF_L = 12;
export const EF_UNIVERSE_F64 = 16;
export const EF_LAST_F64 = 24;
export const EF_BYTES = 32;

/** UniformPartitionedEliasFano. */
export const UP_LENGTH = 4;
export const UP_DATA = 8;
export const UP_DATA_BITS = 12;
export const UP_BASES = 16;
export const UP_OFFSETS = 20;
export const UP_PARTITIONS = 24;
export const UP_BYTES = 32;

/** PartitionedEliasFano. */
export const PE_LENGTH = 4;
export const PE_LASTS = 8;
export const PE_ENDS = 12;
export const PE_KINDS = 16;
export const PE_OFFSETS = 20;
export const PE_LOW_OFFSETS = 24;
export const PE_RANKS = 28;
export const PE_EFS = 32;
export const PE_BITMAPS = 36;
export const PE_BITMAP_RANKS = 40;
export const PE_BITMAP_SELECT = 44;
export const PE_UNIVERSE_F64 = 48;
export const PE_LAST_F64 = 56;
export const PE_BYTES = 64;

/** IndexedCodewords. */
export const IC_CODEWORDS = 4;
export const IC_MARKS = 8;
export const IC_MARKS_BITS = 12;
export const IC_STARTS = 16;
export const IC_LENGTH = 20;
export const IC_BYTES = 24;

/** PrefixSummedEliasFano / PrefixSummedPartitionedEliasFano: the sums, a sequence of their own. */
export const PS_SUMS = 4;
export const PS_LENGTH = 8;
export const PS_BYTES = 16;

/** MinimalPerfectHash. */
export const MP_SIZE = 0;
export const MP_SEED_MUL = 4;
export const MP_PARTS = 8;
export const MP_PILOTS = 12;
export const MP_REMAP = 16;
export const MP_NPARTS = 20;
export const MP_PART_SCALE_F64 = 24;
export const MP_BYTES = 32;

/** WordList: UTF-8 bytes back to back and their offsets (an EliasFano). */
export const WL_BYTES = 0;
export const WL_OFFSETS = 4;
export const WL_SIZE = 8;
export const WL_BYTES_SIZE = 16;

/** Vocabulary. */
export const VO_MPHF = 0;
export const VO_IDS = 4;
export const VO_WORDS = 8;
export const VO_SIZE = 12;
/** A number no other vocabulary of the process has: what the word cache keys entries by. */
export const VO_SERIAL = 16;
export const VO_BYTES = 24;

/** TrieLevels: per level k, its gram sequence at GRAMS + 4(k − 2) and its pointers at POINTERS + 4(k − 1). */
export const TL_ORDER = 0;
export const TL_REMAPPING = 4;
export const TL_GRAMS = 8;
export const TL_POINTERS = 12;
export const TL_BYTES = 16;

/** LogValues: a float32 table and a compact vector of indexes into it. */
export const LV_TABLE = 0;
export const LV_INDEX = 4;
export const LV_TABLE_LENGTH = 8;
export const LV_BYTES = 16;

/** One order of a hashed model: perfect hash, fingerprints (1 or 2 words per slot), ranks (count models). */
export const HL_MPHF = 0;
export const HL_FINGERPRINTS = 4;
export const HL_FP_WORDS = 8;
export const HL_LENGTH = 12;
export const HL_RANKS = 16;
export const HL_BYTES = 24;

/** A count model: per order k (1-based) its rank sequence at RANKS + 4(k − 1), its counts (a CV) likewise. */
export const CM_ORDER = 0;
export const CM_LEVELS = 4;
export const CM_VOCABULARY = 8;
export const CM_RANKS = 12;
export const CM_COUNTS = 16;
export const CM_HASHED = 20;
export const CM_BYTES = 24;

/**
 * A back-off model: trie (LEVELS a TrieLevels) or hash (LEVELS an array of HL per order from 2), per order
 * its probabilities and backoffs (LogValues), the ID and log10 probability of OOV words.
 */
export const BM_ORDER = 0;
export const BM_HASHED = 4;
export const BM_LEVELS = 8;
export const BM_PROBS = 12;
export const BM_BACKOFFS = 16;
export const BM_UNK_ID = 20;
export const BM_BOS_ID = 24;
export const BM_UNK_PROB_F64 = 32;
export const BM_BYTES = 40;

/** Scratch record of an instance (its second results), at the address `scratch()` returns. */
export const SCRATCH_VALUE_F64 = 0;
export const SCRATCH_END = 8;
export const SCRATCH_BASE_F64 = 16;
export const SCRATCH_A = 24;
export const SCRATCH_B = 28;
export const SCRATCH_BYTES = 64;
/** The select-in-byte table of an instance (words.ts initTables). */
export const SELECT_TABLE_BYTES = 256 * 8;
