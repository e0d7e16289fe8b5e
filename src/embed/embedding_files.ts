import { readFileBytes, readFileToHeap, writeFileAtomic, writePiecesAtomic } from "../io/files.js";
import { InputError } from "../io/errors.js";
import { forEachLine } from "../io/lines.js";
import { EmbeddingStore } from "./embedding_store.js";
import { npyToFloat32, readNpy, writeNpy } from "./npy.js";
import { readWord2vecBinary, readWordVectorsText, type LabelledVectors } from "./word_vector_files.js";

/** "npy" (NumPy), "word2vec-bin", or "text" (word2vec text or GloVe). */
export type VectorFormat = "npy" | "word2vec-bin" | "text";

export interface ImportOptions {
  /** Default: by extension (.npy, .bin), else text. */
  format?: VectorFormat;
  /** For .npy: a file of one label per line (default: the row numbers). */
  labels?: string;
  quantize?: boolean;
}

export function vectorFormatOf(path: string): VectorFormat {
  if (/\.npy$/i.test(path)) return "npy";
  return /\.bin$/i.test(path) ? "word2vec-bin" : "text";
}

/** Labelled vectors from a file as LLM pipelines, word2vec or GloVe write them, into a store. */
export async function importEmbeddings(path: string, options: ImportOptions = {}): Promise<EmbeddingStore> {
  const v = await readVectors(path, options);
  return EmbeddingStore.build(v.vectors, v.dim, v.labels, options.quantize ?? false);
}

async function readVectors(path: string, options: ImportOptions): Promise<LabelledVectors> {
  const format = options.format ?? vectorFormatOf(path);
  if (format === "text") return readWordVectorsText(path);
  if (format === "word2vec-bin") return readWord2vecBinary(readFileBytes(path), path);
  const m = readNpy(readFileBytes(path), path);
  const labels = options.labels === undefined ? Array.from({ length: m.rows }, (_, i) => String(i)) : await readLabels(options.labels);
  if (labels.length !== m.rows) throw new InputError(options.labels ?? path, 0, `${labels.length} labels for ${m.rows} vectors`);
  return { labels, dim: m.cols, vectors: npyToFloat32(m) };
}

async function readLabels(path: string): Promise<string[]> {
  const labels: string[] = [];
  await forEachLine(path, (line) => void labels.push(line));
  return labels;
}

/** The store's vectors as a float32 .npy file, and optionally its labels one per line. */
export function exportNpy(store: EmbeddingStore, path: string, labelsPath?: string): void {
  writeFileAtomic(path, writeNpy({ rows: store.count, cols: store.dim, dtype: "float32", littleEndian: true, data: store.allVectors() }));
  if (labelsPath !== undefined) writeFileAtomic(labelsPath, Array.from({ length: store.count }, (_, i) => `${store.label(i)}\n`).join(""));
}

export function loadEmbeddings(path: string): EmbeddingStore {
  return EmbeddingStore.fromBytes(readFileToHeap(path), { source: path });
}

export function saveEmbeddings(store: EmbeddingStore, path: string): void {
  writePiecesAtomic(path, store.container().pieces());
}
