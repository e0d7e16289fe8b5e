import type { SeededRandom } from "../src/embed/seeded_random.js";

/** Fisher–Yates, in place. */
export function shuffle<T>(items: T[], rnd: SeededRandom): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rnd.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
