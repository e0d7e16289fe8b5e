import { intArg, parse, UsageError } from "./command.js";
import { loadEmbeddings } from "../embed/embedding_files.js";
import { SpelledLabels } from "../embed/label_spelling.js";

export const EMBED_NEIGHBORS_USAGE = `grampack embed neighbors [--k K] [--json] EMB QUERY…
  The K (default 10) nearest vectors by cosine to each QUERY. All queries are answered in one pass over
  the store. Labels of a store trained on tokenizer output are token strings, shown as the text they
  stand for ("Ġchurch" and "▁church" as " church", as grampack cooc shows tokens). A QUERY is, first match:
  #N (vector N); the label shown as " QUERY" (so church finds Ġchurch, the word after a space); the label
  QUERY as stored (Ġchurch); the label shown as QUERY. --json gives each vector's id, "label" (the text
  shown) and "token" (the label as stored).`;

interface Shown {
  id: number;
  label: string;
  token: string;
}

export function embedNeighbors(argv: string[]): void {
  const { values, positionals } = parse(argv, { k: { type: "string" }, json: { type: "boolean" } }, { min: 2 });
  const k = intArg(values.k, "--k", 10);
  if (k < 1) throw new UsageError(`--k must be at least 1, got ${k}`);
  const path = positionals[0];
  const store = loadEmbeddings(path);
  const labels = new SpelledLabels(store);
  const shown = (id: number): Shown => ({ id, label: labels.text(id), token: store.label(id) });
  const queries = positionals.slice(1);
  const ids = queries.map((q) => {
    const id = labels.find(q);
    if (id >= 0) return id;
    throw new Error(/^#\d+$/.test(q) ? `no vector ${q} in ${path} (it holds ${store.count}, #0 to #${store.count - 1})` : `"${q}" is not a label of ${path}`);
  });
  const vectors = new Float32Array(ids.length * store.dim);
  ids.forEach((id, q) => store.vector(id, vectors.subarray(q * store.dim, (q + 1) * store.dim)));
  const results = store.neighborsBatch(vectors, ids.length, k, ids);
  results.forEach((r, q) => {
    const hits = Array.from(r.ids, (id, i) => ({ ...shown(id), cosine: Number(r.scores[i].toFixed(6)) }));
    if (values.json) console.log(JSON.stringify({ query: queries[q], ...shown(ids[q]), neighbors: hits }));
    else console.log(`${queries[q]}${matched(queries[q], shown(ids[q]))}: ${hits.map((h) => `${quoted(h.label)} ${h.cosine.toFixed(3)}`).join(", ")}`);
  });
}

/** " → \" church\"" when the query found a vector shown otherwise than the query itself. */
function matched(query: string, vector: Shown): string {
  return vector.label === query ? "" : ` → ${quoted(vector.label)}`;
}

/** A label as it is, or in JSON quotes when spaces at its ends, commas, quotes or control characters would blur the list. */
function quoted(label: string): string {
  return label.length > 0 && /^[^\s,"\\\p{Cc}](?:[^,"\\\p{Cc}]*[^\s,"\\\p{Cc}])?$/u.test(label) ? label : JSON.stringify(label);
}
