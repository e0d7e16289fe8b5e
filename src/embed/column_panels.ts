import { addScaledRows, type CsrMatrix } from "./csr_matrix.js";

/**
 * Column panels for the product of a CSR matrix with a dense row-major block x (cols×k): the columns are
 * cut into ranges narrow enough that the rows of x one range selects stay in a core's cache, and the
 * product runs range by range, each over a chunk of rows. A product that gathers rows of x from all over
 * a block larger than the caches waits on memory: on the 33k×33k PPMI matrix of the bench, with 110
 * columns of float64 (29 MB), one product took 9–10 s of CPU without panels and 5–6 s with 8 to 56 of
 * them (the differences within that range were below the noise of a shared machine).
 *
 * Columns are sorted within each row, so a row's entries in one panel are contiguous and the index only
 * records, for each row, where each of its panels starts: row r's entries in panel b are at
 * [starts[r·(count + 1) + b], starts[r·(count + 1) + b + 1]).
 */
export interface ColumnPanels {
  count: number;
  starts: Uint32Array;
}

/**
 * Bytes of x that one panel selects at most: about a core's L2 cache. Narrower panels leave each row
 * fewer entries per panel, and the last few of a panel are added one by one (see addScaledRows).
 */
const PANEL_BYTES = 1 << 20;

/**
 * Fewest entries a row should have per panel on average: below that the index costs more than the cache
 * saves (and would outgrow the matrix for very sparse ones).
 */
const MIN_ENTRIES_PER_PANEL = 16;

/** How many panels a product with blocks of up to maxWidth float64 columns should use (1: none). */
export function panelCount(matrix: CsrMatrix, maxWidth: number): number {
  const columnsPerPanel = Math.max(1, Math.floor(PANEL_BYTES / (8 * Math.max(1, maxWidth))));
  const wanted = Math.ceil(matrix.cols / columnsPerPanel);
  const affordable = Math.floor(matrix.nonZeros / (Math.max(1, matrix.rows) * MIN_ENTRIES_PER_PANEL));
  return Math.max(1, Math.min(wanted, affordable));
}

/**
 * The index of `count` panels of equal width over the matrix's columns, in `target` when given (it must
 * hold rows·(count + 1) numbers: ParallelCsrProduct passes shared memory).
 */
export function columnPanels(matrix: CsrMatrix, count: number, target?: Uint32Array): ColumnPanels {
  const { rows, rowStarts, columns } = matrix;
  const width = Math.ceil(matrix.cols / count);
  const stride = count + 1;
  const starts = target ?? new Uint32Array(rows * stride);
  if (starts.length < rows * stride) throw new RangeError(`the panel index needs ${rows * stride} numbers, got ${starts.length}`);
  for (let r = 0; r < rows; r++) {
    const stop = rowStarts[r + 1];
    let p = rowStarts[r];
    for (let b = 0; b < count; b++) {
      starts[r * stride + b] = p;
      const limit = (b + 1) * width;
      while (p < stop && columns[p] < limit) p++;
    }
    starts[r * stride + count] = stop;
  }
  return { count, starts };
}

/**
 * Rows [begin, end) of out = A·x, panel after panel. Each row sums its panels in panel order whatever
 * rows are around it, so chunks of rows computed on different threads give the same bits as one thread.
 */
export function multiplyPanels(panels: ColumnPanels, columns: Uint32Array, values: Float64Array, x: Float64Array, k: number, out: Float64Array, begin: number, end: number): void {
  out.fill(0, begin * k, end * k);
  const { count, starts } = panels;
  const stride = count + 1;
  for (let b = 0; b < count; b++) {
    for (let r = begin; r < end; r++) {
      const at = r * stride + b;
      addScaledRows(columns, values, x, k, out, r * k, starts[at], starts[at + 1]);
    }
  }
}
