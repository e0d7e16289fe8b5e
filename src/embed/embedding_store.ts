import { Container, ContainerWriter, type LoadOptions } from "../container/container.js";
import { Labels } from "./labels.js";
import { TopKHeap } from "./top_k_heap.js";

export const EMBEDDINGS_KIND = "embeddings";
/** Stored vectors scanned per block: a block of 100-dimensional vectors stays in cache across a batch. */
const BLOCK_ROWS = 64;
const INT8_MAX = 127;

export interface Neighbors {
  ids: Uint32Array;
  /** Cosine similarities, best first. */
  scores: Float64Array;
}

/**
 * n labelled vectors of d dimensions, float32 or 8-bit scalar-quantized (per vector: codes in −127..127
 * and a scale max|x|/127), with exact cosine search. Per vector one factor is kept, 1/‖stored row‖, so a
 * cosine is one dot product of the normalized query with the stored row times it. Codes are stored as a
 * Uint8Array section (the container has no int8 accessor) and viewed as Int8Array on load.
 */
export class EmbeddingStore {
  constructor(
    readonly count: number,
    readonly dim: number,
    /** n×d, or empty when quantized. */
    readonly floats: Float32Array,
    /** n×d codes, or empty when not quantized. */
    readonly codes: Int8Array,
    /** Dequantizing scale per vector (empty when not quantized). */
    readonly scales: Float32Array,
    /** Per vector: the factor that turns a dot product with a unit query into a cosine (0 for a zero vector). */
    readonly factors: Float32Array,
    readonly labels: Labels,
  ) {
    if (labels.length !== count) throw new RangeError(`${count} vectors but ${labels.length} labels`);
  }

  get quantized(): boolean {
    return this.codes.length > 0 || (this.count > 0 && this.floats.length === 0);
  }

