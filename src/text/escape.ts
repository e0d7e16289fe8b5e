/*
 * A word of the count format cannot contain a space (the word separator), a tab (the count separator) or a
 * line break (the row separator), and cannot be empty. Token strings of a tokenizer may be any of these, so
 * they are escaped with a backslash, visibly and reversibly:
 *
 *   space → \s    tab → \t    LF → \n    CR → \r    backslash → \\    the empty token → \0
 *
 * The backslash itself is always escaped, so `unescapeWord(escapeWord(t)) === t` for every string t.
 */
import { quote } from "../io/errors.js";

const NEEDS_ESCAPE = /[\\ \t\n\r]/;
const ESCAPABLE = /[\\ \t\n\r]/g;
const ESCAPE_OF: Record<string, string> = { "\\": "\\\\", " ": "\\s", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const CHAR_OF: Record<string, string> = { "\\": "\\", s: " ", t: "\t", n: "\n", r: "\r" };
const EMPTY_TOKEN = "\\0";

/** The token as a word of a count file. */
export function escapeWord(token: string): string {
  if (token.length === 0) return EMPTY_TOKEN;
  // Almost no token needs escaping; testing first avoids building a new string for each.
  return NEEDS_ESCAPE.test(token) ? token.replace(ESCAPABLE, (c) => ESCAPE_OF[c]) : token;
}

/** The token a word of a count file stands for; throws RangeError on a backslash not followed by s, t, n, r or \. */
export function unescapeWord(word: string): string {
  if (word === EMPTY_TOKEN) return "";
  if (!word.includes("\\")) return word;
  return word.replace(/\\(.?)/gs, (escape, c: string) => {
    const char = CHAR_OF[c];
    if (char === undefined) throw new RangeError(`${quote(word)}: unknown escape "${escape}" (expected \\s, \\t, \\n, \\r or \\\\)`);
    return char;
  });
}
