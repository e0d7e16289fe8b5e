import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EmbeddingStore } from "../../src/embed/embedding_store.js";
import { exportNpy, importEmbeddings, loadEmbeddings, saveEmbeddings } from "../../src/embed/embedding_files.js";
import { readFileBytes } from "../../src/io/files.js";
import { Random } from "../helpers/random.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs();

function randomVectors(random: Random, n: number, d: number): Float32Array {
  return Float32Array.from({ length: n * d }, () => random.next() * 2 - 1);
}

/** Cosine top-k by sorting every score. */
function bruteForce(v: Float32Array, d: number, q: Float32Array, k: number, skip: number): { id: number; s: number }[] {
  const n = v.length / d;
  const norm = (a: Float32Array, at: number) => Math.sqrt(Array.from(a.subarray(at, at + d)).reduce((s, x) => s + x * x, 0));
  const scores = [];
  for (let i = 0; i < n; i++) {
    if (i === skip) continue;
    let dot = 0;
    for (let j = 0; j < d; j++) dot += v[i * d + j] * q[j];
    scores.push({ id: i, s: dot / (norm(v, i * d) * norm(q, 0)) });
  }
  return scores.sort((a, b) => b.s - a.s || a.id - b.id).slice(0, k);
}

describe("EmbeddingStore", () => {
  const random = new Random(12);
  const n = 300;
  const d = 17;
  const vectors = randomVectors(random, n, d);
  const labels = Array.from({ length: n }, (_, i) => `w${i}`);

  it("finds the exact cosine top-k, by id, by vector and in batches", () => {
    const store = EmbeddingStore.build(vectors, d, labels);
    for (const id of [0, 63, 64, 299]) {
      const expected = bruteForce(vectors, d, vectors.subarray(id * d, (id + 1) * d), 10, id);
      const got = store.neighbors(id, 10);
      expect(Array.from(got.ids)).toEqual(expected.map((e) => e.id));
      got.scores.forEach((s, i) => expect(s).toBeCloseTo(expected[i].s, 5));
    }
    const queries = randomVectors(random, 5, d);
    const batch = store.neighborsBatch(queries, 5, 7);
    batch.forEach((r, q) => expect(Array.from(r.ids)).toEqual(bruteForce(vectors, d, queries.subarray(q * d, (q + 1) * d), 7, -1).map((e) => e.id)));
    expect(store.neighbors(3, 1000).ids.length).toBe(n - 1);
    expect(store.idOf("w42")).toBe(42);
    expect(store.idOf("nope")).toBe(-1);
  });

  it("quantizes to 8 bits with cosines within 0.01", () => {
    const store = EmbeddingStore.build(vectors, d, labels, true);
    expect(store.quantized).toBe(true);
    const expected = bruteForce(vectors, d, vectors.subarray(0, d), 10, 0);
    const got = store.neighbors(0, 10);
    got.scores.forEach((s, i) => expect(Math.abs(s - expected[i].s)).toBeLessThan(0.01));
  });

  it("round-trips through its container file, float32 and 8-bit", () => {
    const dir = tempDir();
    for (const quantize of [false, true]) {
      const store = EmbeddingStore.build(vectors, d, labels, quantize);
      saveEmbeddings(store, join(dir, "e.gpk"));
      const back = loadEmbeddings(join(dir, "e.gpk"));
      expect([back.count, back.dim, back.quantized, back.label(7)]).toEqual([n, d, quantize, "w7"]);
      expect(Array.from(back.allVectors())).toEqual(Array.from(store.allVectors()));
      expect(Array.from(back.neighbors(5, 4).ids)).toEqual(Array.from(store.neighbors(5, 4).ids));
    }
  });

  it("handles an empty store and zero vectors", () => {
    expect(EmbeddingStore.build(new Float32Array(0), 4, []).neighbors(new Float32Array(4), 3).ids.length).toBe(0);
    const store = EmbeddingStore.build(new Float32Array([0, 0, 1, 0]), 2, ["zero", "x"]);
    expect(Array.from(store.neighbors(1, 1).ids)).toEqual([0]);
    expect(store.neighbors(1, 1).scores[0]).toBe(0);
  });
});

describe("embedding files", () => {
  it("imports word2vec text, GloVe text and word2vec binary alike", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "w2v.txt"), "2 3\ncat 1 2 3\ndog -1 0.5 2e-1\n");
    writeFileSync(join(dir, "glove.txt"), "cat 1 2 3\ndog -1 0.5 2e-1\n");
    const body = new Float32Array([1, 2, 3, -1, 0.5, 0.2]);
    const bin = Buffer.concat([Buffer.from("2 3\ncat "), Buffer.from(body.buffer, 0, 12), Buffer.from("\ndog "), Buffer.from(body.buffer, 12, 12), Buffer.from("\n")]);
    writeFileSync(join(dir, "w2v.bin"), bin);
    for (const name of ["w2v.txt", "glove.txt", "w2v.bin"]) {
      const store = await importEmbeddings(join(dir, name));
      expect([store.count, store.dim, store.label(1)]).toEqual([2, 3, "dog"]);
      expect(Array.from(store.vector(1))).toEqual(Array.from(body.subarray(3)));
    }
  });

  it("refuses ragged rows and non-numbers with file and line", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "ragged.txt"), "cat 1 2 3\ndog 1 2\n");
    await expect(importEmbeddings(join(dir, "ragged.txt"))).rejects.toThrow(/ragged\.txt:2: expected a word and 3 numbers, got 3 fields/);
    writeFileSync(join(dir, "nan.txt"), "cat 1 x 3\n");
    await expect(importEmbeddings(join(dir, "nan.txt"))).rejects.toThrow(/nan\.txt:1: value 2 is "x", expected a number/);
  });

  it("exports .npy that imports back to the same vectors, with labels", async () => {
    const dir = tempDir();
    const store = EmbeddingStore.build(new Float32Array([1, 2, 3, 4, 5, 6]), 3, ["a", "b"]);
    exportNpy(store, join(dir, "e.npy"), join(dir, "labels.txt"));
    const back = await importEmbeddings(join(dir, "e.npy"), { labels: join(dir, "labels.txt") });
    expect([back.label(1), Array.from(back.allVectors())]).toEqual(["b", [1, 2, 3, 4, 5, 6]]);
    expect(readFileBytes(join(dir, "e.npy")).length % 64).toBe((3 * 2 * 4) % 64);
  });
});