  /** From n×d float32 vectors; `quantize` stores them as 8-bit codes instead. */
  static build(vectors: Float32Array, dim: number, labels: readonly string[], quantize = false): EmbeddingStore {
    const count = labels.length;
    if (vectors.length !== count * dim) throw new RangeError(`expected ${count}×${dim} numbers, got ${vectors.length}`);
    const factors = new Float32Array(count);
    if (!quantize) {
      for (let i = 0; i < count; i++) factors[i] = inverseNorm(vectors, i * dim, dim, 1);
      return new EmbeddingStore(count, dim, vectors, new Int8Array(0), new Float32Array(0), factors, Labels.fromStrings(labels));
    }
    const codes = new Int8Array(count * dim);
    const scales = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      scales[i] = quantizeRow(vectors, codes, i * dim, dim);
      // The scale cancels out of a cosine: only the codes' norm matters.
      factors[i] = inverseNorm(codes, i * dim, dim, 1);
    }
    return new EmbeddingStore(count, dim, new Float32Array(0), codes, scales, factors, Labels.fromStrings(labels));
  }

  label(i: number): string {
    return this.labels.get(i);
  }

  /** Index of a label, or −1. */
  idOf(label: string): number {
    return this.labels.indexOf(label);
  }

  /** Vector i (dequantized when stored as codes) into `out`. */
  vector(i: number, out: Float32Array = new Float32Array(this.dim)): Float32Array {
    const o = i * this.dim;
    if (!this.quantized) out.set(this.floats.subarray(o, o + this.dim));
    else for (let j = 0; j < this.dim; j++) out[j] = this.codes[o + j] * this.scales[i];
    return out;
  }

  /** Every vector as float32, n×d (a copy when quantized). */
  allVectors(): Float32Array {
    if (!this.quantized) return this.floats;
    const out = new Float32Array(this.count * this.dim);
    for (let i = 0; i < this.count; i++) this.vector(i, out.subarray(i * this.dim, (i + 1) * this.dim));
    return out;
  }

  /** The k most cosine-similar vectors to vector `id` (itself left out) or to a query vector. */
  neighbors(query: number | Float32Array, k: number): Neighbors {
    const isId = typeof query === "number";
    if (isId && !(Number.isInteger(query) && query >= 0 && query < this.count)) throw new RangeError(`no vector ${query} (the store holds ${this.count})`);
    const vector = isId ? this.vector(query) : query;
    return this.neighborsBatch(vector, 1, k, isId ? [query] : undefined)[0];
  }

  /**
   * Top-k for `queryCount` row-major queries at once: the store is scanned once, block by block, each
   * block scored against every query while it is in cache. `exclude[q]` (an id) is left out of query q's
   * results, as a vector is always its own nearest neighbour.
   */
  neighborsBatch(queries: Float32Array, queryCount: number, k: number, exclude?: readonly number[]): Neighbors[] {
    const d = this.dim;
    if (queries.length !== queryCount * d) throw new RangeError(`expected ${queryCount} queries of ${d} numbers, got ${queries.length} numbers`);
    const units = new Float64Array(queryCount * d);
    for (let q = 0; q < queryCount; q++) {
      const f = inverseNorm(queries, q * d, d, 1);
      for (let j = 0; j < d; j++) units[q * d + j] = queries[q * d + j] * f;
    }
    const heaps = Array.from({ length: queryCount }, () => new TopKHeap(Math.min(k, this.count)));
    const skip = Int32Array.from(exclude ?? new Array<number>(queryCount).fill(-1));
    const quantized = this.quantized;
    for (let start = 0; start < this.count; start += BLOCK_ROWS) {
      const end = Math.min(start + BLOCK_ROWS, this.count);
      for (let q = 0; q < queryCount; q++) {
        if (quantized) scoreCodeBlock(this.codes, this.factors, units, q * d, d, start, end, skip[q], heaps[q]);
        else scoreFloatBlock(this.floats, this.factors, units, q * d, d, start, end, skip[q], heaps[q]);
      }
    }
    return heaps.map((h) => h.drain());
  }

  sizeInBits(): number {
    const bytes = this.floats.byteLength + this.codes.byteLength + this.scales.byteLength + this.factors.byteLength;
    return 8 * bytes + this.labels.sizeInBits();
  }

  write(out: ContainerWriter, name: string): void {
    out.addScalars(`${name}.meta`, [this.count, this.dim, this.quantized ? 1 : 0]);
    if (this.quantized) {
      out.add(`${name}.codes`, new Uint8Array(this.codes.buffer, this.codes.byteOffset, this.codes.length));
      out.add(`${name}.scales`, this.scales);
    } else {
      out.add(`${name}.floats`, this.floats);
    }
    out.add(`${name}.factors`, this.factors);
    this.labels.write(out, `${name}.labels`);
  }

  /**
   * Refused unless vectors, scales, factors and labels hold `count` entries each (factors finite); with
   * `c.verifying`, unless every stored number is finite.
   */
  static read(c: Container, name: string): EmbeddingStore {
    const meta = c.meta(`${name}.meta`, 3);
    const count = c.whole(`${name}.meta`, "the number of vectors", meta[0], 0, 0xffffffff);
    const dim = c.whole(`${name}.meta`, "the dimension", meta[1], 1, 0xffffffff);
    const quantized = c.whole(`${name}.meta`, "the quantization flag", meta[2], 0, 1) === 1;
    const floats = quantized ? new Float32Array(0) : c.f32(`${name}.floats`);
    const codeBytes = quantized ? c.u8(`${name}.codes`) : new Uint8Array(0);
    const codes = new Int8Array(codeBytes.buffer, codeBytes.byteOffset, codeBytes.length);
    const scales = quantized ? c.f32(`${name}.scales`) : new Float32Array(0);
    const stored = quantized ? codes.length : floats.length;
    const vectors = `${name}.${quantized ? "codes" : "floats"}`;
    if (stored !== count * dim) c.fail(vectors, `holds ${stored} numbers, ${count} vectors of ${dim} need ${count * dim}`);
    if (quantized && scales.length !== count) c.fail(`${name}.scales`, `holds ${scales.length} scales for ${count} vectors`);
    const factors = c.f32(`${name}.factors`);
    if (factors.length !== count) c.fail(`${name}.factors`, `holds ${factors.length} factors for ${count} vectors`);
    const finite = (a: Float32Array, section: string) => {
      for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) c.fail(section, `number ${i} is ${a[i]}`);
    };
    finite(factors, `${name}.factors`);
    finite(scales, `${name}.scales`);
    if (c.verifying) finite(floats, vectors);
    const labels = Labels.read(c, `${name}.labels`);
    if (labels.length !== count) c.fail(`${name}.labels.ends`, `holds ${labels.length} labels for ${count} vectors`);
    return new EmbeddingStore(count, dim, floats, codes, scales, factors, labels);
  }

  /** The file's sections, ready to be written piece by piece (`writePiecesAtomic`) or joined. */
  container(): ContainerWriter {
    const out = new ContainerWriter(EMBEDDINGS_KIND);
    this.write(out, "store");
    return out;
  }

  toBytes(): Uint8Array {
    return this.container().toBytes();
  }

  /** Views over `bytes` (no copy); `source` names the file in errors. */
  static fromBytes(bytes: Uint8Array, options: Omit<LoadOptions, "kind"> = {}): EmbeddingStore {
    const c = Container.from(bytes, { ...options, kind: EMBEDDINGS_KIND });
    const store = EmbeddingStore.read(c, "store");
    c.finish();
    return store;
  }
}

