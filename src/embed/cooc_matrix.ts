import type { CoocGraph } from "../cooc/cooc_graph.js";
import { CsrMatrix } from "./csr_matrix.js";

/** Counts over the tokens a graph met, and the token id of each row (and column). */
export interface CoocCounts {
  counts: CsrMatrix;
  tokenIds: Uint32Array;
}

/**
 * The co-occurrence counts of a graph of the co-occurrence module as a square CSR matrix over the tokens
 * that met another one (a vocabulary of 150k ids of which 40k occur gives a 40k-row matrix): entry (a, b)
 * is the number of windows a and b shared (1 per pair for an unweighted graph). Lists come in increasing
 * id order, and rows are numbered in id order, so rows come out sorted.
 */
export function coocCountMatrix(graph: CoocGraph): CoocCounts {
  const { tokenIds, rowOf, maxDegree } = metTokens(graph);
  const n = tokenIds.length;
  const rowStarts = new Uint32Array(n + 1);
  const columns = new Uint32Array(graph.entries);
  const values = new Float64Array(graph.entries);
  const row = new Uint32Array(maxDegree);
  let at = 0;
  for (let r = 0; r < n; r++) {
    const a = tokenIds[r];
    const degree = graph.neighbors(a, row);
    const start = graph.entryStart(a);
    for (let j = 0; j < degree; j++) {
      columns[at] = rowOf[row[j]];
      values[at++] = graph.countAt(start + j);
    }
    rowStarts[r + 1] = at;
  }
  return { counts: new CsrMatrix(n, n, rowStarts, columns, values), tokenIds };
}

function metTokens(graph: CoocGraph): { tokenIds: Uint32Array; rowOf: Int32Array; maxDegree: number } {
  const rowOf = new Int32Array(graph.universe).fill(-1);
  const ids: number[] = [];
  let maxDegree = 0;
  for (let a = 0; a < graph.universe; a++) {
    const degree = graph.degree(a);
    if (degree === 0) continue;
    rowOf[a] = ids.length;
    ids.push(a);
    maxDegree = Math.max(maxDegree, degree);
  }
  return { tokenIds: Uint32Array.from(ids), rowOf, maxDegree };
}
