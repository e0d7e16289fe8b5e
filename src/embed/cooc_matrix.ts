import type { CoocGraph } from "../cooc/cooc_graph.js";
import { CsrMatrix } from "./csr_matrix.js";

/**
 * The co-occurrence counts of a graph of the co-occurrence module as a square CSR matrix over token ids:
 * entry (a, b) is the number of windows a and b shared (1 per pair for an unweighted graph). Lists are
 * stored in increasing order, so rows come out sorted.
 */
export function coocCountMatrix(graph: CoocGraph): CsrMatrix {
  const n = graph.universe;
  const rowStarts = new Uint32Array(n + 1);
  const columns = new Uint32Array(graph.entries);
  const values = new Float64Array(graph.entries);
  const row = new Uint32Array(maxDegree(graph));
  let at = 0;
  for (let a = 0; a < n; a++) {
    const degree = graph.neighbors(a, row);
    const start = graph.entryStart(a);
    for (let j = 0; j < degree; j++) {
      columns[at] = row[j];
      values[at++] = graph.countAt(start + j);
    }
    rowStarts[a + 1] = at;
  }
  return new CsrMatrix(n, n, rowStarts, columns, values);
}

function maxDegree(graph: CoocGraph): number {
  let max = 0;
  for (let a = 0; a < graph.universe; a++) max = Math.max(max, graph.degree(a));
  return max;
}
