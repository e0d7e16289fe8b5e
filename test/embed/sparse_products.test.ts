import { describe, expect, it } from "vitest";
import { CsrMatrix } from "../../src/embed/csr_matrix.js";
import { columnPanels, multiplyPanels, panelCount } from "../../src/embed/column_panels.js";
import { ParallelCsrProduct } from "../../src/embed/parallel_csr.js";
import { Random } from "../helpers/random.js";
import { toDense } from "./dense_oracle.js";

/** A rows×cols matrix with each entry present with probability `density`, values in [−1, 1). */
function randomSparse(random: Random, rows: number, cols: number, density: number): CsrMatrix {
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (random.next() < density) r.push(i), c.push(j), v.push(random.next() * 2 - 1);
  return CsrMatrix.fromTriples(rows, cols, r, c, v);
}

function randomBlock(random: Random, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => random.next() * 2 - 1);
}

/** out = A·x over the dense form of A, entry by entry. */
function denseProduct(a: CsrMatrix, x: Float64Array, k: number): Float64Array {
  const dense = toDense(a);
  const out = new Float64Array(a.rows * k);
  for (let r = 0; r < a.rows; r++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let c = 0; c < a.cols; c++) s += dense[r * a.cols + c] * x[c * k + j];
      out[r * k + j] = s;
    }
  }
  return out;
}

function expectClose(got: Float64Array, expected: Float64Array): void {
  expect(got.length).toBe(expected.length);
  for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - expected[i])).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(expected[i])));
}

describe("column panels", () => {
  it("index, for every row and panel, the entries whose columns fall in the panel", () => {
    const a = randomSparse(new Random(1), 40, 57, 0.3);
    for (const count of [1, 2, 5, 57, 80]) {
      const { starts } = columnPanels(a, count);
      const width = Math.ceil(a.cols / count);
      for (let r = 0; r < a.rows; r++) {
        for (let b = 0; b < count; b++) {
          for (let p = a.rowStarts[r]; p < a.rowStarts[r + 1]; p++) {
            const inside = p >= starts[r * (count + 1) + b] && p < starts[r * (count + 1) + b + 1];
            expect(inside).toBe(Math.floor(a.columns[p] / width) === b);
          }
        }
      }
    }
  });

  it("give the product, for any number of panels, block width and row range", () => {
    const random = new Random(2);
    // Dense rows make segments of every length around the groups of eight entries.
    for (const [rows, cols, density] of [[30, 45, 0.9], [50, 20, 0.2], [7, 100, 0.05]] as const) {
      const a = randomSparse(random, rows, cols, density);
      for (const k of [1, 3, 8, 13]) {
        const x = randomBlock(random, cols * k);
        const expected = denseProduct(a, x, k);
        for (const count of [1, 3, 11, cols]) {
          const panels = columnPanels(a, count);
          const out = new Float64Array(rows * k).fill(Number.NaN);
          const middle = Math.floor(rows / 3);
          multiplyPanels(panels, a.columns, a.values, x, k, out, middle, rows);
          multiplyPanels(panels, a.columns, a.values, x, k, out, 0, middle);
          expectClose(out, expected);
        }
      }
    }
  });

  it("are used only where rows have entries enough", () => {
    const sparse = randomSparse(new Random(3), 200, 200, 0.01);
    expect(panelCount(sparse, 110)).toBe(1);
    const empty = new CsrMatrix(0, 0, new Uint32Array(1), new Uint32Array(0), new Float64Array(0));
    expect(panelCount(empty, 110)).toBe(1);
  });
});

describe("CsrMatrix products and transpose", () => {
  it("multiply equals the dense product, rows of every length", () => {
    const random = new Random(4);
    const a = randomSparse(random, 25, 40, 0.5);
    const x = randomBlock(random, 40 * 6);
    const out = new Float64Array(25 * 6);
    a.multiply(x, 6, out);
    expectClose(out, denseProduct(a, x, 6));
  });

  it("transpose equals the dense transpose across column bands, empty rows and columns included", () => {
    const random = new Random(5);
    const rows = 30;
    const cols = 5000;
    const a = randomSparse(random, rows, cols, 0.02);
    const t = a.transpose();
    expect([t.rows, t.cols, t.nonZeros]).toEqual([cols, rows, a.nonZeros]);
    const dense = toDense(a);
    const denseT = toDense(t);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) expect(denseT[c * rows + r]).toBe(dense[r * cols + c]);
    for (let r = 0; r < t.rows; r++) for (let p = t.rowStarts[r] + 1; p < t.rowStarts[r + 1]; p++) expect(t.columns[p]).toBeGreaterThan(t.columns[p - 1]);
  });

  it("transpose(true) gives the same matrix in shared memory", () => {
    const a = randomSparse(new Random(7), 20, 30, 0.3);
    const plain = a.transpose();
    const shared = a.transpose(true);
    expect(shared.columns.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.values.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(shared.rowStarts)).toEqual(Array.from(plain.rowStarts));
    expect(Array.from(shared.columns)).toEqual(Array.from(plain.columns));
    expect(Array.from(shared.values)).toEqual(Array.from(plain.values));
  });
});

describe("ParallelCsrProduct on one thread", () => {
  it("gives the dense product with panels and chunks, and the same bits as a one-panel product row by row when panels are 1", () => {
    const random = new Random(6);
    const a = randomSparse(random, 60, 70, 0.4);
    const k = 9;
    const x = randomBlock(random, 70 * k);
    const expected = denseProduct(a, x, k);
    for (const panels of [1, 4, 70]) {
      const product = new ParallelCsrProduct(a, 1, k, panels);
      const out = new Float64Array(60 * k);
      product.multiply(x, k, out);
      product.close();
      expectClose(out, expected);
      if (panels === 1) {
        const plain = new Float64Array(60 * k);
        a.multiply(x, k, plain);
        expect(Array.from(out)).toEqual(Array.from(plain));
      }
    }
  });

  it("handles a matrix without rows or entries", () => {
    const zero = new CsrMatrix(3, 4, new Uint32Array(4), new Uint32Array(0), new Float64Array(0));
    const product = new ParallelCsrProduct(zero, 1, 2);
    const out = new Float64Array(6).fill(7);
    product.multiply(new Float64Array(8).fill(1), 2, out);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
    const none = new ParallelCsrProduct(new CsrMatrix(0, 4, new Uint32Array(1), new Uint32Array(0), new Float64Array(0)), 1, 2);
    none.multiply(new Float64Array(8), 2, new Float64Array(0));
  });
});

describe("ParallelCsrProduct whose worker threads cannot start", () => {
  it("refuses the product after the start timeout instead of waiting forever", () => {
    // Under the test runner the modules are TypeScript sources, so the compiled worker script is absent.
    const a = new CsrMatrix(2, 2, Uint32Array.of(0, 1, 2), Uint32Array.of(0, 1), Float64Array.of(1, 2));
    const product = new ParallelCsrProduct(a, 2, 1, undefined, { startTimeoutMs: 300 });
    expect(() => product.multiply(Float64Array.of(1, 1), 1, new Float64Array(2))).toThrow(/1 of 1 worker threads did not start within 300 ms/);
    product.close();
  });
});
