import type { WindowBlock } from "./neighbor_lists.js";

/** Bound on the heavy tokens' neighbour bits; past it only the most frequent tokens are heavy. */
const MAX_HEAVY_BYTES = 64 << 20;

/**
 * Tokens in so large a share of the windows that reading their windows would be most of the work, with
 * their neighbours as bits: heavy token ids[j] met token t when bit t of neighbors[j · words …] is set.
 */
export interface HeavyTokens {
  /** Increasing. */
  ids: Uint32Array;
  /** Words per bit set: ⌈universe / 32⌉. */
  words: number;
  neighbors: Uint32Array;
}

/**
 * The heavy tokens of a block and their neighbours, found the other way round: rather than reading the m
 * windows of a heavy token, every token is asked whether one of its windows holds it, through a bit per
 * window. Most tokens answer at their first few windows, so this costs about universe · windows / m window
 * lookups, against m · occurrences / windows table probes for reading them; a token is heavy when the
 * first is the smaller. Arrays come from `alloc` (shared memory when worker threads read them).
 */
export function findHeavyTokens(store: WindowBlock, starts: Uint32Array, windowsOf: Uint32Array, alloc: (n: number) => Uint32Array): HeavyTokens {
  const ids = heavyIds(store, starts);
  const words = (store.universe + 31) >>> 5;
  const neighbors = alloc(ids.length * words);
  const mine = new Uint32Array((store.windows + 31) >>> 5);
  for (let j = 0; j < ids.length; j++) {
    const a = ids[j];
    for (let k = starts[a]; k < starts[a + 1]; k++) mine[windowsOf[k] >>> 5] |= 1 << (windowsOf[k] & 31);
    markMeeting(mine, starts, windowsOf, store.universe, neighbors, j * words);
    neighbors[j * words + (a >>> 5)] &= ~(1 << (a & 31)); // a is not its own neighbour
    for (let k = starts[a]; k < starts[a + 1]; k++) mine[windowsOf[k] >>> 5] = 0;
  }
  return { ids, words, neighbors };
}

/** Sets bit b of out[at …] for every token b with a window in `mine`. */
function markMeeting(mine: Uint32Array, starts: Uint32Array, windowsOf: Uint32Array, universe: number, out: Uint32Array, at: number): void {
  for (let b = 0; b < universe; b++) {
    for (let k = starts[b], end = starts[b + 1]; k < end; k++) {
      const w = windowsOf[k];
      if ((mine[w >>> 5] & (1 << (w & 31))) !== 0) {
        out[at + (b >>> 5)] |= 1 << (b & 31);
        break;
      }
    }
  }
}

/** The tokens in more than √(universe · windows² / occurrences) windows, the most frequent within the bound. */
function heavyIds(store: WindowBlock, starts: Uint32Array): Uint32Array {
  const { universe, windows } = store;
  const occurrences = windows === 0 ? 0 : store.ends[windows - 1];
  const threshold = Math.sqrt((universe * windows * windows) / Math.max(1, occurrences));
  const heavy: number[] = [];
  for (let a = 0; a < universe; a++) if (starts[a + 1] - starts[a] > threshold) heavy.push(a);
  const most = Math.floor(MAX_HEAVY_BYTES / (4 * Math.max(1, (universe + 31) >>> 5)));
  if (heavy.length > most) {
    heavy.sort((x, y) => starts[y + 1] - starts[y] - (starts[x + 1] - starts[x]) || x - y);
    heavy.length = most;
    heavy.sort((x, y) => x - y);
  }
  return Uint32Array.from(heavy);
}

/**
 * Reorders the tokens of each window, in place, so that heavy tokens come last; returns where each
 * window's other tokens end. Windows are sets, so their order is free.
 */
export function moveHeavyLast(store: WindowBlock, heavy: HeavyTokens, alloc: (n: number) => Uint32Array): Uint32Array {
  const isHeavy = new Uint8Array(store.universe);
  for (const a of heavy.ids) isHeavy[a] = 1;
  const { tokens, ends } = store;
  const lightEnds = alloc(store.windows);
  for (let w = 0, start = 0; w < store.windows; start = ends[w++]) {
    let light = start;
    for (let i = start; i < ends[w]; i++) {
      const t = tokens[i];
      if (isHeavy[t] === 0) {
        tokens[i] = tokens[light];
        tokens[light++] = t;
      }
    }
    lightEnds[w] = light;
  }
  return lightEnds;
}
