/**
 * Dense tall blocks (n×k, row-major Float64Array, k small) as the randomized SVD needs them: orthonormal
 * columns by modified Gram-Schmidt, and products with small k×k matrices.
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
 * Makes the k columns of the row-major n×k block orthonormal in place (modified Gram-Schmidt, each
 * projection done twice since once loses orthogonality when columns are nearly dependent). A column
 * dependent on the ones before it becomes zero, so a block wider than the matrix's rank stays exact.
 * `scratch` holds n·k numbers: the columns are worked on contiguously, transposed.
 */
export function orthonormalizeColumns(block: Float64Array, n: number, k: number, scratch: Float64Array): void {
  transpose(block, n, k, scratch);
  for (let j = 0; j < k; j++) {
    const cj = j * n;
    const before = norm(scratch, cj, n);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) subtractProjection(scratch, i * n, cj, n);
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

/** Column at `to` minus its projection on the unit (or zero) column at `from`. */
function subtractProjection(a: Float64Array, from: number, to: number, n: number): void {
  const d = dot(a, from, to, n);
  if (d === 0) return;
  for (let r = 0; r < n; r++) a[to + r] -= d * a[from + r];
}

/** out (k×k) = aᵀ·a for the row-major n×k block a. */
export function gram(a: Float64Array, n: number, k: number, out: Float64Array): void {
  out.fill(0, 0, k * k);
  for (let r = 0; r < n; r++) {
    const o = r * k;
    for (let i = 0; i < k; i++) {
      const v = a[o + i];
      if (v === 0) continue;
      for (let j = i; j < k; j++) out[i * k + j] += v * a[o + j];
    }
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) out[i * k + j] = out[j * k + i];
}

/** out (n×m) = a (n×k) · b (k×m, row-major), using only b's first m columns of its `bCols`. */
export function multiplySmall(a: Float64Array, n: number, k: number, b: Float64Array, bCols: number, m: number, out: Float64Array): void {
  out.fill(0, 0, n * m);
  for (let r = 0; r < n; r++) {
    const ao = r * k;
    const o = r * m;
    for (let i = 0; i < k; i++) {
      const v = a[ao + i];
      if (v === 0) continue;
      const bo = i * bCols;
      for (let j = 0; j < m; j++) out[o + j] += v * b[bo + j];
    }
  }
}
