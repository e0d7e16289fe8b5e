import { parse, UsageError } from "./command.js";
import { importEmbeddings, saveEmbeddings, type VectorFormat } from "../embed/embedding_files.js";

export const EMBED_IMPORT_USAGE = `grampack embed import [options] --out EMB FILE
  Vectors from a NumPy .npy (2-D float16/32/64, as np.save writes them), word2vec binary (.bin) or
  word2vec / GloVe text file, into an embedding store.
  --format F            npy, word2vec-bin or text (default: by extension)
  --labels FILE         for .npy: one label per line (default: the row numbers)
  --quantize            store 8-bit codes instead of float32`;

const FORMATS: readonly VectorFormat[] = ["npy", "word2vec-bin", "text"];

export async function embedImport(argv: string[]): Promise<void> {
  const { values, positionals } = parse(
    argv,
    { out: { type: "string" }, format: { type: "string" }, labels: { type: "string" }, quantize: { type: "boolean" } },
    { min: 1, max: 1 },
  );
  if (!values.out) throw new UsageError("--out is required");
  const format = values.format as VectorFormat | undefined;
  if (format !== undefined && !FORMATS.includes(format)) throw new UsageError(`--format must be ${FORMATS.join(", ")}, got "${format}"`);
  const store = await importEmbeddings(positionals[0], { format, labels: values.labels, quantize: values.quantize });
  saveEmbeddings(store, values.out);
  console.log(`${store.count} vectors of ${store.dim} dimensions${store.quantized ? " (8-bit)" : ""} → ${values.out}`);
}
