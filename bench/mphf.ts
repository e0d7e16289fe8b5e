/**
 * Minimal perfect hash benchmark: `npx tsc -p . && node dist/bench/mphf.js [n …]` (n = 1M and 10M by
 * default); `benchMphf` is also run by bench/bits.ts. For each n prints one JSON line: space, lookup
 * time over a shuffled query order (median of RUNS runs), build time, and the time of hash + lookup for
 * string keys.
 */
import { pathToFileURL } from "node:url";
import { fmix32, hashState, hashString } from "../src/hash/hash64.js";
import { MinimalPerfectHash } from "../src/hash/mphf.js";
import { emit, median } from "./common.js";

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

/**
 * Wall and CPU time of one call of `run`, in milliseconds. CPU time is reported too because this machine
 * is shared: when other processes compete for the two cores, wall time grows while CPU time does not.
 */
function measure<T>(run: () => T): { wall: number; cpu: number; value: T } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = run();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, value };
}

/** Checksums of the timed loops, kept so that their work cannot be optimized away. */
let sink = 0;

/**
 * Median over RUNS runs of the wall and CPU nanoseconds per operation of `run`, which does `count` of
 * them and returns a checksum (kept in `sink`, so that the work cannot be optimized away).
 */
function nsPerOp(count: number, run: () => number): { wall: number; cpu: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = measure(run);
    sink += t.value;
    walls.push((t.wall * 1e6) / count);
    cpus.push((t.cpu * 1e6) / count);
  }
  return { wall: median(walls), cpu: median(cpus) };
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

const stringKey = (i: number) => `w${i}_${(i * 7919) % 100003}`;

export function benchMphf(n: number): void {
  const { lo, hi } = randomKeys(n);
  const build = measure(() => MinimalPerfectHash.build(lo, hi));
  const f = build.value;
  checkBijection(f, lo, hi);
  const order = shuffledIndices(n);
  const qlo = new Uint32Array(n);
  const qhi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    qlo[i] = lo[order[i]];
    qhi[i] = hi[order[i]];
  }
  const lookups = nsPerOp(n, () => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += f.lookup(qlo[i], qhi[i]);
    return sum;
  });

  // String keys: the function is built over the hashes of n strings, queried with a shuffled sample.
  for (let i = 0; i < n; i++) {
    lo[i] = hashString(stringKey(i));
    hi[i] = hashState.hashHigh;
  }
  const fs = MinimalPerfectHash.build(lo, hi);
  checkBijection(fs, lo, hi);
  const queries: string[] = [];
  for (let i = 0; i < Math.min(n, STRING_QUERIES); i++) queries.push(stringKey(order[i]));
  const strings = nsPerOp(queries.length, () => {
    let sum = 0;
    for (let i = 0; i < queries.length; i++) sum += fs.lookupString(queries[i]);
    return sum;
  });

  emit({
    structure: "mphf",
    n,
    bits_per_element: +(f.sizeInBits() / n).toFixed(3),
    ns_per_lookup: +lookups.wall.toFixed(1),
    build_s: +(build.wall / 1000).toFixed(3),
    build_keys_per_s: Math.round(n / (build.wall / 1000)),
    ns_per_string_lookup: +strings.wall.toFixed(1),
    cpu_ns_per_lookup: +lookups.cpu.toFixed(1),
    cpu_build_s: +(build.cpu / 1000).toFixed(3),
    cpu_ns_per_string_lookup: +strings.cpu.toFixed(1),
  });
  if (sink === -1) console.log(sink);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1_000_000, 10_000_000];
  for (const n of sizes) benchMphf(n);
}
