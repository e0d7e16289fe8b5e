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
  // Matrix rows are the graph's rows that met a token: both in token order.
  const { graphRows, matrixRowOf, maxDegree } = metRows(graph);
  const n = graphRows.length;
  const tokenIds = new Uint32Array(n);
  const rowStarts = new Uint32Array(n + 1);
  const columns = new Uint32Array(graph.entries);
  const values = new Float64Array(graph.entries);
  const list = new Uint32Array(maxDegree);
  let at = 0;
  for (let r = 0; r < n; r++) {
    const row = graphRows[r];
    tokenIds[r] = graph.tokenOf(row);
    const degree = graph.rowNeighbors(row, list);
    const start = graph.rowEntryStart(row);
    for (let j = 0; j < degree; j++) {
      columns[at] = matrixRowOf[list[j]];
      values[at++] = graph.countAt(start + j);
    }
    rowStarts[r + 1] = at;
  }
  return { counts: new CsrMatrix(n, n, rowStarts, columns, values), tokenIds };
}

/** The graph's rows with a neighbour, and the matrix row of each graph row (−1: none). */
function metRows(graph: CoocGraph): { graphRows: Uint32Array; matrixRowOf: Int32Array; maxDegree: number } {
  const matrixRowOf = new Int32Array(graph.rows).fill(-1);
  const rows: number[] = [];
  let maxDegree = 0;
  for (let row = 0; row < graph.rows; row++) {
    const degree = graph.rowDegree(row);
    if (degree === 0) continue;
    matrixRowOf[row] = rows.length;
    rows.push(row);
    maxDegree = Math.max(maxDegree, degree);
  }
  return { graphRows: Uint32Array.from(rows), matrixRowOf, maxDegree };
}
