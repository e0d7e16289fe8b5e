import { Container, type LoadOptions } from "../container/container.js";
import { readFileToHeap } from "../io/files.js";
import { COUNT_MODEL_KINDS, load, type CountModel } from "../ngram/model.js";
import { PROB_MODEL_KINDS, loadBackoffModel } from "../ngram/load_backoff_model.js";
import type { BackoffModel } from "../ngram/backoff_model.js";
import { COOC_KIND, CoocModel } from "../cooc/cooc_file.js";
import { SUBSTRING_INDEX_KIND, SubstringIndex } from "../dedup/substring_index.js";
import { EMBEDDINGS_KIND, EmbeddingStore } from "../embed/embedding_store.js";

/** Any file grampack writes, loaded by the kind its header names. */
export type OpenedFile =
  | { kind: string; type: "count"; model: CountModel }
  | { kind: string; type: "prob"; model: BackoffModel }
  | { kind: string; type: "cooc"; model: CoocModel }
  | { kind: string; type: "sa"; index: SubstringIndex }
  | { kind: string; type: "emb"; store: EmbeddingStore };

/** Loads the grampack file at `path`, whatever its kind; a file of no known kind is refused. */
export function openFile(path: string, options: Omit<LoadOptions, "kind" | "source"> = {}): OpenedFile {
  const bytes = readFileToHeap(path);
  const o = { ...options, source: path };
  // The header names the kind; reading it alone (no CRC yet) picks the loader, which checks everything.
  const kind = Container.from(bytes, { checksum: false, source: path }).kind;
  if (COUNT_MODEL_KINDS.includes(kind)) return { kind, type: "count", model: load(bytes, o) };
  if (PROB_MODEL_KINDS.includes(kind)) return { kind, type: "prob", model: loadBackoffModel(bytes, o) };
  if (kind === COOC_KIND) return { kind, type: "cooc", model: CoocModel.fromBytes(bytes, o) };
  if (kind === SUBSTRING_INDEX_KIND) return { kind, type: "sa", index: SubstringIndex.fromBytes(bytes, o) };
  if (kind === EMBEDDINGS_KIND) return { kind, type: "emb", store: EmbeddingStore.fromBytes(bytes, o) };
  throw new Error(`${path}: a grampack file of kind "${kind}", which this version does not know`);
}
