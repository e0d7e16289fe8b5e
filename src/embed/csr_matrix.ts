/**
 * A sparse matrix in compressed sparse row form: row r holds the entries at positions
 * [rowStarts[r], rowStarts[r + 1]) of `columns` and `values`, columns increasing within a row. Dense blocks
 * it multiplies are row-major n×k Float64Arrays, so each sparse entry scales one contiguous row of k numbers.
 * Products with Aᵀ go through transpose(), so every product gathers rows and none scatters.
 */
export class CsrMatrix {
  readonly nonZeros: number;

  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly rowStarts: Uint32Array,
    readonly columns: Uint32Array,
    readonly values: Float64Array,
  ) {
    if (rowStarts.length !== rows + 1) throw new RangeError(`rowStarts must hold rows + 1 = ${rows + 1} offsets, got ${rowStarts.length}`);
    this.nonZeros = rowStarts[rows];
    if (columns.length < this.nonZeros || values.length < this.nonZeros) throw new RangeError("columns and values must hold every entry");
  }

  /**
   * From (row, column, value) triples in any order; entries at the same place are added up. Meant for
   * tests and small inputs: it sorts a permutation of the triples.
   */
  static fromTriples(rows: number, cols: number, r: ArrayLike<number>, c: ArrayLike<number>, v: ArrayLike<number>): CsrMatrix {
    const order = Array.from({ length: r.length }, (_, i) => i).sort((a, b) => r[a] - r[b] || c[a] - c[b]);
    const rowStarts = new Uint32Array(rows + 1);
    const columns: number[] = [];
    const values: number[] = [];
    let lastRow = -1;
    let lastCol = -1;
    for (const i of order) {
      if (r[i] < 0 || r[i] >= rows || c[i] < 0 || c[i] >= cols) throw new RangeError(`entry (${r[i]}, ${c[i]}) outside ${rows}×${cols}`);
      if (r[i] === lastRow && c[i] === lastCol) {
        values[values.length - 1] += v[i];
        continue;
      }
      columns.push(c[i]);
      values.push(v[i]);
      rowStarts[r[i] + 1]++;
      lastRow = r[i];
      lastCol = c[i];
    }
    for (let i = 0; i < rows; i++) rowStarts[i + 1] += rowStarts[i];
    return new CsrMatrix(rows, cols, rowStarts, Uint32Array.from(columns), Float64Array.from(values));
  }

  /** out (rows×k) = A · x, x being cols×k, both row-major. */
  multiply(x: Float64Array, k: number, out: Float64Array): void {
    multiplyRows(this.rowStarts, this.columns, this.values, x, k, out, 0, this.rows);
  }

  /** Sum of each row's values. */
  rowSums(): Float64Array {
    const sums = new Float64Array(this.rows);
    for (let r = 0; r < this.rows; r++) {
      let s = 0;
      for (let p = this.rowStarts[r]; p < this.rowStarts[r + 1]; p++) s += this.values[p];
      sums[r] = s;
    }
    return sums;
  }

  /** Sum of each column's values. */
  columnSums(): Float64Array {
    const sums = new Float64Array(this.cols);
    for (let p = 0; p < this.nonZeros; p++) sums[this.columns[p]] += this.values[p];
    return sums;
  }

  /**
   * Aᵀ in CSR form, by counting the entries of each column. Entries are moved one band of columns at a
   * time (a cursor per row remembers where the band starts, columns being sorted within rows), so the
   * writes of a band land in one stretch of the result instead of all over it. `shared` puts the result
   * in shared memory, where ParallelCsrProduct's workers can read it without a copy.
   */
  transpose(shared = false): CsrMatrix {
    const starts = new Uint32Array(this.cols + 1);
    for (let p = 0; p < this.nonZeros; p++) starts[this.columns[p] + 1]++;
    for (let c = 0; c < this.cols; c++) starts[c + 1] += starts[c];
    const fill = starts.slice(0, this.cols);
    const cursor = this.rowStarts.slice(0, this.rows);
    const columns = new Uint32Array(shared ? new SharedArrayBuffer(4 * this.nonZeros) : new ArrayBuffer(4 * this.nonZeros));
    const values = new Float64Array(shared ? new SharedArrayBuffer(8 * this.nonZeros) : new ArrayBuffer(8 * this.nonZeros));
    for (let band = 0; band < this.cols; band += TRANSPOSE_BAND) {
      const limit = band + TRANSPOSE_BAND;
      for (let r = 0; r < this.rows; r++) {
        const stop = this.rowStarts[r + 1];
        let p = cursor[r];
        for (; p < stop && this.columns[p] < limit; p++) {
          const at = fill[this.columns[p]]++;
          columns[at] = r;
          values[at] = this.values[p];
        }
        cursor[r] = p;
      }
    }
    return new CsrMatrix(this.cols, this.rows, starts, columns, values);
  }
}

