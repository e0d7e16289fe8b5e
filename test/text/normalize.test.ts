import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ccnetNormalize, NORMALIZATIONS, normalizer, parseNormalization } from "../../src/text/normalize.js";
import { Random } from "../helpers/random.js";

/** Our restatement of CCNet's normalize() in Python (unicodedata, re): the oracle. */
const ORACLE = fileURLToPath(new URL("./ccnet_normalize_oracle.py", import.meta.url));
const HAS_PYTHON = spawnSync("python3", ["--version"]).status === 0;

/**
 * Characters whose properties changed between the oracle's Unicode (Python 3.11: 14.0) and the engine's
 * (Node 20: 15.0 and later), kept out of generated text: U+1171E AHOM CONSONANT SIGN MEDIAL RA became a
 * spacing mark (Mn → Mc) in Unicode 15.0, so Python deletes it and we keep it. Characters unassigned in
 * either version are kept out too (each side would give them new properties the other lacks).
 */
const CHANGED_SINCE_PYTHON = new Set([0x1171e]);
const UNASSIGNED = /\p{Cn}/u;

interface OracleAnswer {
  unicode: string;
  normalized: string[];
  unassigned: number[];
}

function askOracle(texts: string[], categories: [number, number][] = []): OracleAnswer {
  const run = spawnSync("python3", [ORACLE], { input: JSON.stringify({ texts, categories }), encoding: "utf8", maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`${ORACLE} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as OracleAnswer;
}

/** The texts we normalize differently from the oracle (at most 10), spelled as code points. */
function disagreements(texts: string[]): { text: string; ours: string; python: string }[] {
  const python = askOracle(texts).normalized;
  const found = [];
  for (let i = 0; i < texts.length && found.length < 10; i++) {
    const ours = ccnetNormalize(texts[i]);
    if (ours !== python[i]) found.push({ text: codePoints(texts[i]), ours: codePoints(ours), python: codePoints(python[i]) });
  }
  return found;
}

function codePoints(text: string): string {
  return Array.from(text, (c) => c.codePointAt(0)!.toString(16).padStart(4, "0")).join(" ");
}

/** The code points of each range that both Unicode versions assign and treat alike. */
function comparableCodePoints(ranges: [number, number][]): number[][] {
  const unassignedInPython = new Set(askOracle([], ranges).unassigned);
  return ranges.map(([first, last]) => {
    const points = [];
    for (let c = first; c <= last; c++) {
      const usable = !unassignedInPython.has(c) && !UNASSIGNED.test(String.fromCodePoint(c)) && !CHANGED_SINCE_PYTHON.has(c);
      if (usable && (c < 0xd800 || c > 0xdfff)) points.push(c);
    }
    return points;
  });
}

describe("parseNormalization and normalizer", () => {
  it("accept the names of the normalizations and refuse others, listing the choices", () => {
    for (const kind of NORMALIZATIONS) expect(parseNormalization(kind)).toBe(kind);
    expect(() => parseNormalization("CCNet")).toThrow('unknown normalization "CCNet": expected none or ccnet');
    expect(() => parseNormalization("")).toThrow(/expected none or ccnet/);
  });

  it("give the text back unchanged for none, and ccnetNormalize for ccnet", () => {
    const text = " Ünïcode\t١٢٣ — “x” ";
    expect(normalizer("none")(text)).toBe(text);
    expect(normalizer("ccnet")(text)).toBe(ccnetNormalize(text));
  });
});

describe("ccnetNormalize", () => {
  // Outputs of CCNet's own text_normalizer.normalize on these lines.
  it.each([
    ["  H\u00e9llo\tW\u00f6rld 2024 \u2014 \u201cQuoted\u201d \u2026\n", 'helloworld 0000  -  "quoted" ...'],
    ["\ud55c", "\u1112\u1161\u11ab"], // decomposed, never recomposed
    ["\u0661\u0662\u0663 \uff15 \u2460 \u00b2", "000 0 \u2460 \u00b2"], // Nd digits only
    ["\ufeffA\u200b\u00adB\ufeff", "\ufeffa\u200b\u00adb\ufeff"], // format characters stay
    ["\u0085\u001cA b\u001f", "a b"], // Python's strip(), not trim()
    ["\u039f\u0394\u039f\u03a3 \u039f\u0394\u039f\u03a3", "\u03bf\u03b4\u03bf\u03c2 \u03bf\u03b4\u03bf\u03c2"], // final sigma
    ["\u0130", "i"],
    ["\uff11", "0"], // a digit before it is punctuation
    ["\u2329\u232a", "<>"], // NFD makes them U+3008 and U+3009
    ["Stra\u00dfe \ufb01", "stra\u00dfe \ufb01"],
    ["\u3000\u2003x\u00a0", "x"],
    ["", ""],
    [" \t\n", ""],
  ])("normalizes %j as CCNet does", (text, expected) => {
    expect(ccnetNormalize(text)).toBe(expected);
  });
});

const ORACLE_SUITE = `ccnetNormalize against the Python oracle${HAS_PYTHON ? "" : " (skipped: no python3)"}`;

describe.skipIf(!HAS_PYTHON)(ORACLE_SUITE, () => {
  it("agrees on tricky strings", () => {
    const texts = [
      "Café crème, naïve façade, Ångström, Øresund, Dvořák, Łódź",
      "Straße STRASSE ß ẞ",
      "İstanbul ISTANBUL ı i̇",
      "ﬁne ﬂow ﬀ Ǆ ǅ ǆ Ⅻ ⅻ ㎏ ™",
      "ΣΑΣ σας Σ. aΣ'b ΌΣΟΣ ΑΣ́",
      "０１２３４５６７８９ ٠١٢٣٤٥٦٧٨٩ ۰۱۲ ०१२ ০১২ ๐๑๒ ၀၁၂ ፩፪ ¹²³ ½ ① 𝟎𝟗 𞥐𞥙",
      "「引用」『二重』《书名》〈角〉【注】，。、：；？！（）～％．",
      "„Anführung“ «guillemets» ‹single› “double” ‘single’ ´acute` — – ‒ ― … ━ ► ∶",
      "tab\there\u000bvertical\u000cform\rreturn\u0000nul\u007fdel\u0080c1\u009fend",
      "zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffbom\u00adsoft\u2028line\u2029para",
      "👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 🇫🇷 🏴󠁧󠁢󠁳󠁣󠁴󠁿 ✈︎ ✈️",
      "𝐀𝐁𝐂 𝔄 𠀀𠀁 𐐀𐐨 𞤀𞤢",
      "한국어 텍스트 ㄱㅏ 가",
      "अंग्रेज़ी हिन्दी ক্ষ தமிழ் ไทย ພາສາ",
      "עִבְרִית العَرَبِيَّة ﷺ ﻻ",
      "\u0085\u001c\u001d\u001e\u001f text \u0085\u001f",
      "\ufeff text \ufeff",
      "\u00a0\u1680\u2000\u200a\u202f\u205f\u3000text\u2028\u2029\u3000",
      "\u180e mongolian vowel separator \u180e",
      "lone \ud800 high, lone \udc00 low, reversed \udc00\ud800, mark after lone \ud800\u0301",
      "e\u0301\u0327\u0308 a\u0345 \u0915\u093c\u094d",
      "\u2329angle\u232a \uff5e \u301c",
      "x\u2014y\uff0ez",
      " ",
      "\u0301",
      "\u0000",
    ];
    expect(disagreements(texts)).toEqual([]);
  });

  it("agrees on every character of the BMP assigned in both Unicode versions, alone and between letters", () => {
    const texts = comparableCodePoints([[0, 0xffff]])[0].flatMap((c) => {
      const char = String.fromCodePoint(c);
      return [char, `A${char}b`, `${char}${char}Σ${char}`];
    });
    expect(disagreements(texts)).toEqual([]);
  });

  it("agrees on random text mixing scripts, marks, digits, punctuation, controls and astral characters", () => {
    const ranges: [number, number][] = [
      [0x00, 0x7f], // ASCII, C0 controls, DEL
      [0x80, 0xff], // C1 controls, Latin-1
      [0x100, 0x24f], // Latin Extended-A and -B
      [0x300, 0x36f], // combining diacritical marks
      [0x370, 0x3ff], // Greek (final sigma)
      [0x400, 0x4ff], // Cyrillic
      [0x590, 0x6ff], // Hebrew, Arabic (Arabic-Indic digits)
      [0x900, 0x9ff], // Devanagari, Bengali (marks Mn and Mc, digits)
      [0x1e00, 0x1eff], // Latin Extended Additional (precomposed)
      [0x2000, 0x206f], // General Punctuation (spaces, dashes, quotes, format characters)
      [0x2460, 0x24ff], // enclosed alphanumerics (numbers that are not Nd)
      [0x2500, 0x25ff], // box drawing, geometric shapes
      [0x3000, 0x303f], // CJK symbols and punctuation
      [0xac00, 0xac60], // Hangul syllables
      [0xfe00, 0xfe0f], // variation selectors
      [0xfe70, 0xfeff], // Arabic presentation forms, BOM
      [0xff00, 0xffef], // fullwidth and halfwidth forms
      [0x11700, 0x1174f], // Ahom (marks, digits; one mark changed category)
      [0x1d400, 0x1d7ff], // mathematical alphanumerics (digits)
      [0x1e900, 0x1e95f], // Adlam (cased, marks, digits)
      [0x1f300, 0x1f6ff], // emoji
      [0x1f3fb, 0x1f3ff], // skin tone modifiers
      [0xe0000, 0xe01ef], // tags, variation selectors supplement
    ];
    const pools = comparableCodePoints(ranges);
    const random = new Random(14);
    const texts = [];
    for (let t = 0; t < 4000; t++) {
      const chars = [];
      for (let length = random.int(24); chars.length < length; ) {
        const pool = random.int(4) === 0 ? pools[0] : pools[random.int(pools.length)];
        chars.push(String.fromCodePoint(pool[random.int(pool.length)]));
      }
      texts.push(chars.join(""));
    }
    expect(disagreements(texts)).toEqual([]);
  });
});
