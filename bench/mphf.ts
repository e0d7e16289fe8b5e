/**
 * Minimal perfect hash benchmark: `npx tsc -p . && node dist/bench/mphf.js [n …]`.
 * For each n prints one JSON line: space, lookup time over a shuffled query order (median of RUNS runs),
 * build time, and the time of hash + lookup for string keys.
 */
import { fmix32, hashState, hashString } from "../src/hash/hash64.js";
import { MinimalPerfectHash } from "../src/hash/mphf.js";

const RUNS = 5;
const STRING_QUERIES = 1_000_000;

/** Distinct pseudo-random 64-bit keys: fmix32 is a bijection, so the low halves alone are distinct. */
function randomKeys(n: number): { lo: Uint32Array; hi: Uint32Array } {
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    lo[i] = fmix32(i ^ 0x5bd1e995);
    hi[i] = fmix32((i + 0x27d4eb2f) | 0);
  }
  return { lo, hi };
}

/** A deterministic permutation of 0..n-1 (Fisher–Yates driven by fmix32 of a counter). */
function shuffledIndices(n: number): Uint32Array {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor((fmix32(i * 0x9e3779b1) / 4294967296) * (i + 1));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Fails loudly if the function is not a bijection onto [0, n), so that a fast wrong answer is not reported. */
function checkBijection(f: MinimalPerfectHash, lo: Uint32Array, hi: Uint32Array): void {
  const seen = new Uint8Array(lo.length);
  for (let i = 0; i < lo.length; i++) {
    const p = f.lookup(lo[i], hi[i]);
    if (!(p < lo.length) || seen[p]) throw new Error(`not a bijection at key ${i}`);
    seen[p] = 1;
  }
}

function timeLookups(f: MinimalPerfectHash, qlo: Uint32Array, qhi: Uint32Array): number {
  const times: number[] = [];
  let sink = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < qlo.length; i++) sink += f.lookup(qlo[i], qhi[i]);
    times.push(((performance.now() - t0) * 1e6) / qlo.length);
  }
  if (sink === -1) console.log(sink);
  return median(times);
}

function timeStringLookups(f: MinimalPerfectHash, queries: string[]): number {
  const times: number[] = [];
  let sink = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < queries.length; i++) sink += f.lookupString(queries[i]);
    times.push(((performance.now() - t0) * 1e6) / queries.length);
  }
  if (sink === -1) console.log(sink);
  return median(times);
}

const stringKey = (i: number) => `w${i}_${(i * 7919) % 100003}`;

function bench(n: number): void {
  const { lo, hi } = randomKeys(n);
  const t0 = performance.now();
  const f = MinimalPerfectHash.build(lo, hi);
  const buildS = (performance.now() - t0) / 1000;
  checkBijection(f, lo, hi);
  const order = shuffledIndices(n);
  const qlo = new Uint32Array(n);
  const qhi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    qlo[i] = lo[order[i]];
    qhi[i] = hi[order[i]];
  }
  const ns = timeLookups(f, qlo, qhi);

  // String keys: the function is built over the hashes of n strings, queried with a shuffled sample.
  for (let i = 0; i < n; i++) {
    lo[i] = hashString(stringKey(i));
    hi[i] = hashState.hashHigh;
  }
  const fs = MinimalPerfectHash.build(lo, hi);
  const queries: string[] = [];
  for (let i = 0; i < Math.min(n, STRING_QUERIES); i++) queries.push(stringKey(order[i]));
  const nsString = timeStringLookups(fs, queries);

  console.log(
    JSON.stringify({
      structure: "mphf",
      n,
      bits_per_element: +(f.sizeInBits() / n).toFixed(3),
      ns_per_lookup: +ns.toFixed(1),
      build_s: +buildS.toFixed(3),
      build_keys_per_s: Math.round(n / buildS),
      ns_per_string_lookup: +nsString.toFixed(1),
    }),
  );
}

const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1_000_000, 10_000_000];
for (const n of sizes) bench(n);
