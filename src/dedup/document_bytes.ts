/*
 * Documents as the bytes of their lines, for writing them out unchanged or with spans cut, byte for byte
 * elsewhere. Offsets of spans count the UTF-8 bytes of the text as it was read (a line decoded as UTF-8,
 * then for JSONL the string value of the text field): there an invalid byte sequence reads as U+FFFD
 * (three bytes), an escape such as \u00e9 as the character's UTF-8 bytes (two), a lone surrogate escape
 * as U+FFFD. Walking the raw bytes with the same rules maps every such offset back to the line, so a cut
 * removes exactly the bytes the span stands for and keeps all others as they were, invalid ones included.
 */

const DECODER = new TextDecoder();
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const REPLACEMENT_BYTES = 3;

/** Whether a line is blank as the text readers define it: nothing but whitespace once decoded. */
export function isBlankLine(line: Uint8Array): boolean {
  let ascii = true;
  for (let i = 0; i < line.length; i++) {
    const b = line[i];
    if (b >= 0x80) ascii = false;
    else if (b !== 0x20 && (b < 0x09 || b > 0x0d)) return false;
  }
  return ascii || DECODER.decode(line).trim().length === 0;
}

/** A member of a JSON object line: its name and the byte range of its value. */
export interface JsonMember {
  name: string;
  valueStart: number;
  valueEnd: number;
}

/**
 * The members of the JSON object on a line, in order (repeated names repeated: JSON.parse keeps the last),
 * or undefined when the line is not one JSON object. Only names are decoded; values are skipped.
 */
export function jsonMembers(line: Uint8Array): JsonMember[] | undefined {
  const members: JsonMember[] = [];
  let i = skipSpace(line, 0);
  if (line[i] !== 0x7b) return undefined;
  i = skipSpace(line, i + 1);
  if (line[i] === 0x7d) return skipSpace(line, i + 1) === line.length ? members : undefined;
  for (;;) {
    if (line[i] !== QUOTE) return undefined;
    const nameEnd = stringEnd(line, i);
    if (nameEnd >= line.length) return undefined;
    const name = JSON.parse(DECODER.decode(line.subarray(i, nameEnd + 1))) as string;
    i = skipSpace(line, nameEnd + 1);
    if (line[i] !== 0x3a) return undefined;
    const valueStart = skipSpace(line, i + 1);
    const valueEnd = valueEndOf(line, valueStart);
    if (valueEnd <= valueStart || valueEnd > line.length) return undefined;
    members.push({ name, valueStart, valueEnd });
    i = skipSpace(line, valueEnd);
    if (line[i] === 0x2c) {
      i = skipSpace(line, i + 1);
      continue;
    }
    return line[i] === 0x7d && skipSpace(line, i + 1) === line.length ? members : undefined;
  }
}

function skipSpace(line: Uint8Array, i: number): number {
  while (i < line.length && (line[i] === 0x20 || line[i] === 0x09 || line[i] === 0x0a || line[i] === 0x0d)) i++;
  return i;
}

/** Index of the quote closing the string literal opened at `open` (line.length when there is none). */
function stringEnd(line: Uint8Array, open: number): number {
  let i = open + 1;
  while (i < line.length) {
    const b = line[i];
    if (b === QUOTE) return i;
    i += b === BACKSLASH ? 2 : 1;
  }
  return line.length;
}

/** End (exclusive) of the JSON value starting at `start`. */
function valueEndOf(line: Uint8Array, start: number): number {
  const first = line[start];
  if (first === QUOTE) return stringEnd(line, start) + 1;
  if (first === 0x7b || first === 0x5b) {
    let depth = 0;
    for (let i = start; i < line.length; i++) {
      const b = line[i];
      if (b === QUOTE) i = stringEnd(line, i);
      else if (b === 0x7b || b === 0x5b) depth++;
      else if ((b === 0x7d || b === 0x5d) && --depth === 0) return i + 1;
    }
    return line.length + 1;
  }
  let i = start;
  while (i < line.length && line[i] !== 0x2c && line[i] !== 0x7d && line[i] !== 0x5d && skipSpace(line, i) === i) i++;
  return i;
}

