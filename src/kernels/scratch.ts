// Each instance's scratch record (layout.ts SCRATCH_*): where kernels leave their second results. Set by
// JS once per instance, so that threads sharing one memory keep theirs apart.

export let scratch: usize = 0;

export function setScratch(p: usize): void {
  scratch = p;
}

/** This instance's cache of looked-up words (text.ts), cacheBytes() long, zeroed by JS before use. */
export let wordCache: usize = 0;

export function setWordCache(p: usize): void {
  wordCache = p;
}
