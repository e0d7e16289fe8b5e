import { tmpdir } from "node:os";
import { InputError, quote } from "../io/errors.js";
import { bufferedRecordBytes, CountOverflowError, ExternalSorter } from "../io/external_sort.js";
import { forEachCountRow, orderOfCountFile, readCountHeader } from "../io/google_counts.js";
import { forEachLine } from "../io/lines.js";
import { makeTempDir, removeTempPath } from "../io/temp_paths.js";
import { CountRowEncoder } from "./count_row_encoder.js";
import { writeSortedGrams, type RowProgress } from "./sorted_gram_file.js";

export const DEFAULT_SORT_MEMORY = 1 << 30;
/** Counts go through the sort as two words, so that every count a count file may hold (up to 2^53 − 1) does. */
const COUNT_WORDS = 2;
const TWO_TO_32 = 0x100000000;
/** Progress is told every 65,536 rows (a mask). */
const PROGRESS_EVERY = 0xffff;

export interface SortGramsOptions {
  /** Words per gram. Default: N of a file named `<N>-grams…`, else the words of the first row. */
  order?: number;
  /** Budget of the external sort (default 1 GiB). */
  memoryBytes?: number;
  /** Where sorted runs go (default: the system's temporary directory). */
  tempDir?: string;
  /** Rows read so far of the input, then rows written. */
  onRead?: (rows: number) => void;
  onWrite?: RowProgress;
}

/**
 * Sorts the count file `input` into prefix order by the word IDs that the 1-gram file `vocabFile` gives
 * (its row order), and writes it atomically to `output` (gzip when the name ends in .gz). Rows of the same
 * gram are merged, their counts added. Returns the order and the number of rows written.
 */
export async function sortCountFile(vocabFile: string, input: string, output: string, options: SortGramsOptions = {}): Promise<{ order: number; rows: number }> {
  const idOf = await readVocabulary(vocabFile);
  const order = options.order ?? orderOfCountFile(input) ?? (await wordsOfFirstRow(input));
  const rowsIn = await readCountHeader(input);
  const workDir = makeTempDir(options.tempDir ?? tmpdir(), "grampack-sort-grams-");
  const sorter = new ExternalSorter({
    recordWords: order + COUNT_WORDS,
    keyWords: order,
    countWords: COUNT_WORDS,
    memoryBytes: Math.min(options.memoryBytes ?? DEFAULT_SORT_MEMORY, rowsIn * bufferedRecordBytes(order + COUNT_WORDS)),
    tempDir: workDir,
  });
  try {
    await pushRows(input, order, idOf, vocabFile, sorter, options.onRead);
    const rows = writeSortedGrams(sorter, order, new CountRowEncoder([...idOf.keys()]), output, workDir, options.onWrite, COUNT_WORDS);
    return { order, rows };
  } catch (e) {
    if (e instanceof CountOverflowError) throw new InputError(input, 0, `a gram listed more than once has counts that add up beyond ${Number.MAX_SAFE_INTEGER}`);
    throw e;
  } finally {
    sorter.dispose();
    removeTempPath(workDir);
  }
}

/** Every row of `input` as a record [IDs of its words…, count]. */
async function pushRows(
  input: string,
  order: number,
  idOf: ReadonlyMap<string, number>,
  vocabFile: string,
  sorter: ExternalSorter,
  onRead?: (rows: number) => void,
): Promise<void> {
  const record = new Uint32Array(order + COUNT_WORDS);
  await forEachCountRow(
    input,
    (gram, count, line) => {
      const unknown = toWordIds(gram, order, idOf, record);
      if (unknown !== undefined) throw new InputError(input, line, `word ${quote(unknown)} is not in the vocabulary ${vocabFile}`);
      const high = Math.floor(count / TWO_TO_32);
      record[order] = count - high * TWO_TO_32;
      record[order + 1] = high;
      sorter.push(record);
      if ((line & PROGRESS_EVERY) === 0) onRead?.(line - 1);
    },
    { order },
  );
}

/** Word → ID, the ID being the row of the word in the 1-gram file. */
async function readVocabulary(vocabFile: string): Promise<Map<string, number>> {
  const idOf = new Map<string, number>();
  await forEachCountRow(
    vocabFile,
    (word, _count, line) => {
      if (idOf.has(word)) throw new InputError(vocabFile, line, `word ${quote(word)} is already on line ${idOf.get(word)! + 2}`);
      idOf.set(word, idOf.size);
    },
    { order: 1 },
  );
  return idOf;
}

/**
 * Fills ids[0 … order) with the IDs of the gram's words (separated by single spaces, as the reader checked);
 * returns the first word that has no ID, if any.
 */
function toWordIds(gram: string, order: number, idOf: ReadonlyMap<string, number>, ids: Uint32Array): string | undefined {
  let start = 0;
  for (let i = 0; i < order; i++) {
    const end = i === order - 1 ? gram.length : gram.indexOf(" ", start);
    const word = gram.slice(start, end);
    const id = idOf.get(word);
    if (id === undefined) return word;
    ids[i] = id;
    start = end + 1;
  }
  return undefined;
}

/** The number of words of the first row, for a file whose name does not tell its order (1 for no rows). */
async function wordsOfFirstRow(path: string): Promise<number> {
  let words = 1;
  await forEachLine(path, (line, lineNumber) => {
    if (lineNumber === 1) return true;
    const tab = line.indexOf("\t");
    words = (tab < 0 ? line : line.slice(0, tab)).split(" ").length;
    return false;
  });
  return words;
}
