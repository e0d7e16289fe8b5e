import { tmpdir } from "node:os";
import { ArpaWriter, readArpa, type ArpaEntry, type ArpaHeader } from "../io/arpa.js";
import { InputError, quote } from "../io/errors.js";
import { makeTempDir, removeTempPath } from "../io/temp_paths.js";
import { float32Bits, float32OfBits } from "../io/float_bits.js";
import { bufferedRecordBytes, ExternalSorter } from "../io/external_sort.js";

/*
 * Rewrites an ARPA file in suffix order, the order a backward trie is built in: unigrams stay as they are
 * and their order fixes the word IDs; within every higher order, n-grams are sorted by their word IDs read
 * right to left (last word first, then the one before, …). `grampack estimate` already writes this order.
 * Each order goes through an external sort, so memory holds the vocabulary and the sort buffer only.
 */

export const DEFAULT_SORT_ARPA_MEMORY = 1 << 30;

export interface SortArpaOptions {
  /** Budget of the sort buffer (default 1 GiB). */
  memoryBytes?: number;
  /** Where sorted runs go (default: the system's temporary directory). */
  tempDir?: string;
}

/** Sorts `input` into `output` (written atomically; gzip when it ends in .gz); returns the n-grams per order. */
export async function sortArpa(input: string, output: string, options: SortArpaOptions = {}): Promise<number[]> {
  const workDir = makeTempDir(options.tempDir ?? tmpdir(), "grampack-sort-arpa-");
  const writer = new ArpaWriter(output);
  const sorting = new SuffixSorter(input, writer, options.memoryBytes ?? DEFAULT_SORT_ARPA_MEMORY, workDir);
  try {
    const header = await readArpa(input, (entry) => sorting.add(entry), { onHeader: (h) => sorting.begin(h) });
    sorting.end();
    writer.commit();
    return header.counts;
  } finally {
    sorting.dispose();
    writer.abort();
    removeTempPath(workDir);
  }
}

/** Absent backoffs travel through the sort as this NaN pattern, which no float32 value written has. */
const NO_BACKOFF = 0xffffffff;

class SuffixSorter {
  private counts: number[] = [];
  private readonly idOf = new Map<string, number>();
  private readonly words: string[] = [];
  /** The section being read, and the sorter of its n-grams (orders 2 and up). */
  private order = 0;
  private sorter: ExternalSorter | undefined;
  private record = new Uint32Array(0);

  constructor(
    private readonly path: string,
    private readonly writer: ArpaWriter,
    private readonly memoryBytes: number,
    private readonly workDir: string,
  ) {}

  begin(header: ArpaHeader): void {
    this.counts = [...header.counts];
    this.writer.header(this.counts);
  }

  add(entry: ArpaEntry): void {
    while (this.order < entry.order) this.nextSection();
    if (entry.order === 1) return this.addUnigram(entry);
    const k = entry.order;
    const record = this.record;
    const words = entry.words.split(" ");
    for (let j = 0; j < k; j++) {
      const id = this.idOf.get(words[k - 1 - j]);
      if (id === undefined) throw new InputError(this.path, entry.lineNumber, `the word ${quote(words[k - 1 - j])} is not in the \\1-grams: section`);
      record[j] = id;
    }
    record[k] = float32Bits(entry.logProb);
    record[k + 1] = entry.backoff === undefined ? NO_BACKOFF : float32Bits(entry.backoff);
    record[k + 2] = 1;
    this.sorter!.push(record);
  }

  /** Writes the sections still open, up to the last. */
  end(): void {
    while (this.order < this.counts.length) this.nextSection();
    this.flush();
  }

  dispose(): void {
    this.sorter?.dispose();
  }

  private addUnigram(entry: ArpaEntry): void {
    if (this.idOf.has(entry.words)) throw new InputError(this.path, entry.lineNumber, `the unigram ${quote(entry.words)} is listed twice`);
    this.idOf.set(entry.words, this.words.length);
    this.words.push(entry.words);
    this.writer.entry(entry.words, entry.logProb, entry.backoff);
  }

  private nextSection(): void {
    this.flush();
    const k = ++this.order;
    this.writer.beginOrder(k);
    if (k === 1) return;
    const recordWords = k + 3;
    const memoryBytes = Math.min(this.memoryBytes, Math.max(1, this.counts[k - 1]) * bufferedRecordBytes(recordWords));
    this.sorter = new ExternalSorter({ recordWords, keyWords: k, memoryBytes, tempDir: this.workDir });
    this.record = new Uint32Array(recordWords);
  }

  /** Writes the sorted n-grams of the current section. */
  private flush(): void {
    const sorter = this.sorter;
    if (!sorter) return;
    this.sorter = undefined;
    const k = this.order;
    sorter.finish((block, count) => {
      for (let i = 0, at = 0; i < count; i++, at += k + 3) this.writeRecord(block, at, k);
    });
  }

  private writeRecord(block: Uint32Array, at: number, k: number): void {
    let text = this.words[block[at + k - 1]];
    for (let j = k - 2; j >= 0; j--) text += " " + this.words[block[at + j]];
    if (block[at + k + 2] !== 1) throw new InputError(this.path, 0, `the ${k}-gram ${quote(text)} is listed ${block[at + k + 2]} times`);
    const backoff = block[at + k + 1] === NO_BACKOFF ? undefined : float32OfBits(block[at + k + 1]);
    this.writer.entry(text, float32OfBits(block[at + k]), backoff);
  }
}
