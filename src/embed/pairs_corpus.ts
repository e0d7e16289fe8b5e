import { AtomicWriter } from "../io/files.js";
import { readInteractions } from "./interactions.js";
import { PostingLists } from "./posting_lists.js";
import { minePairs, pairScore, pairWeight, type PairMiningOptions } from "./pair_mining.js";

export interface PairsFileOptions extends PairMiningOptions {
  /** "items": items sharing users (default); "users": users sharing items. */
  side?: "items" | "users";
  /** α of the weight 1 / (overlap + α) (default 1). */
  alpha?: number;
}

export interface PairsSummary {
  interactions: number;
  users: number;
  items: number;
  pairs: number;
}

export const DEFAULT_PAIR_ALPHA = 1;
const HEADER = "a\tb\toverlap\tweight\tjaccard\tcosine\n";

/**
 * Mines positive pairs from an interaction log into a TSV file (written atomically): one line per kept pair
 * with the original ids, |U_a ∩ U_b|, 1/(|U_a ∩ U_b| + α), Jaccard and cosine.
 */
export async function minePairsFile(input: string, out: string, options: PairsFileOptions = {}): Promise<PairsSummary> {
  const log = await readInteractions(input);
  if (log.count === 0) throw new Error(`no interactions in ${input} (expected lines user,item[,time])`);
  const users = log.userIds.length;
  const items = log.itemIds.length;
  const byItem = PostingLists.build(log.items, log.users, items, users);
  const byUser = PostingLists.build(log.users, log.items, users, items);
  const [byKey, byMember, ids] = options.side === "users" ? [byUser, byItem, log.userIds] : [byItem, byUser, log.itemIds];
  const alpha = options.alpha ?? DEFAULT_PAIR_ALPHA;
  const writer = new AtomicWriter(out);
  let pairs = 0;
  try {
    writer.write(HEADER);
    minePairs(byKey, byMember, (key, partners, overlaps, n) => {
      const a = byKey.length(key);
      let text = "";
      for (let x = 0; x < n; x++) {
        const o = overlaps[x];
        const b = byKey.length(partners[x]);
        text += `${ids[key]}\t${ids[partners[x]]}\t${o}\t${fmt(pairWeight(o, alpha))}\t${fmt(pairScore("jaccard", o, a, b))}\t${fmt(pairScore("cosine", o, a, b))}\n`;
      }
      if (n > 0) writer.write(text);
      pairs += n;
    }, options);
    writer.commit();
  } finally {
    writer.abort();
  }
  return { interactions: log.count, users, items, pairs };
}

/** Six significant digits, without trailing zeros. */
function fmt(x: number): string {
  return String(Number(x.toPrecision(6)));
}
