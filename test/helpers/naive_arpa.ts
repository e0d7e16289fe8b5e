/*
 * A direct implementation of back-off scoring over an ARPA model held in Maps: the oracle of the scoring
 * tests. Reads ARPA files itself (a few lines, nothing shared with the library's reader).
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { ArpaEntry } from "../../src/io/arpa.js";

/** An ARPA model as Maps: "w1 … wk" → value. */
export interface ArpaMaps {
  probs: Map<string, number>;
  backoffs: Map<string, number>;
  order: number;
}

/** ARPA entries (as the library lists them) as Maps. */
export function arpaMaps(entries: ArpaEntry[][]): ArpaMaps {
  const probs = new Map<string, number>();
  const backoffs = new Map<string, number>();
  for (const e of entries.flat()) {
    probs.set(e.words, e.logProb);
    backoffs.set(e.words, e.backoff ?? 0);
  }
  return { probs, backoffs, order: entries.length };
}

/** An ARPA file (plain or gzip) as Maps, parsed here: `\N-grams:` sections of "log10p<TAB>words[<TAB>backoff]". */
export function readArpaMaps(path: string): ArpaMaps {
  let bytes: Buffer = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const probs = new Map<string, number>();
  const backoffs = new Map<string, number>();
  let order = 0;
  let inSection = false;
  for (const line of bytes.toString("utf8").split("\n")) {
    const section = /^\\(\d+)-grams:$/.exec(line);
    if (section) {
      order = Number(section[1]);
      inSection = true;
    } else if (line.startsWith("\\")) inSection = false;
    else if (inSection && line.length > 0) {
      const [p, words, b] = line.split("\t");
      probs.set(words, Number(p));
      backoffs.set(words, b === undefined ? 0 : Number(b));
    }
  }
  return { probs, backoffs, order };
}

/** log10 p(w | context) by the backoff recursion over the Maps; context in reading order. */
export function naiveLog10Prob(maps: ArpaMaps, context: string[], w: string): number {
  const p = maps.probs.get([...context, w].join(" "));
  if (p !== undefined) return p;
  if (context.length === 0) return maps.probs.get("<unk>")!;
  return (maps.backoffs.get(context.join(" ")) ?? 0) + naiveLog10Prob(maps, context.slice(1), w);
}

/** The naive scorer of a line: OOVs score p(<unk>) plus backoffs and empty the context. */
export function naiveLine(maps: ArpaMaps, words: string[], order: number, wrap: boolean): { total: number; oovs: number; tokens: number } {
  let context: string[] = wrap ? ["<s>"] : [];
  let total = 0;
  let oovs = 0;
  const tokens = wrap ? [...words, "</s>"] : words;
  for (const w of tokens) {
    total += naiveLog10Prob(maps, context, maps.probs.has(w) && w !== "<unk>" ? w : "<unk>");
    if (!maps.probs.has(w) || w === "<unk>") {
      oovs++;
      context = [];
    } else context = [...context, w].slice(-(order - 1));
  }
  return { total, oovs, tokens: tokens.length };
}
