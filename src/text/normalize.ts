/*
 * The text normalization CCNet applies before estimating and scoring with its KenLM models
 * (cc_net/text_normalizer.py, `normalize(line)` with its defaults), so that our models see text as theirs did.
 * In order:
 *
 *   1. strip whitespace at both ends, as Python's str.strip() does (not JavaScript's trim(): see isPythonSpace);
 *   2. lower-case (full mappings, final sigma: JavaScript's toLowerCase() and Python's str.lower() agree);
 *   3. decompose (NFD) and drop nonspacing marks (category Mn) — the text is *not* recomposed afterwards, so
 *      Hangul syllables come out as conjoining jamo and spacing marks (Mc) stay decomposed;
 *   4. replace every decimal digit (category Nd, any script: what Python's re `\d` matches) by "0";
 *   5. replace a fixed set of Unicode punctuation by ASCII (PUNCTUATION);
 *   6. delete the C0 and C1 control characters U+0000–U+001F and U+007F–U+009F (tab and newline included);
 *      other characters of category C (U+200B, U+FEFF, the soft hyphen, unassigned ones) are kept.
 *
 * Steps 3–6 act on each character of the decomposed text alone, and no character is touched by two of them
 * except U+FF11 (fullwidth one), which is a digit and also in CCNet's punctuation table: digits are
 * replaced first, so it becomes "0". Character properties are those of the JavaScript engine's Unicode
 * version, which may be newer than the Python's that CCNet ran on (test/text/normalize.test.ts says where
 * they differ).
 */

/** How text is normalized before it is counted or scored: not at all, or as CCNet does. */
export type Normalization = "none" | "ccnet";

/** Every normalization, in the order error messages list them. */
export const NORMALIZATIONS: readonly Normalization[] = ["none", "ccnet"];

/** The normalization a command-line value names; throws RangeError listing the choices for any other value. */
export function parseNormalization(value: string): Normalization {
  const kind = NORMALIZATIONS.find((n) => n === value);
  if (kind === undefined) throw new RangeError(`unknown normalization "${value}": expected ${NORMALIZATIONS.join(" or ")}`);
  return kind;
}

/** The function that normalizes text as `kind` says. */
export function normalizer(kind: Normalization): (text: string) => string {
  return kind === "ccnet" ? ccnetNormalize : unchanged;
}

function unchanged(text: string): string {
  return text;
}

/**
 * CCNet's replacements of Unicode punctuation by ASCII (`UNICODE_PUNCT`), as [code point, replacement]:
 * CJK and fullwidth forms, typographic quotes and dashes, a box-drawing line and a pointer. The em dash
 * and the fullwidth full stop gain spaces.
 */
const PUNCTUATION: readonly (readonly [number, string])[] = [
  [0xff0c, ","], // fullwidth comma
  [0x3002, "."], // ideographic full stop
  [0x3001, ","], // ideographic comma
  [0x201e, '"'], // double low-9 quotation mark
  [0x201d, '"'], // right double quotation mark
  [0x201c, '"'], // left double quotation mark
  [0x00ab, '"'], // left-pointing double angle quotation mark
  [0x00bb, '"'], // right-pointing double angle quotation mark
  [0xff11, '"'], // fullwidth digit one: in CCNet's table, but never reached (a digit, so already "0")
  [0x300d, '"'], // right corner bracket
  [0x300c, '"'], // left corner bracket
  [0x300a, '"'], // left double angle bracket
  [0x300b, '"'], // right double angle bracket
  [0x00b4, "'"], // acute accent (spacing)
  [0x2236, ":"], // ratio
  [0xff1a, ":"], // fullwidth colon
  [0xff1f, "?"], // fullwidth question mark
  [0xff01, "!"], // fullwidth exclamation mark
  [0xff08, "("], // fullwidth left parenthesis
  [0xff09, ")"], // fullwidth right parenthesis
  [0xff1b, ";"], // fullwidth semicolon
  [0x2013, "-"], // en dash
  [0x2014, " - "], // em dash
  [0xff0e, ". "], // fullwidth full stop
  [0xff5e, "~"], // fullwidth tilde
  [0x2019, "'"], // right single quotation mark
  [0x2026, "..."], // horizontal ellipsis
  [0x2501, "-"], // box drawings heavy horizontal
  [0x3008, "<"], // left angle bracket (also what NFD makes of U+2329)
  [0x3009, ">"], // right angle bracket (also what NFD makes of U+232A)
  [0x3010, "["], // left black lenticular bracket
  [0x3011, "]"], // right black lenticular bracket
  [0xff05, "%"], // fullwidth percent sign
  [0x25ba, "-"], // black right-pointing pointer
];

