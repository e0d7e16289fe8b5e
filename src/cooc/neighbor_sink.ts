/**
 * Receives the neighbour lists of tokens in increasing token order: `ids[0, n)` in increasing order and,
 * for weighted lists, `counts[i]`, the number of windows in which the token met ids[i] (without weights
 * counts are not filled); `windows` is the number of windows that hold the token. The arrays are reused
 * after the call returns.
 */
export interface NeighborSink {
  addList(token: number, ids: Uint32Array, counts: Uint32Array, n: number, windows: number): void;
}
