import { TokenSorter } from "./dist/src/cooc/sort_tokens.js";
const s = new TokenSorter();
for (const n of [50, 200, 1000, 10000]) {
  const reps = Math.floor(2e7 / n);
  const src = new Uint32Array(n * 16); for (let i = 0; i < src.length; i++) src[i] = Math.random() * 150000;
  const a = new Uint32Array(n);
  let t = performance.now();
  for (let r = 0; r < reps; r++) { a.set(src.subarray((r & 15) * n, (r & 15) * n + n)); s.sort(a, 0, n); }
  const radix = (performance.now() - t) / (reps * n) * 1e6;
  console.log(n, "radix ns/elem", radix.toFixed(1));
}