/*
 * What the deletion of marks and steps 4–6 do to each UTF-16 code unit of the decomposed text: a table of
 * the BMP built on first use from the engine's own Unicode properties (a few milliseconds, once), because
 * replacing with the regular expressions \p{Mn} and \p{Nd} is several times slower than one pass over the
 * table. A high surrogate means "look at the code point": astral marks and digits are classified once each,
 * in ASTRAL_ACTIONS.
 */
const KEEP = 0;
const HIGH_SURROGATE = 1;
/** Actions from here on index REPLACEMENTS. */
const DELETE = 2;
const DIGIT = 3;
const FIRST_PUNCTUATION = 4;
const REPLACEMENTS = ["", "", "", "0", ...PUNCTUATION.map(([, ascii]) => ascii)];

const MARK = /\p{Mn}/u;
const MARK_OR_DIGIT = /[\p{Mn}\p{Nd}]/u;
const NON_ASCII = /[^\x00-\x7f]/;
const ASCII_DIGITS = /[1-9]/g;
const ASCII_CONTROLS = /[\x00-\x1f\x7f]+/g;
let bmpActions: Uint8Array | undefined;
const ASTRAL_ACTIONS = new Map<number, number>();

/** `text` normalized as CCNet's `normalize(text)` does with its defaults (accents, case, numbers, punct=1). */
export function ccnetNormalize(text: string): string {
  const lower = pythonStrip(text).toLowerCase();
  // ASCII text (most lines of a Latin-script corpus) has no marks to decompose and no punctuation to map.
  if (!NON_ASCII.test(lower)) return lower.replace(ASCII_DIGITS, "0").replace(ASCII_CONTROLS, "");
  return replaceCharacters(lower.normalize("NFD"));
}

/** The deletion of marks and steps 4–6, in one pass: runs of kept code units are sliced, never copied one by one. */
function replaceCharacters(text: string): string {
  const actions = (bmpActions ??= buildBmpActions());
  let out = "";
  let kept = 0;
  for (let i = 0; i < text.length; i++) {
    let action = actions[text.charCodeAt(i)];
    if (action === KEEP) continue;
    const start = i;
    if (action === HIGH_SURROGATE) {
      const c = text.codePointAt(i)!;
      if (c <= 0xffff) continue; // a lone surrogate, kept as Python keeps it
      i++;
      action = astralAction(c);
      if (action === KEEP) continue;
    }
    out += text.slice(kept, start) + REPLACEMENTS[action];
    kept = i + 1;
  }
  return kept === 0 ? text : out + text.slice(kept);
}

function buildBmpActions(): Uint8Array {
  const actions = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    const char = String.fromCharCode(c);
    if (MARK_OR_DIGIT.test(char)) actions[c] = MARK.test(char) ? DELETE : DIGIT;
  }
  actions.fill(DELETE, 0x00, 0x20);
  actions.fill(DELETE, 0x7f, 0xa0);
  // U+FF11 is a digit first: CCNet replaces digits before punctuation.
  PUNCTUATION.forEach(([code], k) => {
    if (actions[code] === KEEP) actions[code] = FIRST_PUNCTUATION + k;
  });
  actions.fill(HIGH_SURROGATE, 0xd800, 0xdc00);
  return actions;
}

/** The action for code point `c` beyond the BMP. */
function astralAction(c: number): number {
  let action = ASTRAL_ACTIONS.get(c);
  if (action === undefined) {
    const char = String.fromCodePoint(c);
    action = !MARK_OR_DIGIT.test(char) ? KEEP : MARK.test(char) ? DELETE : DIGIT;
    ASTRAL_ACTIONS.set(c, action);
  }
  return action;
}

/** `text` without the whitespace Python's str.strip() removes at its ends. */
function pythonStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPythonSpace(text.charCodeAt(start))) start++;
  while (end > start && isPythonSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Python's str.isspace() for one UTF-16 code unit (no whitespace lies outside the BMP): category Zs or
 * bidirectional class WS, B or S. Unlike JavaScript's `\s` it includes U+001C–U+001F and U+0085 and
 * excludes U+FEFF.
 */
function isPythonSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}