/** What cutSpans found: the text's length in UTF-8 bytes as read, and the bytes of it kept. */
export interface CutResult {
  textBytes: number;
  keptBytes: number;
}

/**
 * Cuts the spans `removed` ([start, end) pairs, ascending, in UTF-8 bytes of the text as read) out of the
 * raw text `line[start, end)` (a JSON string literal's content when `json`), pushing the raw pieces kept
 * onto `pieces`. Throws when a span ends inside a character, which means the text is not the one the
 * spans were found in.
 */
export function cutSpans(line: Uint8Array, start: number, end: number, json: boolean, removed: readonly number[], pieces: Uint8Array[]): CutResult {
  const units = new RawUnits(line, end, json);
  let at = 0;
  let kept = 0;
  let span = 0;
  let runStart = start;
  let removing = false;
  let i = start;
  while (i < end) {
    const next = units.next(i);
    const length = units.length;
    while (span < removed.length && removed[span + 1] <= at) span += 2;
    const inside = span < removed.length && removed[span] <= at;
    if (inside ? at + length > removed[span + 1] : span < removed.length && at + length > removed[span]) {
      throw new Error(`a removed span ends inside the character at byte ${at} of the text`);
    }
    if (inside !== removing) {
      if (!removing && i > runStart) pieces.push(line.subarray(runStart, i));
      runStart = i;
      removing = inside;
    }
    if (!inside) kept += length;
    at += length;
    i = next;
  }
  if (!removing && end > runStart) pieces.push(line.subarray(runStart, end));
  return { textBytes: at, keptBytes: kept };
}

/**
 * The units of a raw text: characters, invalid byte sequences and (in JSON) escapes. `next(i)` returns
 * where the unit at i ends and leaves in `length` its UTF-8 bytes as read.
 */
class RawUnits {
  length = 0;

  constructor(
    private readonly line: Uint8Array,
    private readonly end: number,
    private readonly json: boolean,
  ) {}

  next(i: number): number {
    return this.json && this.line[i] === BACKSLASH ? this.escapeEnd(i) : this.characterEnd(i);
  }

  private escapeEnd(i: number): number {
    const line = this.line;
    if (line[i + 1] !== 0x75) {
      this.length = 1;
      return i + 2;
    }
    const unit = hex4(line, i + 2);
    if (unit >= 0xd800 && unit <= 0xdbff && line[i + 6] === BACKSLASH && line[i + 7] === 0x75) {
      const low = hex4(line, i + 8);
      if (low >= 0xdc00 && low <= 0xdfff) {
        this.length = 4;
        return i + 12;
      }
    }
    // A lone surrogate is encoded as U+FFFD.
    this.length = unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
    return i + 6;
  }

  /**
   * The character at i as the UTF-8 decoder of the Encoding Standard reads it: a whole sequence keeps its
   * length, and each maximal invalid part becomes one U+FFFD.
   */
  private characterEnd(i: number): number {
    const line = this.line;
    const lead = line[i];
    if (lead < 0x80) {
      this.length = 1;
      return i + 1;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) need = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      if (lead === 0xe0) lower = 0xa0;
      if (lead === 0xed) upper = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      if (lead === 0xf0) lower = 0x90;
      if (lead === 0xf4) upper = 0x8f;
    } else {
      this.length = REPLACEMENT_BYTES;
      return i + 1;
    }
    let j = i + 1;
    for (let k = 0; k < need; k++, j++) {
      if (j >= this.end || line[j] < lower || line[j] > upper) {
        this.length = REPLACEMENT_BYTES;
        return j;
      }
      lower = 0x80;
      upper = 0xbf;
    }
    this.length = need + 1;
    return j;
  }
}

function hex4(line: Uint8Array, i: number): number {
  return Number.parseInt(DECODER.decode(line.subarray(i, i + 4)), 16);
}
