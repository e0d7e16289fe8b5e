/** Naive co-occurrence from plain loops, the reference the compressed build is checked against. */
import { expect } from "vitest";
import type { CoocGraph } from "../../src/cooc/cooc_graph.js";

export interface OracleOptions {
  contextLength: number;
  stride?: number;
  pack?: boolean;
  separator?: number;
}

/** The windows of the definition: starts 0, S, 2S, … spanning [s, min(s + L, n)), until one reaches n. */
export function naiveWindows(docs: number[][], o: OracleOptions): number[][] {
  const stride = o.stride ?? o.contextLength;
  const sequences = o.pack ? [docs.flatMap((d) => (o.separator === undefined ? d : [...d, o.separator]))] : docs;
  const windows: number[][] = [];
  for (const seq of sequences) {
    for (let s = 0; s < seq.length; s += stride) {
      windows.push(seq.slice(s, s + o.contextLength));
      if (s + o.contextLength >= seq.length) break;
    }
  }
  return windows;
}

/** "a,b" (a < b) → number of windows in which a and b met. */
export function naivePairs(docs: number[][], o: OracleOptions): Map<string, number> {
  const pairs = new Map<string, number>();
  for (const w of naiveWindows(docs, o)) {
    const distinct = [...new Set(w)];
    for (let i = 0; i < distinct.length; i++) {
      for (let j = 0; j < distinct.length; j++) {
        const a = distinct[i];
        const b = distinct[j];
        if (a < b) pairs.set(`${a},${b}`, (pairs.get(`${a},${b}`) ?? 0) + 1);
      }
    }
  }
  return pairs;
}

/** Sorted neighbour lists with counts, from the pairs. */
export function naiveNeighbors(pairs: Map<string, number>): Map<number, Map<number, number>> {
  const lists = new Map<number, Map<number, number>>();
  const add = (a: number, b: number, c: number) => {
    if (!lists.has(a)) lists.set(a, new Map());
    lists.get(a)!.set(b, c);
  };
  for (const [key, c] of pairs) {
    const [a, b] = key.split(",").map(Number);
    add(a, b, c);
    add(b, a, c);
  }
  return lists;
}

/** Checks every list of the graph (ids, counts, entry positions) against the oracle. */
export function expectSameAsOracle(graph: CoocGraph, expected: Map<number, Map<number, number>>): void {
  let entries = 0;
  const out = new Uint32Array(graph.universe + 1);
  for (const [a, neighbors] of expected) {
    const list = [...neighbors.entries()].sort((x, y) => x[0] - y[0]);
    entries += list.length;
    expect(graph.degree(a)).toBe(list.length);
    const n = graph.neighbors(a, out);
    expect(Array.from(out.subarray(0, n))).toEqual(list.map((e) => e[0]));
    const start = graph.entryStart(a);
    const counts = list.map((_, j) => graph.countAt(start + j));
    expect(counts).toEqual(list.map(([, c]) => (graph.weighted ? c : 1)));
    const j = list.length >> 1;
    if (list.length > 0) expect(graph.neighbor(a, j)).toBe(list[j][0]);
  }
  // Every entry belongs to a token of the oracle, so no other token has any.
  expect(graph.entries).toBe(entries);
}
