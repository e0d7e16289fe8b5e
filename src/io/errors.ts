/**
 * Bad input text (a count file, a JSONL corpus, …): the message names the file, the line (when there is
 * one) and what was expected, so a user can open the file at that place and fix it.
 */
export class InputError extends Error {
  override name = "InputError";

  constructor(
    readonly file: string,
    /** 1-based line number; 0 when the problem concerns the whole file. */
    readonly line: number,
    readonly detail: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${detail}` : `${file}: ${detail}`);
  }
}

/** At most this many characters of input are quoted in an error message. */
export const QUOTED_CHARS = 80;

/**
 * A piece of input (a line, a word, a field) in double quotes for an error message. Text longer than
 * QUOTED_CHARS is cut there, with an ellipsis and its length, so that a message about a line of 50 MB stays
 * one short line. A surrogate pair is not cut in half.
 */
export function quote(text: string): string {
  if (text.length <= QUOTED_CHARS) return `"${text}"`;
  let end = QUOTED_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `"${text.slice(0, end)}…" (${text.length} characters)`;
}

/**
 * An output that cannot be written where the user asked: the message names the path the user gave (never
 * a temporary name) and what is wrong with it.
 */
export class OutputError extends Error {
  override name = "OutputError";

  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}
