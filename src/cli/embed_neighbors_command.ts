import { intArg, parse, UsageError } from "./command.js";
import { loadEmbeddings } from "../embed/embedding_files.js";
import type { EmbeddingStore } from "../embed/embedding_store.js";

export const EMBED_NEIGHBORS_USAGE = `grampack embed neighbors [--k K] [--json] EMB QUERY…
  The K (default 10) nearest vectors by cosine to each QUERY: a label, or #N for vector N. All queries are
  answered in one pass over the store.`;

export function embedNeighbors(argv: string[]): void {
  const { values, positionals } = parse(argv, { k: { type: "string" }, json: { type: "boolean" } }, { min: 2 });
  const k = intArg(values.k, "--k", 10);
  if (k < 1) throw new UsageError(`--k must be at least 1, got ${k}`);
  const path = positionals[0];
  const store = loadEmbeddings(path);
  const queries = positionals.slice(1);
  const ids = queries.map((q) => queryId(store, q, path));
  const vectors = new Float32Array(ids.length * store.dim);
  ids.forEach((id, q) => store.vector(id, vectors.subarray(q * store.dim, (q + 1) * store.dim)));
  const results = store.neighborsBatch(vectors, ids.length, k, ids);
  results.forEach((r, q) => {
    const hits = Array.from(r.ids, (id, i) => ({ label: store.label(id), id, cosine: Number(r.scores[i].toFixed(6)) }));
    if (values.json) console.log(JSON.stringify({ query: queries[q], neighbors: hits }));
    else console.log(`${queries[q]}: ${hits.map((h) => `${h.label} ${h.cosine.toFixed(3)}`).join(", ")}`);
  });
}

/** The vector a query names; an unknown one is a data error (status 1), not a usage error. */
function queryId(store: EmbeddingStore, query: string, path: string): number {
  const byNumber = /^#(\d+)$/.exec(query);
  const id = byNumber ? Number(byNumber[1]) : store.idOf(query);
  if (id < 0 || id >= store.count) {
    throw new Error(byNumber ? `no vector ${query} in ${path} (it holds ${store.count}, #0 to #${store.count - 1})` : `"${query}" is not a label of ${path}`);
  }
  return id;
}
