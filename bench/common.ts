import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, whether running from bench/ or dist/bench/. */
export const ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return dir;
})();

/** Reference material beside the checkout (may be absent: benches then skip what needs it). */
export const REFERENCE = join(ROOT, "..", "shared", "reference");

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Rounds to `digits` significant decimals for printing. */
export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Prints one JSON line. */
export function emit(record: Record<string, unknown>): void {
  console.log(JSON.stringify(record));
}

/**
 * Median nanoseconds per call of `body(i)` over `calls` calls, repeated `rounds` times: the body runs
 * in a plain loop (no closure per call) and returns a number that is accumulated so nothing is
 * optimised away.
 */
export function nsPerCall(calls: number, rounds: number, body: (i: number) => number): number {
  const times: number[] = [];
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (let i = 0; i < calls; i++) sink += body(i);
    times.push(((performance.now() - t) * 1e6) / calls);
  }
  if (sink === 0.5) console.log("");
  return median(times);
}

/**
 * Peak resident memory of this process in MiB. On Linux from /proc/self/status (VmHWM): getrusage's
 * maxRSS survives exec, so a child process spawned by a big parent would report the parent's peak.
 */
export function peakRssMb(): number {
  try {
    const match = /VmHWM:\s*(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}
