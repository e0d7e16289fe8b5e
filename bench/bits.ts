/**
 * npm run bench:bits — space and speed of the packed-bitvector layer, one JSON line per structure, size
 * and distribution (n = 1M and 10M, uniform and clustered), then the minimal perfect hash.
 * Sizes can be given as arguments: node dist/bench/bits.js 1000000
 */
import { EliasFano } from "../src/bits/elias_fano.js";
import { PartitionedEliasFano } from "../src/bits/partitioned_elias_fano.js";
import { CompactVector } from "../src/bits/compact_vector.js";
import { BitVectorBuilder } from "../src/bits/bit_vector.js";
import { RankSelect } from "../src/bits/rank_select.js";
import { ceilLog2 } from "../src/bits/broadword.js";
import { benchMphf } from "./mphf.js";
import { emit, nsPerCall, round } from "./common.js";

const UNIVERSE = 2 ** 32;
const QUERIES = 1 << 20;
const ROUNDS = 5;

/** Deterministic xorshift generator. */
function generator(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** n sorted values in [0, UNIVERSE): uniform, or in dense clusters (runs of small gaps, rare long jumps). */
function sortedValues(n: number, distribution: "uniform" | "clustered"): Float64Array {
  const rnd = generator(n ^ (distribution === "uniform" ? 1 : 2));
  const values = new Float64Array(n);
  if (distribution === "uniform") {
    for (let i = 0; i < n; i++) values[i] = Math.floor(rnd() * UNIVERSE);
    return values.sort();
  }
  const clusters = Math.max(1, Math.floor(n / 1000));
  const starts = Float64Array.from({ length: clusters }, () => Math.floor(rnd() * (UNIVERSE - 16 * 1000 * 4))).sort();
  let i = 0;
  for (let c = 0; c < clusters; c++) {
    let v = Math.max(starts[c], i === 0 ? 0 : values[i - 1] + 1);
    const size = c === clusters - 1 ? n - i : Math.min(n - i, Math.floor(n / clusters));
    for (let k = 0; k < size; k++) {
      values[i++] = v;
      v += 1 + Math.floor(rnd() * 8);
    }
  }
  return values;
}

function randomPositions(n: number, seed: number): Uint32Array {
  const rnd = generator(seed);
  return Uint32Array.from({ length: QUERIES }, () => Math.floor(rnd() * n));
}

function randomTargets(seed: number): Float64Array {
  const rnd = generator(seed);
  return Float64Array.from({ length: QUERIES }, () => Math.floor(rnd() * UNIVERSE));
}

function timed<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, (performance.now() - t) / 1000];
}

function benchSequences(n: number, distribution: "uniform" | "clustered"): void {
  const values = sortedValues(n, distribution);
  const positions = randomPositions(n, 7);
  const targets = randomTargets(11);
  const bound = 2 + ceilLog2(Math.ceil(UNIVERSE / n));
  const builders: [string, () => EliasFano | PartitionedEliasFano][] = [
    ["elias_fano", () => EliasFano.build(values, UNIVERSE)],
    ["partitioned_elias_fano", () => PartitionedEliasFano.build(values, UNIVERSE)],
  ];
  for (const [name, build] of builders) {
    const [seq, buildS] = timed(build);
    emit({
      structure: name,
      distribution,
      n,
      universe: UNIVERSE,
      bits_per_element: round(seq.sizeInBits() / n, 3),
      bound_bits_per_element: bound,
      ns_per_access: round(nsPerCall(QUERIES, ROUNDS, (i) => seq.access(positions[i])), 1),
      ns_per_next_geq: round(nsPerCall(QUERIES, ROUNDS, (i) => seq.nextGEQ(targets[i])), 1),
      build_s: round(buildS, 3),
    });
  }
  const widths = Math.ceil(Math.log2(UNIVERSE));
  const [cv, cvBuildS] = timed(() => CompactVector.from(values, widths));
  emit({
    structure: "compact_vector",
    distribution,
    n,
    universe: UNIVERSE,
    bits_per_element: round(cv.sizeInBits() / n, 3),
    bound_bits_per_element: widths,
    ns_per_access: round(nsPerCall(QUERIES, ROUNDS, (i) => cv.get(positions[i])), 1),
    build_s: round(cvBuildS, 3),
  });
}

/** A bit vector of 2n bits with n ones (uniform: each bit a coin flip; clustered: runs of ones). */
function benchRankSelect(n: number, distribution: "uniform" | "clustered"): void {
  const rnd = generator(n ^ 5);
  const b = new BitVectorBuilder(2 * n);
  let ones = 0;
  if (distribution === "uniform") {
    for (let i = 0; i < 2 * n; i++) {
      const bit = rnd() < 0.5 ? 1 : 0;
      ones += bit;
      b.pushBit(bit);
    }
  } else {
    while (b.length < 2 * n) {
      const run = 1 + Math.floor(rnd() * 2000);
      const bit = ones * 2 < b.length ? 1 : 0;
      for (let k = 0; k < run && b.length < 2 * n; k++) b.pushBit(bit);
      if (bit) ones += Math.min(run, 2 * n);
    }
  }
  const bits = b.build();
  ones = 0;
  for (let w = 0; w < bits.words.length; w++) ones += popcount(bits.words[w]);
  const [rs, buildS] = timed(() => RankSelect.build(bits));
  const positions = randomPositions(2 * n, 13);
  const ranks = randomPositions(ones, 17);
  emit({
    structure: "rank_select",
    distribution,
    n: 2 * n,
    ones,
    bits_per_element: round(rs.sizeInBits() / (2 * n), 4),
    bound_bits_per_element: 1,
    ns_per_rank: round(nsPerCall(QUERIES, ROUNDS, (i) => rs.rank1(positions[i])), 1),
    ns_per_select: round(nsPerCall(QUERIES, ROUNDS, (i) => rs.select1(ranks[i])), 1),
    build_s: round(buildS, 3),
  });
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1_000_000, 10_000_000];
for (const n of sizes) {
  for (const distribution of ["uniform", "clustered"] as const) {
    benchSequences(n, distribution);
    benchRankSelect(n, distribution);
  }
  benchMphf(n);
}
