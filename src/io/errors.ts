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
