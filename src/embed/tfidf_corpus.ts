import { readDocuments, type DocumentReadOptions } from "../io/jsonl.js";
import { forEachLine } from "../io/lines.js";
import type { Tokenizer } from "../text/tokenizer.js";
import { TfidfBuilder, type TfidfModel, type TfidfOptions } from "./tfidf.js";

export interface TfidfCorpusOptions extends TfidfOptions, DocumentReadOptions {
  tokenizer: Tokenizer;
}

/** TF-IDF vectors of the documents of one JSONL or text file, and where each document came from. */
export interface TfidfCorpus {
  model: TfidfModel;
  /** 1-based line of each document. */
  lines: Uint32Array;
}

export async function tfidfCorpus(path: string, options: TfidfCorpusOptions): Promise<TfidfCorpus> {
  const builder = new TfidfBuilder(options);
  const lines: number[] = [];
  for await (const doc of readDocuments(path, options)) {
    builder.addDocument(doc.kind === "text" ? options.tokenizer.words(doc.text) : options.tokenizer.wordsOfIds(doc.ids));
    lines.push(doc.lineNumber);
  }
  if (lines.length === 0) throw new Error(`no documents in ${path}`);
  const model = builder.build();
  if (model.terms.length === 0) throw new Error(`no tokens in ${path} (${lines.length} document${lines.length === 1 ? "" : "s"} without a word of ${options.tokenizer.description}${options.stopWords ? " that is not a stop word" : ""})`);
  return { model, lines: Uint32Array.from(lines) };
}

/** Stop words from a file of one word per line (blank lines and lines starting with # ignored). */
export async function readStopWords(path: string): Promise<Set<string>> {
  const words = new Set<string>();
  await forEachLine(path, (line) => {
    const word = line.trim();
    if (word.length > 0 && !word.startsWith("#")) words.add(word);
  });
  return words;
}
