// The query kernels of grampack, compiled to one WebAssembly module (npm run build: scripts/build_kernels.mjs).
// Structures live in linear memory; JavaScript writes their descriptors (layout.ts) and calls these with
// integer arguments: offsets, indexes, hash halves.
export { setScratch, setWordCache } from "./scratch";
export { select, rank1, compactGet, compactDecode } from "./select";
export { select64, bitsGet, nextOneAt, initTables } from "./words";
export { efStoreAccess, efStoreNextGEQ, efAccess, efDiff, efNextGEQ, efFind, efCursorEnter, efCursorReset, efCursorNext, efCursorIndex } from "./elias_fano";
export { upAccess, upFind, upCursorReset, upCursorNext } from "./uniform_partitioned";
export { peAccess, peNextGEQ, peFind, peCursorReset, peCursorNext, peCursorIndex } from "./partitioned";
export { seqAccess, seqCursorReset, seqCursorNext, cursorBytes } from "./sequences";
export { mphfLookup, hashTuple, hashUtf8 } from "./hashing";
export { vocabularyLookup, textIds, trieCountText, hashCountText, scoreLineText, cacheBytes } from "./text";
export { vocabularyProbe, wordRange, childRange, find, child, storedId, locate, trieCount, hashedFind, hashCount, walk, scoreWord, beginSentence, scoreSentence, logValueAt } from "./ngram";

/** Where the module's own static data ends: JavaScript allocates above it. */
export function heapBase(): usize {
  return __heap_base;
}
