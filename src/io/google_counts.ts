import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { InputError, quote } from "./errors.js";
import { AtomicWriter } from "./files.js";
import { forEachLine, textBytesBound, type LineReadOptions } from "./lines.js";

/*
 * The Google n-gram count format as Tongrams reads it: one file per order, named `<N>-grams`, optionally
 * `.sorted` and `.gz`. Line 1 is the number of rows; every further line is `w1 w2 … wN<TAB>count`, words
 * separated by single spaces, count a positive integer.
 */

const SPACE = 32;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const COUNT_FILE_NAME = /^(\d+)-grams(\.sorted)?(\.gz)?$/;
const EMPTY_FILE = "empty file, expected the number of rows on line 1";

/** Receives each row; returning false stops the reading. The gram is the words joined by single spaces. */
export type CountRowHandler = (gram: string, count: number, lineNumber: number) => boolean | void;

/**
 * Receives each row as its whole line, the gram being line[0 .. gramEnd): for readers that work on word
 * ranges and should not cut a substring per row.
 */
export type CountLineHandler = (line: string, gramEnd: number, count: number, lineNumber: number) => boolean | void;

export interface CountFileOptions extends LineReadOptions {
  /** Words per gram. Default: N from the file name `<N>-grams…`. */
  order?: number;
}

/** The order N of a file named `<N>-grams[.sorted][.gz]`, or undefined for another name. */
export function orderOfCountFile(path: string): number | undefined {
  const match = COUNT_FILE_NAME.exec(basename(path));
  return match ? Number(match[1]) : undefined;
}

/** Candidate names for order n, in order of preference: sorted files first, as trie building needs them. */
function countFileNames(n: number): string[] {
  return [`${n}-grams.sorted`, `${n}-grams.sorted.gz`, `${n}-grams`, `${n}-grams.gz`];
}

/**
 * The count files of `dir`, element i for order i + 1. With `maxOrder`, every order up to it must be there;
 * without, orders are taken from 1 up while files exist.
 */
export function findCountFiles(dir: string, maxOrder?: number): string[] {
  const present = new Set(readdirSync(dir));
  const files: string[] = [];
  for (let n = 1; maxOrder === undefined || n <= maxOrder; n++) {
    const names = countFileNames(n);
    const found = names.find((name) => present.has(name));
    if (found === undefined) {
      if (maxOrder === undefined && n > 1) break;
      throw new InputError(dir, 0, `no count file for order ${n} (expected one of ${names.join(", ")})`);
    }
    files.push(join(dir, found));
  }
  return files;
}

/**
 * A count: digits only, no leading zero, at least 1, at most 2^53 - 1 (web-scale unigram counts exceed
 * 2^32). Returns -1 for anything else; a loop rather than a regular expression because it runs per row.
 */
function parseCount(text: string, from: number): number {
  if (from >= text.length || text.charCodeAt(from) === DIGIT_0) return -1;
  let value = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) return -1;
    value = value * 10 + (c - DIGIT_0);
  }
  return Number.isSafeInteger(value) ? value : -1;
}

/** What is wrong with a gram of `order` words, or undefined when it is well formed. */
function gramProblem(line: string, end: number, order: number): string | undefined {
  let words = 1;
  let previous = SPACE; // a leading space is an empty first word
  for (let i = 0; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c === SPACE) {
      if (previous === SPACE) return "empty word (leading, trailing or double space)";
      words++;
    }
    previous = c;
  }
  if (previous === SPACE) return "empty word (leading, trailing or double space)";
  return words === order ? undefined : `${words} word(s), expected ${order} for a ${order}-gram file`;
}

function requireOrder(path: string, order: number | undefined): number {
  const n = order ?? orderOfCountFile(path);
  if (n === undefined || !(n >= 1)) throw new InputError(path, 0, "cannot tell the order: name the file <N>-grams or pass the order");
  return n;
}

/** The number of rows announced on line 1. */
export async function readCountHeader(path: string, options: LineReadOptions = {}): Promise<number> {
  let rows: number | undefined;
  await forEachLine(
    path,
    (line) => {
      rows = parseHeader(path, line);
      return false;
    },
    options,
  );
  if (rows === undefined) throw new InputError(path, 0, EMPTY_FILE);
  return rows;
}

