/**
 * Dense tall blocks (n×k, row-major Float64Array, k small) as the randomized SVD needs them: orthonormal
 * columns by classical Gram-Schmidt done twice, Gram matrices, and products with small k×k matrices.
 */

/** Columns whose norm fell below this share of their norm before projection are taken as dependent. */
const DEPENDENT_COLUMN = 1e-10;

/** Row-major rows×cols → row-major cols×rows. */
export function transpose(a: Float64Array, rows: number, cols: number, out: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = a[o + c];
  }
}

/**
 * Makes the k columns of the row-major n×k block orthonormal in place, by classical Gram-Schmidt done twice
 * per column (CGS2: the second pass restores the orthogonality the first loses when columns are nearly
 * dependent, to rounding, as modified Gram-Schmidt twice would). Classical rather than modified because
 * all of a column's coefficients are known before it changes, so four earlier columns are handled per
 * sweep over it. A column dependent on the ones before it becomes zero, so a block wider than the matrix's
 * rank stays exact. `scratch` holds n·k numbers: the columns are worked on contiguously, transposed.
 */
export function orthonormalizeColumns(block: Float64Array, n: number, k: number, scratch: Float64Array): void {
  transpose(block, n, k, scratch);
  const coefficients = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const cj = j * n;
    const before = norm(scratch, cj, n);
    for (let pass = 0; pass < 2; pass++) {
      projections(scratch, n, j, coefficients);
      subtractProjections(scratch, n, j, coefficients);
    }
    const after = norm(scratch, cj, n);
    const scale = after > DEPENDENT_COLUMN * before && after > 0 ? 1 / after : 0;
    for (let r = 0; r < n; r++) scratch[cj + r] *= scale;
  }
  transpose(scratch, k, n, block);
}

function norm(a: Float64Array, at: number, n: number): number {
  return Math.sqrt(dot(a, at, at, n));
}

/**
 * Dot product of the columns at `x` and `y`, with four accumulators: one would chain every addition on
 * the one before, and latency, not arithmetic, would set the pace.
 */
function dot(a: Float64Array, x: number, y: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n4 = n & ~3;
  let r = 0;
  for (; r < n4; r += 4) {
    s0 += a[x + r] * a[y + r];
    s1 += a[x + r + 1] * a[y + r + 1];
    s2 += a[x + r + 2] * a[y + r + 2];
    s3 += a[x + r + 3] * a[y + r + 3];
  }
  for (; r < n; r++) s0 += a[x + r] * a[y + r];
  return s0 + s1 + s2 + s3;
}

/** out[i] = (column i)·(column j) for the columns i < j of the transposed block a, four columns per sweep. */
function projections(a: Float64Array, n: number, j: number, out: Float64Array): void {
  const cj = j * n;
  let i = 0;
  for (; i + 4 <= j; i += 4) {
    const c0 = i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let r = 0; r < n; r++) {
      const y = a[cj + r];
      s0 += a[c0 + r] * y;
      s1 += a[c1 + r] * y;
      s2 += a[c2 + r] * y;
      s3 += a[c3 + r] * y;
    }
    out[i] = s0;
    out[i + 1] = s1;
    out[i + 2] = s2;
    out[i + 3] = s3;
  }
  for (; i < j; i++) out[i] = dot(a, i * n, cj, n);
}

/** Column j minus Σ coefficients[i]·(column i) over i < j, four columns per sweep over column j. */
function subtractProjections(a: Float64Array, n: number, j: number, coefficients: Float64Array): void {
  const cj = j * n;
  let i = 0;
  for (; i + 4 <= j; i += 4) {
    const c0 = i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
    const d0 = coefficients[i], d1 = coefficients[i + 1], d2 = coefficients[i + 2], d3 = coefficients[i + 3];
    for (let r = 0; r < n; r++) a[cj + r] -= d0 * a[c0 + r] + d1 * a[c1 + r] + (d2 * a[c2 + r] + d3 * a[c3 + r]);
  }
  for (; i < j; i++) {
    const ci = i * n;
    const d = coefficients[i];
    for (let r = 0; r < n; r++) a[cj + r] -= d * a[ci + r];
  }
}

/** out (k×k) = aᵀ·a for the row-major n×k block a, four rows per sweep over the output. */
export function gram(a: Float64Array, n: number, k: number, out: Float64Array): void {
  out.fill(0, 0, k * k);
  let r = 0;
  for (; r + 4 <= n; r += 4) {
    const o0 = r * k, o1 = o0 + k, o2 = o1 + k, o3 = o2 + k;
    for (let i = 0; i < k; i++) {
      const v0 = a[o0 + i], v1 = a[o1 + i], v2 = a[o2 + i], v3 = a[o3 + i];
      const row = i * k;
      for (let j = i; j < k; j++) out[row + j] += v0 * a[o0 + j] + v1 * a[o1 + j] + (v2 * a[o2 + j] + v3 * a[o3 + j]);
    }
  }
  for (; r < n; r++) {
    const o = r * k;
    for (let i = 0; i < k; i++) {
      const v = a[o + i];
      for (let j = i; j < k; j++) out[i * k + j] += v * a[o + j];
    }
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) out[i * k + j] = out[j * k + i];
}

/**
 * out (n×m) = a (n×k) · b (k×m, row-major), using only b's first m columns of its `bCols`; four rows of b
 * per sweep over an output row.
 */
export function multiplySmall(a: Float64Array, n: number, k: number, b: Float64Array, bCols: number, m: number, out: Float64Array): void {
  out.fill(0, 0, n * m);
  for (let r = 0; r < n; r++) {
    const ao = r * k;
    const o = r * m;
    let i = 0;
    for (; i + 4 <= k; i += 4) {
      const v0 = a[ao + i], v1 = a[ao + i + 1], v2 = a[ao + i + 2], v3 = a[ao + i + 3];
      const b0 = i * bCols, b1 = b0 + bCols, b2 = b1 + bCols, b3 = b2 + bCols;
      for (let j = 0; j < m; j++) out[o + j] += v0 * b[b0 + j] + v1 * b[b1 + j] + (v2 * b[b2 + j] + v3 * b[b3 + j]);
    }
    for (; i < k; i++) {
      const v = a[ao + i];
      const bo = i * bCols;
      for (let j = 0; j < m; j++) out[o + j] += v * b[bo + j];
    }
  }
}
