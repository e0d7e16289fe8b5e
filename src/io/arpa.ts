import { InputError, quote } from "./errors.js";
import { AtomicWriter, type AtomicWriterOptions } from "./files.js";
import { float32Bits } from "./float_bits.js";
import { forEachLine, textBytesBound, type LineReadOptions, type TextBound } from "./lines.js";

/*
 * The ARPA format of back-off language models:
 *
 *   \data\
 *   ngram 1=<count>
 *   …
 *   ngram N=<count>
 *
 *   \1-grams:
 *   <log10 p>	<w1>	[<log10 backoff>]
 *   …
 *   \N-grams:
 *   <log10 p>	<w1 … wN>
 *
 *   \end\
 *
 * Fields are separated by tabs (or, in some files, by spaces), the words of an n-gram by single spaces.
 * Values are float32, as every ARPA tool stores them, and written as the shortest decimal that reads back
 * as the same float32.
 */

const FLOAT32_MAX_DIGITS = 9;
/** Most float32 values need 7 to 9 significant digits: the search starts there. */
const TYPICAL_DIGITS = 7;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const LOG10_2 = Math.log10(2);
/** 10^e, correctly rounded, for e from MIN_DECIMAL_EXPONENT to 7: the powers around plain-notation values. */
const MIN_DECIMAL_EXPONENT = -7;
const DECIMAL_POWERS = Array.from({ length: 15 }, (_, i) => Number(`1e${i + MIN_DECIMAL_EXPONENT}`));
/** The longest text of a float32 value: sign, 9 digits, point, exponent ("-1.17549435e-38"). */
const MAX_FLOAT_TEXT = 16;
const MINUS = 45;
const POINT = 46;
const ZERO = 48;
const TAB = 9;
const SPACE = 32;
const NEWLINE = 10;

/**
 * The shortest decimal of a float32, as digits m and scale (value m · 10^−scale, no trailing zero in m
 * unless scale ≤ 0), found by `shortestDecimal` and left here so no object is allocated per value.
 */
let decimalDigits = 0;
let decimalScale = 0;

/**
 * Finds the shortest decimal that reads back (through Number and Math.fround) as the positive float32 a,
 * for 1e-6 ≤ a < 1e6; false outside that range.
 */
function shortestDecimal(a: number): boolean {
  if (!(a >= 1e-6 && a < 1e6)) return false;
  // floor(log10 a) from the binary exponent b: log10 a is in [b·log10 2, (b + 1)·log10 2), one power of
  // ten or none above b·log10 2 (cheaper than Math.log10).
  let exponent = Math.floor(((float32Bits(a) >>> 23) - 127) * LOG10_2);
  if (a >= DECIMAL_POWERS[exponent + 1 - MIN_DECIMAL_EXPONENT]) exponent++;
  let digits = TYPICAL_DIGITS;
  if (roundTrips(a, digits, exponent)) {
    while (digits > 1 && roundTrips(a, digits - 1, exponent)) digits--;
  } else {
    while (digits < FLOAT32_MAX_DIGITS && !roundTrips(a, digits, exponent)) digits++;
  }
  let scale = digits - 1 - exponent;
  let m = scaled(a, scale);
  while (scale > 0 && m % 10 === 0) {
    m /= 10;
    scale--;
  }
  decimalDigits = m;
  decimalScale = scale;
  return true;
}

/** a · 10^scale rounded to an integer. */
function scaled(a: number, scale: number): number {
  return scale >= 0 ? Math.round(a * POW10[scale]) : Math.round(a / POW10[-scale]);
}

/** Whether a rounded to `digits` significant digits reads back as a; the reader divides exactly as here. */
function roundTrips(a: number, digits: number, exponent: number): boolean {
  const scale = digits - 1 - exponent;
  const m = scaled(a, scale);
  return Math.fround(scale >= 0 ? m / POW10[scale] : m * POW10[-scale]) === a;
}

/**
 * Writes the shortest decimal that reads back as `x` rounded to float32 into `out` at `pos` (at most
 * MAX_FLOAT_TEXT bytes) and returns the position after it. Plain notation from 1e-6 to 1e6, JavaScript's
 * exponent notation outside.
 */
