import { InputError } from "../io/errors.js";
import { findCountFiles, forEachCountRow, readCountHeader } from "../io/google_counts.js";

/**
 * Streams the count files of a directory (`1-grams[.sorted][.gz]` … `N-grams…`) into a model builder:
 * the unigrams as a whole (their order fixes the word IDs), then each higher order row by row with its
 * words turned into IDs. Every error names the file and line.
 */
export interface CountSink {
  setUnigrams(words: readonly string[], counts: ArrayLike<number>, source: string): void;
  beginLevel(level: number, rows: number, source: string): void;
  /** The n-gram as the IDs of its words and as its text (words joined by single spaces). */
  addGram(ids: ArrayLike<number>, count: number, line: number, gram: string): void;
  endLevel(): void;
}

export interface CountFilesProgress {
  (message: string): void;
}

export async function readCountFiles(dir: string, order: number, sink: CountSink, progress?: CountFilesProgress): Promise<void> {
  const files = findCountFiles(dir, order);
  const words: string[] = [];
  const counts: number[] = [];
  progress?.(`reading ${files[0]}`);
  await forEachCountRow(files[0], (gram, count) => {
    words.push(gram);
    counts.push(count);
  }, { order: 1 });
  sink.setUnigrams(words, counts, files[0]);
  const idOf = new Map<string, number>();
  words.forEach((w, i) => idOf.set(w, i));
  for (let k = 2; k <= order; k++) {
    const file = files[k - 1];
    progress?.(`reading ${file}`);
    sink.beginLevel(k, await readCountHeader(file), file);
    const ids = new Int32Array(k);
    await forEachCountRow(
      file,
      (gram, count, line) => {
        let start = 0;
        for (let i = 0; i < k; i++) {
          const end = i === k - 1 ? gram.length : gram.indexOf(" ", start);
          const word = gram.slice(start, end);
          const id = idOf.get(word);
          if (id === undefined) throw new InputError(file, line, `word "${word}" is not in ${files[0]}`);
          ids[i] = id;
          start = end + 1;
        }
        sink.addGram(ids, count, line, gram);
      },
      { order: k },
    );
    sink.endLevel();
  }
}
