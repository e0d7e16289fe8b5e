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

/**
 * log10 p(w | context) by the backoff recursion over the Maps; context in reading order. `round`: the
 * arithmetic's rounding (float32 for KenLM's, none by default).
 */
export function naiveLog10Prob(maps: ArpaMaps, context: string[], w: string, round: (x: number) => number = (x) => x): number {
  const p = maps.probs.get([...context, w].join(" "));
  if (p !== undefined) return p;
  if (context.length === 0) return maps.probs.get("<unk>")!;
  return round((maps.backoffs.get(context.join(" ")) ?? 0) + naiveLog10Prob(maps, context.slice(1), w, round));
}

/**
 * The naive scorer of a line: OOVs score p(<unk>) plus backoffs and empty the context. `float32`: in
 * KenLM's arithmetic (each word and the sentence's sum in float32), which long sentences need for a match
 * closer than their float32 rounding (1e-4 and more on 100 words).
 */
export function naiveLine(maps: ArpaMaps, words: string[], order: number, wrap: boolean, float32 = false): { total: number; oovs: number; tokens: number } {
  const round = float32 ? Math.fround : (x: number) => x;
  let context: string[] = wrap ? ["<s>"] : [];
  let total = 0;
  let oovs = 0;
  const tokens = wrap ? [...words, "</s>"] : words;
  for (const w of tokens) {
    total = round(total + naiveLog10Prob(maps, context, maps.probs.has(w) && w !== "<unk>" ? w : "<unk>", round));
    if (!maps.probs.has(w) || w === "<unk>") {
      oovs++;
      context = [];
    } else context = [...context, w].slice(-(order - 1));
  }
  return { total, oovs, tokens: tokens.length };
}