export function writeFloat32(x: number, out: Uint8Array, pos: number): number {
  const bits = float32Bits(x);
  const slot = Math.imul(bits, HASH_MULTIPLIER) >>> (32 - CACHE_BITS);
  if (cachedBits[slot] === bits) {
    const from = slot * MAX_FLOAT_TEXT;
    for (let i = 0, n = cachedLengths[slot]; i < n; i++) out[pos++] = cachedText[from + i];
    return pos;
  }
  const end = writeDecimal(Math.fround(x), out, pos);
  if (bits !== NO_BITS) {
    cachedBits[slot] = bits;
    cachedLengths[slot] = end - pos;
    // A loop, not set(subarray(…)): no view allocated per value.
    for (let i = pos, to = slot * MAX_FLOAT_TEXT; i < end; i++, to++) cachedText[to] = out[i];
  }
  return end;
}

/*
 * Models repeat values a lot (every singleton of a context has the same probability; sample_text's order-5
 * model has 940,000 values, 222,000 distinct): the text of recent values is kept in a direct-mapped cache.
 */
const CACHE_BITS = 14;
const HASH_MULTIPLIER = 0x9e3779b1;
/** A NaN pattern no value is written with: marks empty slots. */
const NO_BITS = 0xffffffff;
const cachedBits = new Uint32Array(1 << CACHE_BITS).fill(NO_BITS);
const cachedLengths = new Uint8Array(1 << CACHE_BITS);
const cachedText = new Uint8Array((1 << CACHE_BITS) * MAX_FLOAT_TEXT);

function writeDecimal(x: number, out: Uint8Array, pos: number): number {
  if (!shortestDecimal(Math.abs(x))) return writeAscii(formatByPrecision(x), out, pos);
  if (x < 0) out[pos++] = MINUS;
  const m = decimalDigits;
  const scale = decimalScale;
  let length = 1;
  while (length < FLOAT32_MAX_DIGITS && m >= POW10[length]) length++;
  if (scale <= 0) {
    pos = writeDigits(m, length, out, pos);
    for (let i = 0; i < -scale; i++) out[pos++] = ZERO;
  } else if (length > scale) {
    const whole = (m / POW10[scale]) | 0;
    pos = writeDigits(whole, length - scale, out, pos);
    out[pos++] = POINT;
    pos = writeDigits(m - whole * POW10[scale], scale, out, pos);
  } else {
    out[pos++] = ZERO;
    out[pos++] = POINT;
    pos = writeDigits(m, scale, out, pos); // leading zeros included
  }
  return pos;
}

/** The `length` last decimal digits of the integer n < 2^31, with leading zeros. */
function writeDigits(n: number, length: number, out: Uint8Array, pos: number): number {
  // Integer arithmetic: n has at most 9 digits.
  for (let i = pos + length - 1; i >= pos; i--) {
    const q = (n / 10) | 0;
    out[i] = ZERO + n - 10 * q;
    n = q;
  }
  return pos + length;
}

function writeAscii(text: string, out: Uint8Array, pos: number): number {
  for (let i = 0; i < text.length; i++) out[pos++] = text.charCodeAt(i);
  return pos;
}

const floatText = new Uint8Array(MAX_FLOAT_TEXT);

/** The shortest decimal that reads back (through Number and Math.fround) as the float32 `x`. */
export function formatFloat32(x: number): string {
  return String.fromCharCode(...floatText.subarray(0, writeFloat32(x, floatText, 0)));
}

/** The slow general way, for zero, infinities and numbers outside the plain range. */
function formatByPrecision(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return x === 0 ? "0" : String(x);
  for (let digits = 1; digits < FLOAT32_MAX_DIGITS; digits++) {
    const text = x.toPrecision(digits);
    if (Math.fround(Number(text)) === x) return String(Number(text));
  }
  return String(Number(x.toPrecision(FLOAT32_MAX_DIGITS)));
}

