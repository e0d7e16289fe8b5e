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

  /** Aᵀ in CSR form, by counting the entries of each column. */
  transpose(): CsrMatrix {
    const starts = new Uint32Array(this.cols + 1);
    for (let p = 0; p < this.nonZeros; p++) starts[this.columns[p] + 1]++;
    for (let c = 0; c < this.cols; c++) starts[c + 1] += starts[c];
    const fill = starts.slice(0, this.cols);
    const columns = new Uint32Array(this.nonZeros);
    const values = new Float64Array(this.nonZeros);
    for (let r = 0; r < this.rows; r++) {
      for (let p = this.rowStarts[r]; p < this.rowStarts[r + 1]; p++) {
        const at = fill[this.columns[p]]++;
        columns[at] = r;
        values[at] = this.values[p];
      }
    }
    return new CsrMatrix(this.cols, this.rows, starts, columns, values);
  }
}

/**
 * Rows [begin, end) of out = A·x for A given by its CSR arrays: each entry adds a scaled row of x to the
 * output row, unrolled by four (V8 does not vectorize; the unrolled loop overlaps the multiply-adds). Both
 * the sequential product and the worker threads of ParallelCsrProduct run this.
 */
export function multiplyRows(rowStarts: Uint32Array, columns: Uint32Array, values: Float64Array, x: Float64Array, k: number, out: Float64Array, begin: number, end: number): void {
  out.fill(0, begin * k, end * k);
  const k4 = k & ~3;
  for (let r = begin; r < end; r++) {
    const o = r * k;
    const stop = rowStarts[r + 1];
    for (let p = rowStarts[r]; p < stop; p++) {
      const v = values[p];
      const xo = columns[p] * k;
      let j = 0;
      for (; j < k4; j += 4) {
        out[o + j] += v * x[xo + j];
        out[o + j + 1] += v * x[xo + j + 1];
        out[o + j + 2] += v * x[xo + j + 2];
        out[o + j + 3] += v * x[xo + j + 3];
      }
      for (; j < k; j++) out[o + j] += v * x[xo + j];
    }
  }
}