/** Columns moved together by transpose(): few enough that their write positions stay in cache. */
const TRANSPOSE_BAND = 2048;

/**
 * Rows [begin, end) of out = A·x for A given by its CSR arrays, row by row. The sequential product runs
 * this; ParallelCsrProduct cuts the rows by column panels first (column_panels.ts).
 */
export function multiplyRows(rowStarts: Uint32Array, columns: Uint32Array, values: Float64Array, x: Float64Array, k: number, out: Float64Array, begin: number, end: number): void {
  out.fill(0, begin * k, end * k);
  for (let r = begin; r < end; r++) addScaledRows(columns, values, x, k, out, r * k, rowStarts[r], rowStarts[r + 1]);
}

/**
 * out[o, o + k) += Σ values[p]·x[columns[p]·k, +k) over the entries p in [begin, end). Entries are taken
 * eight at a time, so each pass over the output row loads and stores it once for eight multiply-adds
 * instead of one (V8 does not vectorize, and those loads and stores, not the arithmetic, set the pace);
 * the eight products are added pairwise so that they do not wait on each other. Four, then one at a time
 * for the last few.
 */
export function addScaledRows(columns: Uint32Array, values: Float64Array, x: Float64Array, k: number, out: Float64Array, o: number, begin: number, end: number): void {
  let p = begin;
  for (; p + 8 <= end; p += 8) {
    const v0 = values[p], v1 = values[p + 1], v2 = values[p + 2], v3 = values[p + 3];
    const v4 = values[p + 4], v5 = values[p + 5], v6 = values[p + 6], v7 = values[p + 7];
    const x0 = columns[p] * k, x1 = columns[p + 1] * k, x2 = columns[p + 2] * k, x3 = columns[p + 3] * k;
    const x4 = columns[p + 4] * k, x5 = columns[p + 5] * k, x6 = columns[p + 6] * k, x7 = columns[p + 7] * k;
    for (let j = 0; j < k; j++) {
      out[o + j] += v0 * x[x0 + j] + v1 * x[x1 + j] + (v2 * x[x2 + j] + v3 * x[x3 + j]) + (v4 * x[x4 + j] + v5 * x[x5 + j] + (v6 * x[x6 + j] + v7 * x[x7 + j]));
    }
  }
  if (p + 4 <= end) {
    const v0 = values[p], v1 = values[p + 1], v2 = values[p + 2], v3 = values[p + 3];
    const x0 = columns[p] * k, x1 = columns[p + 1] * k, x2 = columns[p + 2] * k, x3 = columns[p + 3] * k;
    for (let j = 0; j < k; j++) out[o + j] += v0 * x[x0 + j] + v1 * x[x1 + j] + (v2 * x[x2 + j] + v3 * x[x3 + j]);
    p += 4;
  }
  for (; p < end; p++) {
    const v = values[p];
    const xo = columns[p] * k;
    for (let j = 0; j < k; j++) out[o + j] += v * x[xo + j];
  }
}