/** One n-gram line of an ARPA file. */
export interface ArpaEntry {
  order: number;
  /** The words joined by single spaces. */
  words: string;
  logProb: number;
  /** undefined when the line has no backoff column. */
  backoff: number | undefined;
  lineNumber: number;
}

/** counts[k - 1]: the number of k-grams the header announces. */
export interface ArpaHeader {
  counts: number[];
}

/**
 * Writes an ARPA file atomically (gzip when the name ends in .gz): `header`, then for each order in turn
 * `beginOrder` and its entries, then `commit`. The counts of the header are checked against the entries.
 * Lines are encoded straight into a byte buffer: words once per vocabulary (`useVocabulary`,
 * `entryOfReversedIds`) or per line (`entry`), values by `writeFloat32`.
 */
export class ArpaWriter {
  private readonly out: AtomicWriter;
  private counts: number[] = [];
  private order = 0;
  private written = 0;
  private buffer = new Uint8Array(1 << 16);
  private pos = 0;
  private readonly utf8 = new TextEncoder();
  /** The UTF-8 bytes of word i are vocabulary[starts[i] … starts[i + 1]). */
  private vocabulary = new Uint8Array(0);
  private starts = new Uint32Array(1);
  private longestWord = 0;

  constructor(readonly path: string, options: AtomicWriterOptions = {}) {
    this.out = new AtomicWriter(path, options);
  }

  header(counts: readonly number[]): void {
    this.counts = [...counts];
    let text = "\\data\\\n";
    counts.forEach((n, i) => (text += `ngram ${i + 1}=${n}\n`));
    this.out.write(text);
  }

  beginOrder(order: number): void {
    this.checkSectionComplete();
    if (order !== this.order + 1 || order > this.counts.length) this.fail(`section ${order} out of turn`);
    this.order = order;
    this.written = 0;
    this.flush();
    this.out.write(`\n\\${order}-grams:\n`);
  }

  /** One n-gram of the current order; `backoff` undefined leaves the column out. */
  entry(words: string, logProb: number, backoff: number | undefined): void {
    this.reserve(3 * words.length + 2 * MAX_FLOAT_TEXT + 3);
    const buffer = this.buffer;
    let pos = writeFloat32(logProb, buffer, this.pos);
    buffer[pos++] = TAB;
    pos += this.utf8.encodeInto(words, buffer.subarray(pos)).written;
    this.endLine(pos, backoff);
  }

  /** Sets the words that `entryOfReversedIds` refers to by ID. */
  useVocabulary(words: readonly string[]): void {
    const encoded = words.map((w) => this.utf8.encode(w));
    this.starts = new Uint32Array(words.length + 1);
    for (let i = 0; i < words.length; i++) this.starts[i + 1] = this.starts[i] + encoded[i].length;
    this.vocabulary = new Uint8Array(this.starts[words.length]);
    encoded.forEach((bytes, i) => this.vocabulary.set(bytes, this.starts[i]));
    this.longestWord = encoded.reduce((longest, bytes) => Math.max(longest, bytes.length), 0);
  }

  /** One n-gram of the current order given by word IDs read right to left: ids[at + order − 1] comes first. */
  entryOfReversedIds(ids: Uint32Array, at: number, logProb: number, backoff: number | undefined): void {
    const k = this.order;
    this.reserve(k * (this.longestWord + 1) + 2 * MAX_FLOAT_TEXT + 3);
    const buffer = this.buffer;
    const vocabulary = this.vocabulary;
    const starts = this.starts;
    let pos = writeFloat32(logProb, buffer, this.pos);
    for (let j = k - 1; j >= 0; j--) {
      buffer[pos++] = j === k - 1 ? TAB : SPACE;
      const id = ids[at + j];
      for (let b = starts[id], end = starts[id + 1]; b < end; b++) buffer[pos++] = vocabulary[b];
    }
    this.endLine(pos, backoff);
  }

  commit(): void {
    this.checkSectionComplete();
    if (this.order !== this.counts.length) this.fail(`only ${this.order} of ${this.counts.length} sections written`);
    this.flush();
    this.out.write("\n\\end\\\n");
    this.out.commit();
  }

