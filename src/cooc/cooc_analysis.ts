import type { CoocGraph } from "./cooc_graph.js";
import type { CoocModel } from "./cooc_file.js";

/*
 * Questions asked of a co-occurrence graph, answered as plain objects (what `grampack cooc … --json`
 * prints). Token texts are left to the caller, who may have a tokenizer.
 */

export interface DegreeBucket {
  /** Degrees in [min, max]. */
  min: number;
  max: number;
  tokens: number;
}

export interface CoocStats {
  /** Distinct tokens that met at least one other. */
  tokens: number;
  /** Unordered pairs {a, b}, a ≠ b, that met. */
  distinct_pairs: number;
  /** 2 × distinct_pairs: each pair is listed under both its tokens. */
  directed_entries: number;
  average_degree: number;
  max_degree: number;
  /** Tokens by degree, in power-of-two buckets 1, 2–3, 4–7, …; empty buckets left out. */
  degree_histogram: DegreeBucket[];
  windows: number;
  weighted: boolean;
  bytes: number;
}

export function coocStats(model: CoocModel): CoocStats {
  const g = model.graph;
  const buckets: number[] = [];
  let tokens = 0;
  let maxDegree = 0;
  for (let row = 0; row < g.rows; row++) {
    const d = g.rowDegree(row);
    if (d === 0) continue;
    tokens++;
    if (d > maxDegree) maxDegree = d;
    const bucket = 31 - Math.clz32(d);
    while (buckets.length <= bucket) buckets.push(0);
    buckets[bucket]++;
  }
  const histogram: DegreeBucket[] = [];
  buckets.forEach((n, b) => {
    if (n > 0) histogram.push({ min: 2 ** b, max: 2 ** (b + 1) - 1, tokens: n });
  });
  return {
    tokens,
    distinct_pairs: g.entries / 2,
    directed_entries: g.entries,
    average_degree: tokens === 0 ? 0 : g.entries / tokens,
    max_degree: maxDegree,
    degree_histogram: histogram,
    windows: model.settings.windows,
    weighted: g.weighted,
    bytes: Math.ceil(g.sizeInBits() / 8),
  };
}

/**
 * `id` when it is a token id of the graph (0 ≤ id < universe); otherwise an Error saying so, naming
 * `source` (the file the graph came from, when the caller knows it).
 */
export function checkTokenId(graph: CoocGraph, id: number, source = "the co-occurrence graph"): number {
  if (Number.isInteger(id) && id >= 0 && id < graph.universe) return id;
  if (graph.universe === 0) throw new Error(`token id ${id}: ${source} holds no tokens`);
  throw new Error(`token id ${id} is outside 0..${graph.universe - 1} of ${source}`);
}

export interface Neighbor {
  id: number;
  /** Windows the two tokens shared (1 for an unweighted graph: they met). */
  count: number;
  /** Pointwise mutual information of the two tokens over windows (weighted graphs). */
  pmi?: number;
}

export type NeighborOrder = "id" | "count" | "pmi";

/**
 * The neighbours of a token: all of them, or the first k in the chosen order (by id; by count or PMI,
 * highest first, on weighted graphs).
 */
export function neighborsOf(model: CoocModel, token: number, order: NeighborOrder = "id", k = Infinity): Neighbor[] {
  const g = model.graph;
  if (order !== "id" && !g.weighted) throw new Error(`ordering neighbours by ${order} needs a weighted graph (build with --weighted)`);
  checkTokenId(g, token);
  const n = g.degree(token);
  if (n === 0) return [];
  const ids = new Uint32Array(n);
  g.neighbors(token, ids);
  const start = g.entryStart(token);
  const list: Neighbor[] = [];
  for (let j = 0; j < n; j++) {
    const item: Neighbor = { id: ids[j], count: g.countAt(start + j) };
    if (g.weighted) item.pmi = pmi(g, model.settings.windows, token, ids[j], item.count);
    list.push(item);
  }
  if (order === "count") list.sort((x, y) => y.count - x.count || x.id - y.id);
  if (order === "pmi") list.sort((x, y) => y.pmi! - x.pmi! || x.id - y.id);
  return list.slice(0, k);
}

/** log( P(a, b) / (P(a) P(b)) ) with probabilities over windows. */
function pmi(g: CoocGraph, windows: number, a: number, b: number, count: number): number {
  return Math.log((count * windows) / (g.windowsOf(a) * g.windowsOf(b)));
}

export interface ConnectedToken {
  id: number;
  degree: number;
}

/** The k tokens with the most distinct neighbours (ties by id). */
export function mostConnected(graph: CoocGraph, k: number): ConnectedToken[] {
  const all: ConnectedToken[] = [];
  for (let row = 0; row < graph.rows; row++) {
    const d = graph.rowDegree(row);
    if (d > 0) all.push({ id: graph.tokenOf(row), degree: d });
  }
  all.sort((x, y) => y.degree - x.degree || x.id - y.id);
  return all.slice(0, k);
}

export interface Meeting {
  met: boolean;
  /** Windows in which they met (1 when met on an unweighted graph, 0 when not). */
  count: number;
}

export function meeting(graph: CoocGraph, a: number, b: number): Meeting {
  checkTokenId(graph, a);
  checkTokenId(graph, b);
  const count = graph.count(a, b);
  return { met: count > 0, count };
}

/** The neighbours a and b share, in increasing id order. */
export function commonNeighbors(graph: CoocGraph, a: number, b: number): number[] {
  checkTokenId(graph, a);
  checkTokenId(graph, b);
  const out = new Uint32Array(Math.min(graph.degree(a), graph.degree(b)));
  const n = graph.common(a, b, out);
  return Array.from(out.subarray(0, n));
}