/** 1/‖row‖ (times `scale`), 0 for a zero row. */
function inverseNorm(a: ArrayLike<number>, at: number, d: number, scale: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += a[at + j] * a[at + j];
  return s > 0 ? scale / Math.sqrt(s) : 0;
}

/** Codes of one row into `codes`; returns its scale. */
function quantizeRow(vectors: Float32Array, codes: Int8Array, at: number, d: number): number {
  let max = 0;
  for (let j = 0; j < d; j++) max = Math.max(max, Math.abs(vectors[at + j]));
  if (max === 0) return 0;
  const scale = max / INT8_MAX;
  for (let j = 0; j < d; j++) codes[at + j] = Math.round(vectors[at + j] / scale);
  return scale;
}

/**
 * Scores stored rows [start, end) against one unit query into the heap. One copy per element type keeps
 * each monomorphic; four accumulators let the loop overlap its multiply-adds.
 */
function scoreFloatBlock(rows: Float32Array, factors: Float32Array, units: Float64Array, qo: number, d: number, start: number, end: number, skip: number, heap: TopKHeap): void {
  const d4 = d & ~3;
  for (let i = start; i < end; i++) {
    const o = i * d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (; j < d4; j += 4) {
      s0 += units[qo + j] * rows[o + j];
      s1 += units[qo + j + 1] * rows[o + j + 1];
      s2 += units[qo + j + 2] * rows[o + j + 2];
      s3 += units[qo + j + 3] * rows[o + j + 3];
    }
    for (; j < d; j++) s0 += units[qo + j] * rows[o + j];
    const score = (s0 + s1 + s2 + s3) * factors[i];
    if (score >= heap.threshold && i !== skip) heap.offer(i, score);
  }
}

function scoreCodeBlock(rows: Int8Array, factors: Float32Array, units: Float64Array, qo: number, d: number, start: number, end: number, skip: number, heap: TopKHeap): void {
  const d4 = d & ~3;
  for (let i = start; i < end; i++) {
    const o = i * d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (; j < d4; j += 4) {
      s0 += units[qo + j] * rows[o + j];
      s1 += units[qo + j + 1] * rows[o + j + 1];
      s2 += units[qo + j + 2] * rows[o + j + 2];
      s3 += units[qo + j + 3] * rows[o + j + 3];
    }
    for (; j < d; j++) s0 += units[qo + j] * rows[o + j];
    const score = (s0 + s1 + s2 + s3) * factors[i];
    if (score >= heap.threshold && i !== skip) heap.offer(i, score);
  }
}