  /** Removes the temporary file; the target is left as it was. Does nothing after commit. */
  abort(): void {
    this.out.abort();
  }

  private endLine(pos: number, backoff: number | undefined): void {
    const buffer = this.buffer;
    if (backoff !== undefined) {
      buffer[pos++] = TAB;
      pos = writeFloat32(backoff, buffer, pos);
    }
    buffer[pos++] = NEWLINE;
    this.pos = pos;
    this.written++;
  }

  /** Room for `bytes` more in the buffer. */
  private reserve(bytes: number): void {
    if (this.pos + bytes <= this.buffer.length) return;
    this.flush();
    if (bytes > this.buffer.length) this.buffer = new Uint8Array(2 * bytes);
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.out.write(this.buffer.subarray(0, this.pos));
    this.pos = 0;
  }

  private checkSectionComplete(): void {
    if (this.order > 0 && this.written !== this.counts[this.order - 1]) {
      this.fail(`${this.written} ${this.order}-grams written, but the header announces ${this.counts[this.order - 1]}`);
    }
  }

  private fail(what: string): never {
    this.abort();
    throw new Error(`${this.path}: ${what}`);
  }
}

const DATA = "\\data\\";
const END = "\\end\\";
const COUNT_LINE = /^ngram\s+(\d+)\s*=\s*(\d+)$/;
const SECTION_LINE = /^\\(\d+)-grams:$/;
const WHITESPACE = /\s+/;
const PLUS = 43;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const LOWER_E = 101;
const UPPER_E = 69;

/**
 * The fewest bytes a k-gram line takes: a one-digit value, a tab, k one-byte words with spaces between
 * them, and the newline.
 */
function minimalLineBytes(k: number): number {
  return 2 * k + 2;
}

/**
 * Reads an ARPA file (plain or gzip) line by line, calling `onEntry` for every n-gram; returns the header.
 * Blank lines are allowed anywhere, the backoff column is optional, -99 (or -inf) is a probability like
 * any other. Refused, with the line: a missing or malformed header, counts the file is too small to hold,
 * sections out of order, an entry with the wrong number of words, a value that is not a decimal number
 * (or a log10 probability above 0), section sizes that disagree with the header, bytes that are not UTF-8,
 * and a file that ends before `\end\`. Values are rounded to float32.
 */
export async function readArpa(path: string, onEntry: (entry: ArpaEntry) => void, options: ArpaReadOptions = {}): Promise<ArpaHeader> {
  const parser = new ArpaParser(path, onEntry, options.onHeader, textBytesBound(path));
  const lines = await forEachLine(path, (line, lineNumber) => parser.line(line, lineNumber), { ...options, strictUtf8: true });
  parser.end(lines);
  return { counts: parser.counts };
}

export interface ArpaReadOptions extends LineReadOptions {
  /** Called once the header is read, before the first entry. */
  onHeader?: (header: ArpaHeader) => void;
}

type ParserState = "start" | "header" | "sections" | "end";

class ArpaParser {
  readonly counts: number[] = [];
  private state: ParserState = "start";
  private order = 0;
  private seen = 0;
  private sectionStart = 0;
  /** The fewest bytes the n-grams announced so far take. */
  private announcedBytes = 0;

  constructor(
    private readonly path: string,
    private readonly onEntry: (entry: ArpaEntry) => void,
    private readonly onHeader: ((header: ArpaHeader) => void) | undefined,
    private readonly bound: TextBound,
  ) {}

  line(raw: string, lineNumber: number): void {
    const line = raw.length > 0 && isSpace(raw.charCodeAt(0)) === isSpace(raw.charCodeAt(raw.length - 1)) && !isSpace(raw.charCodeAt(0)) ? raw : raw.trim();
    if (line.length === 0) return;
    switch (this.state) {
      case "start":
        if (line !== DATA) this.fail(lineNumber, `expected "${DATA}", got ${quote(line)}`);
        this.state = "header";
        return;
      case "header":
        return this.headerLine(line, lineNumber);
      case "sections":
        return this.sectionContent(line, lineNumber);
      case "end":
        this.fail(lineNumber, `expected nothing after "${END}", got ${quote(line)}`);
    }
  }