/** The fewest bytes of a row: a one-byte word, a tab and a one-digit count. */
const MIN_ROW_BYTES = 3;

/**
 * The number of rows of line 1, refused when it is not a number or far more rows than the file could
 * hold: readers size their arrays by it. (A smaller shortfall is found at the end of the file, with the
 * number of rows there are.)
 */
function parseHeader(path: string, line: string): number {
  if (!/^\d+$/.test(line)) throw new InputError(path, 1, `expected the number of rows, got ${quote(line)}`);
  const rows = Number(line);
  if (!Number.isSafeInteger(rows)) throw new InputError(path, 1, `the number of rows ${quote(line)} is beyond 2^53`);
  const bound = textBytesBound(path);
  if (rows * MIN_ROW_BYTES > bound.bytes) {
    throw new InputError(path, 1, `${rows} rows announced, more than ${bound.what} can hold (a row takes at least ${MIN_ROW_BYTES} bytes)`);
  }
  return rows;
}

/**
 * Reads a count file (plain or gzip) row by row, checking every row and the announced number of rows.
 * Returns the number of rows.
 */
export function forEachCountRow(path: string, onRow: CountRowHandler, options: CountFileOptions = {}): Promise<number> {
  return forEachCountLine(path, (line, gramEnd, count, lineNumber) => onRow(line.slice(0, gramEnd), count, lineNumber), options);
}

/** `forEachCountRow` without the gram cut out of its line. */
export async function forEachCountLine(path: string, onRow: CountLineHandler, options: CountFileOptions = {}): Promise<number> {
  const order = requireOrder(path, options.order);
  let announced = -1;
  let rows = 0;
  let stopped = false;
  const lines = await forEachLine(
    path,
    (line, lineNumber) => {
      if (lineNumber === 1) {
        announced = parseHeader(path, line);
        return;
      }
      if (rows === announced) throw new InputError(path, lineNumber, `more rows than the ${announced} announced on line 1`);
      const tab = line.indexOf("\t");
      if (tab < 0) throw new InputError(path, lineNumber, `expected "gram<TAB>count", found no tab`);
      const count = parseCount(line, tab + 1);
      if (count < 0) throw new InputError(path, lineNumber, `count ${quote(line.slice(tab + 1))} is not a positive integer`);
      const problem = gramProblem(line, tab, order);
      if (problem !== undefined) throw new InputError(path, lineNumber, problem);
      rows++;
      if (onRow(line, tab, count, lineNumber) === false) stopped = true;
      return !stopped;
    },
    options,
  );
  if (lines === 0) throw new InputError(path, 0, EMPTY_FILE);
  if (!stopped && rows < announced) throw new InputError(path, lines, `${rows} rows, but line 1 announces ${announced}`);
  return rows;
}

/**
 * Writes a count file atomically (gzip when the name ends in .gz). The number of rows goes first, so it is
 * given up front and checked on commit; every row is checked as the reader would.
 */
export class CountFileWriter {
  private readonly out: AtomicWriter;
  private written = 0;

  constructor(
    readonly path: string,
    readonly order: number,
    readonly rows: number,
  ) {
    this.out = new AtomicWriter(path);
    this.out.write(`${rows}\n`);
  }

  add(gram: string, count: number): void {
    const problem = gramProblem(gram, gram.length, this.order) ?? separatorProblem(gram) ?? countProblem(count);
    if (problem !== undefined) {
      this.out.abort();
      throw new RangeError(`${this.path}: row ${this.written + 1} ${quote(gram)}: ${problem}`);
    }
    this.out.write(`${gram}\t${count}\n`);
    this.written++;
  }

  commit(): void {
    if (this.written !== this.rows) {
      this.out.abort();
      throw new RangeError(`${this.path}: ${this.written} rows written, ${this.rows} announced`);
    }
    this.out.commit();
  }

  abort(): void {
    this.out.abort();
  }
}

/** The reader cuts rows at newlines and at the first tab, so a word must contain neither. */
function separatorProblem(gram: string): string | undefined {
  return gram.includes("\t") || gram.includes("\n") ? "a word contains a tab or a newline" : undefined;
}

function countProblem(count: number): string | undefined {
  return Number.isSafeInteger(count) && count >= 1 ? undefined : `count ${count} is not a positive integer`;
}
