/**
 * Eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi method: rotations zero the
 * off-diagonal entries one at a time until they are negligible. Slow for large matrices but exact to
 * rounding and deterministic, which is what the (d + p)×(d + p) problem of the randomized SVD needs.
 */
export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** Row-major k×k: column j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
}

const MAX_SWEEPS = 100;

export function symmetricEigen(matrix: Float64Array, k: number): SymmetricEigen {
  const a = Float64Array.from(matrix.subarray(0, k * k));
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS && offDiagonal(a, k) > 1e-30 * diagonal(a, k); sweep++) {
    for (let p = 0; p < k - 1; p++) for (let q = p + 1; q < k; q++) rotate(a, v, k, p, q);
  }
  return sortDescending(a, v, k);
}

function offDiagonal(a: Float64Array, k: number): number {
  let s = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (i !== j) s += a[i * k + j] * a[i * k + j];
  return s;
}

function diagonal(a: Float64Array, k: number): number {
  let s = 0;
  for (let i = 0; i < k; i++) s += a[i * k + i] * a[i * k + i];
  return s;
}

/** The rotation in the (p, q) plane that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.5.1). */
function rotate(a: Float64Array, v: Float64Array, k: number, p: number, q: number): void {
  const apq = a[p * k + q];
  if (apq === 0) return;
  const theta = (a[q * k + q] - a[p * k + p]) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let i = 0; i < k; i++) {
    const aip = a[i * k + p];
    const aiq = a[i * k + q];
    a[i * k + p] = c * aip - s * aiq;
    a[i * k + q] = s * aip + c * aiq;
  }
  for (let j = 0; j < k; j++) {
    const apj = a[p * k + j];
    const aqj = a[q * k + j];
    a[p * k + j] = c * apj - s * aqj;
    a[q * k + j] = s * apj + c * aqj;
  }
  for (let i = 0; i < k; i++) {
    const vip = v[i * k + p];
    const viq = v[i * k + q];
    v[i * k + p] = c * vip - s * viq;
    v[i * k + q] = s * vip + c * viq;
  }
}

function sortDescending(a: Float64Array, v: Float64Array, k: number): SymmetricEigen {
  const order = Array.from({ length: k }, (_, i) => i).sort((x, y) => a[y * k + y] - a[x * k + x]);
  const values = new Float64Array(k);
  const vectors = new Float64Array(k * k);
  order.forEach((from, to) => {
    values[to] = a[from * k + from];
    for (let i = 0; i < k; i++) vectors[i * k + to] = v[i * k + from];
  });
  return { values, vectors };
}