  end(lines: number): void {
    if (this.state !== "end") this.fail(lines, `the file ends before "${END}" (truncated?)`);
  }

  private headerLine(line: string, lineNumber: number): void {
    const count = COUNT_LINE.exec(line);
    if (count) {
      const order = Number(count[1]);
      if (order !== this.counts.length + 1) this.fail(lineNumber, `expected "ngram ${this.counts.length + 1}=<count>", got ${quote(line)}`);
      this.counts.push(this.announcedCount(order, count[2], lineNumber));
      return;
    }
    if (this.counts.length === 0) this.fail(lineNumber, `expected "ngram 1=<count>", got ${quote(line)}`);
    this.state = "sections";
    this.onHeader?.({ counts: this.counts });
    this.sectionContent(line, lineNumber);
  }

  /** A count of the header, refused when it is beyond what the file could hold. */
  private announcedCount(order: number, text: string, lineNumber: number): number {
    const n = Number(text);
    if (!Number.isSafeInteger(n)) this.fail(lineNumber, `ngram ${order}=${quote(text)}: expected a count below 2^53`);
    this.announcedBytes += n * minimalLineBytes(order);
    if (this.announcedBytes > this.bound.bytes) {
      this.fail(lineNumber, `ngram ${order}=${n}: more n-grams than ${this.bound.what} can hold (a ${order}-gram line takes at least ${minimalLineBytes(order)} bytes)`);
    }
    return n;
  }

  private sectionContent(line: string, lineNumber: number): void {
    if (line.charCodeAt(0) === 92 /* backslash */) return this.marker(line, lineNumber);
    if (this.order === 0) this.fail(lineNumber, `expected "\\1-grams:", got ${quote(line)}`);
    this.onEntry(this.parseEntry(line, lineNumber));
    this.seen++;
  }

  /** `\k-grams:` starts the next section; `\end\` closes the last. */
  private marker(line: string, lineNumber: number): void {
    this.checkSectionSize(lineNumber);
    if (line === END) {
      if (this.order !== this.counts.length) this.fail(lineNumber, `"${END}" after section ${this.order}, but the header announces ${this.counts.length} orders`);
      this.state = "end";
      return;
    }
    const section = SECTION_LINE.exec(line);
    const next = this.order + 1;
    if (!section || Number(section[1]) !== next || next > this.counts.length) {
      this.fail(lineNumber, next > this.counts.length ? `expected "${END}", got ${quote(line)}` : `expected "\\${next}-grams:", got ${quote(line)}`);
    }
    this.order = next;
    this.seen = 0;
    this.sectionStart = lineNumber;
  }

  private checkSectionSize(lineNumber: number): void {
    if (this.order === 0) return;
    const announced = this.counts[this.order - 1];
    if (this.seen !== announced) {
      this.fail(lineNumber, `section "\\${this.order}-grams:" (line ${this.sectionStart}) has ${this.seen} entries, but the header announces ngram ${this.order}=${announced}`);
    }
  }

  /** "p<TAB>w1 … wk[<TAB>b]", or the same with spaces between the fields. */
  private parseEntry(line: string, lineNumber: number): ArpaEntry {
    return this.parseTabbed(line, lineNumber) ?? this.parseLoose(line, lineNumber);
  }

  /** The common layout, with single tabs and single spaces, read without splitting; else undefined. */
  private parseTabbed(line: string, lineNumber: number): ArpaEntry | undefined {
    const k = this.order;
    const tab = line.indexOf("\t");
    if (tab <= 0) return undefined;
    let end = line.indexOf("\t", tab + 1);
    const last = end < 0;
    if (last) end = line.length;
    const words = line.slice(tab + 1, end);
    if (!singleSpaced(words) || countWords(words) !== k || (!last && line.indexOf("\t", end + 1) >= 0)) return undefined;
    const logProb = this.probability(line.slice(0, tab), lineNumber);
    const backoff = last ? undefined : this.backoff(line.slice(end + 1), lineNumber);
    return { order: k, words, logProb, backoff, lineNumber };
  }

