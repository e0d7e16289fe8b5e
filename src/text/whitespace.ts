/** Whitespace as JavaScript's `\s` defines it: space, tab, CR, LF and the other Unicode spaces and line separators. */
const WHITESPACE_RUN = /\s+/;
const WHITESPACE_CHAR = /\s/;

/** The words of `text`: the runs between whitespace. */
export function whitespaceWords(text: string): string[] {
  // trim() and \s agree on what whitespace is, so the split yields no empty word.
  const trimmed = text.trim();
  return trimmed.length === 0 ? [] : trimmed.split(WHITESPACE_RUN);
}

/** Whether the UTF-16 code unit `c` is whitespace (ASCII decided without a regex). */
export function isWhitespaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c >= 0x80 && WHITESPACE_CHAR.test(String.fromCharCode(c)));
}

/** `text` with its whitespace runs made single spaces and its ends trimmed: words as a model's n-grams spell them. */
export function singleSpaced(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const single = c === 32 && i > 0 && i < text.length - 1 && text.charCodeAt(i - 1) !== 32;
    if (!single && isWhitespaceCode(c)) return whitespaceWords(text).join(" ");
  }
  return text;
}
