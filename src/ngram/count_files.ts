import { InputError, quote } from "../io/errors.js";
import { findCountFiles, forEachCountLine, readCountHeader } from "../io/google_counts.js";
import { VocabularyBuilder, type Vocabulary } from "./vocabulary.js";

/**
 * Streams the count files of a directory (`1-grams[.sorted][.gz]` … `N-grams…`) into a model builder:
 * the unigrams as a whole (their order fixes the word IDs), then each higher order row by row with its
 * words turned into IDs. Every error names the file and line.
 *
 * Nothing is kept per row: words are looked up in the vocabulary as ranges of the line, so reading a level
 * of millions of n-grams allocates no string that outlives its row.
 */
export interface CountSink {
  setUnigrams(vocabulary: Vocabulary, counts: ArrayLike<number>, source: string): void;
  beginLevel(level: number, rows: number, source: string): void;
  /** The n-gram as the IDs of its words and as its text, row[0 .. gramEnd) (words joined by single spaces). */
  addGram(ids: ArrayLike<number>, count: number, line: number, row: string, gramEnd: number): void;
  endLevel(): void;
}

export interface CountFilesProgress {
  (message: string): void;
}

export async function readCountFiles(dir: string, order: number, sink: CountSink, progress?: CountFilesProgress): Promise<void> {
  const files = findCountFiles(dir, order);
  progress?.(`reading ${files[0]}`);
  const { vocabulary, counts } = await readUnigrams(files[0]);
  sink.setUnigrams(vocabulary, counts, files[0]);
  for (let k = 2; k <= order; k++) {
    const file = files[k - 1];
    progress?.(`reading ${file}`);
    sink.beginLevel(k, await readCountHeader(file), file);
    const ids = new Int32Array(k);
    await forEachCountLine(
      file,
      (row, gramEnd, count, line) => {
        let start = 0;
        for (let i = 0; i < k; i++) {
          const end = i === k - 1 ? gramEnd : row.indexOf(" ", start);
          const id = vocabulary.lookupRange(row, start, end);
          if (id < 0) throw new InputError(file, line, `word ${quote(row.slice(start, end))} is not in ${files[0]}`);
          ids[i] = id;
          start = end + 1;
        }
        sink.addGram(ids, count, line, row, gramEnd);
      },
      { order: k },
    );
    sink.endLevel();
  }
}

async function readUnigrams(file: string): Promise<{ vocabulary: Vocabulary; counts: Float64Array }> {
  const rows = await readCountHeader(file);
  const words = new VocabularyBuilder(rows, file);
  const counts = new Float64Array(rows);
  let filled = 0;
  await forEachCountLine(
    file,
    (row, gramEnd, count) => {
      words.add(row, 0, gramEnd);
      counts[filled++] = count;
    },
    { order: 1 },
  );
  return { vocabulary: words.build(), counts };
}