  private parseLoose(line: string, lineNumber: number): ArpaEntry {
    const k = this.order;
    let fields = line.split("\t");
    let words: string;
    if (fields.length === 2 || fields.length === 3) {
      words = fields[1].trim().split(WHITESPACE).join(" ");
      if (countWords(words) !== k) this.fail(lineNumber, `expected ${k} word(s) in a ${k}-gram, got ${quote(fields[1])}`);
    } else {
      fields = line.split(WHITESPACE);
      if (fields.length !== k + 1 && fields.length !== k + 2) this.fail(lineNumber, `expected "log10p<TAB>${k} word(s)[<TAB>backoff]", got ${quote(line)}`);
      words = fields.slice(1, k + 1).join(" ");
      fields = fields.length === k + 2 ? [fields[0], words, fields[k + 1]] : [fields[0], words];
    }
    const logProb = this.probability(fields[0], lineNumber);
    const backoff = fields.length === 3 ? this.backoff(fields[2], lineNumber) : undefined;
    return { order: k, words, logProb, backoff, lineNumber };
  }

  /** A log10 probability: a decimal number ≤ 0 (−99 for "never", as KenLM writes p(<s>)), or "-inf". */
  private probability(text: string, lineNumber: number): number {
    const t = text.trim();
    if (!isDecimal(t)) {
      if (/^-inf(inity)?$/i.test(t)) return -Infinity;
      this.fail(lineNumber, `expected a log10 probability (a decimal number ≤ 0), got ${quote(text)}`);
    }
    const value = this.float32(t, text, "log10 probability", lineNumber);
    if (value > 0) this.fail(lineNumber, `log10 probability ${quote(text)} is above 0, expected a decimal number ≤ 0`);
    return value;
  }

  /** A log10 backoff weight: a decimal number. */
  private backoff(text: string, lineNumber: number): number {
    const t = text.trim();
    if (!isDecimal(t)) this.fail(lineNumber, `expected a log10 backoff (a decimal number), got ${quote(text)}`);
    return this.float32(t, text, "log10 backoff", lineNumber);
  }

  /** The decimal number `t` as a float32, refused beyond float32's range. */
  private float32(t: string, text: string, what: string, lineNumber: number): number {
    const value = Math.fround(Number(t));
    if (!Number.isFinite(value)) this.fail(lineNumber, `${what} ${quote(text)} is beyond the range of float32 values`);
    return value;
  }

  private fail(lineNumber: number, what: string): never {
    throw new InputError(this.path, lineNumber, what);
  }
}

/**
 * Whether `t` is a decimal number: an optional sign, digits with at most one point (at least one digit),
 * and an optional exponent "e" or "E", sign, digits. Number() reads those, and also "Infinity",
 * hexadecimal, octal and binary integers ("0x10") and text with whitespace around, which are ruled out
 * here by the first and last characters: checked per value, this costs no scan of the text.
 */
export function isDecimal(t: string): boolean {
  const n = t.length;
  if (n === 0) return false;
  const first = t.charCodeAt(0);
  const last = t.charCodeAt(n - 1);
  if (!(isDigit(last) || last === POINT)) return false;
  if (!(isDigit(first) || first === MINUS || first === PLUS || first === POINT)) return false;
  if (first === DIGIT_0 && n > 1) {
    const second = t.charCodeAt(1);
    if (!(isDigit(second) || second === POINT || second === LOWER_E || second === UPPER_E)) return false;
  }
  return !Number.isNaN(Number(t));
}

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12 || c === 10 || c === 160;
}

/** No leading, trailing or double space, and no other whitespace. */
function singleSpaced(words: string): boolean {
  let previous = 32;
  for (let i = 0; i < words.length; i++) {
    const c = words.charCodeAt(i);
    if (c === 32 ? previous === 32 : isSpace(c)) return false;
    previous = c;
  }
  return previous !== 32;
}

function countWords(words: string): number {
  if (words.length === 0) return 0;
  let n = 1;
  for (let i = 0; i < words.length; i++) if (words.charCodeAt(i) === 32) n++;
  return n;
}
