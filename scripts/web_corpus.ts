/*
 * test_data/web.jsonl: a small synthetic "web crawl" for the README's perplexity-filtering recipe (a 5-gram
 * model of train.txt scores every document, and the scores split the crawl into head, middle and tail as
 * CCNet does). Documents of several kinds, shuffled together, the kind in their id ("clean-0042") and url.
 * Clean, edited and salad documents keep the Brown corpus' tokenization (words and punctuation separated by
 * single spaces, `` and '' for quotes), as train.txt has it; boilerplate and spam are written as web pages
 * write them.
 */
import type { Sentence } from "../bench/brown.js";
import type { SeededRandom } from "../src/embed/seeded_random.js";
import { shuffle } from "./shuffle.js";

export interface WebDocument {
  id: string;
  url: string;
  text: string;
}

/** Documents of each kind, in the proportions 40 : 15 : 15 : 10 : 10 : 10. */
const KIND_COUNTS = { clean: 140, edited: 52, salad: 52, boilerplate: 35, spam: 35, foreign: 35 };
type Kind = keyof typeof KIND_COUNTS;
/** Sentences of a clean, edited or salad document, and of one of its lines. */
const MIN_SENTENCES = 3;
const MAX_SENTENCES = 15;
const MAX_LINE_SENTENCES = 4;
/**
 * The edge document "edge-long": held-out sentences, taken in runs of LONG_RUN, on a single line of at least
 * this many characters, more than the 32 KiB that line readers take in one read.
 */
const LONG_LINE_CHARS = 36_000;
const LONG_RUN = 20;
/** Training sentences of at least this many words may not occur in a held-out sentence. */
const MIN_SHARED_WORDS = 2;
/** Share of edited documents with spaced en dashes (" – ") rather than em dashes, and with fullwidth digits (２０２４). */
const SPACED_EN_DASH_SHARE = 0.4;
const FULLWIDTH_SHARE = 0.3;

/**
 * The documents of web.jsonl, their kinds shuffled together. `texts` are the corpus' texts in file order; the
 * held-out prose of clean, edited, salad and scrambled documents and of the long line is taken in corpus
 * order, document after document, from the flat sentence index `from` on (after the training part and
 * sample_text), skipping training sentences and sentences that hold a training sentence of MIN_SHARED_WORDS
 * words or more, so that no document repeats the training text.
 */
export function webCorpus(texts: readonly Sentence[][], from: number, training: readonly Sentence[], rnd: SeededRandom): WebDocument[] {
  const heldOut = new HeldOut(texts, from, training);
  const prose = () => paragraphs(heldOut.take(MIN_SENTENCES + rnd.int(MAX_SENTENCES - MIN_SENTENCES + 1)), rnd);
  const make: Record<Kind, () => string[]> = {
    clean: () => prose().map((line) => line.map((s) => s.join(" ")).join(" ")),
    edited: () => {
      // Prose an editor found nothing to typeset in is passed over.
      const style = { dash: rnd.next() < SPACED_EN_DASH_SHARE ? "\u2013" : "\u2014", fullwidth: rnd.next() < FULLWIDTH_SHARE };
      for (;;) {
        const lines = prose().map((line) => line.map((s) => typeset(s, style)).join(" "));
        if (lines.some((line) => /[^\x00-\x7f]/.test(line))) return lines;
      }
    },
    salad: () => prose().map((line) => shuffle(line.flat(), rnd).join(" ")),
    boilerplate: () => boilerplate(rnd),
    spam: () => spam(rnd),
    // Half of them a made-up language, the others held-out prose with the letters of each word shuffled.
    foreign: () => (rnd.next() < 0.5 ? madeUpLanguage(rnd) : prose().map((line) => line.flat().map((w) => shuffle([...w], rnd).join("")).join(" "))),
  };
  const edges: Record<string, () => string[]> = {
    empty: () => [""],
    blank: () => ["  ", "\t", "", " "],
    long: () => {
      let line = "";
      while (line.length < LONG_LINE_CHARS) line += heldOut.take(LONG_RUN).map((s) => ` ${s.join(" ")}`).join("");
      return [line.slice(1)];
    },
  };
  const order = shuffle([...(Object.keys(KIND_COUNTS) as Kind[]).flatMap((kind) => Array<string>(KIND_COUNTS[kind]).fill(kind)), ...Object.keys(edges)], rnd);
  const numbers = new Map<string, number>();
  return order.map((kind) => {
    if (Object.hasOwn(edges, kind)) return { id: `edge-${kind}`, url: `https://example.com/edge/${kind}`, text: edges[kind]().join("\n") };
    const n = (numbers.get(kind) ?? 0) + 1;
    numbers.set(kind, n);
    return { id: `${kind}-${String(n).padStart(4, "0")}`, url: `https://example.com/${kind}/${n}`, text: make[kind as Kind]().join("\n") };
  });
}

/** Held-out sentences, handed out in corpus order in runs that each stay within one text. */
class HeldOut {
  private text = 0;
  private next: number;
  private readonly trainingSentences: Set<string>;

  constructor(
    private readonly texts: readonly Sentence[][],
    from: number,
    training: readonly Sentence[],
  ) {
    this.next = from;
    while (this.text < texts.length && this.next >= texts[this.text].length) this.next -= texts[this.text++].length;
    this.trainingSentences = new Set(training.map((s) => s.join(" ")));
  }

  /** The next `count` usable sentences of the current text, or of the first following text that has them. */
  take(count: number): Sentence[] {
    for (; this.text < this.texts.length; this.text++, this.next = 0) {
      const text = this.texts[this.text];
      const found: Sentence[] = [];
      let i = this.next;
      for (; i < text.length && found.length < count; i++) if (this.usable(text[i])) found.push(text[i]);
      if (found.length === count) {
        this.next = i;
        return found;
      }
    }
    throw new Error(`web.jsonl: the corpus has too few held-out sentences`);
  }

  /** Not a training sentence, and holding no training sentence of MIN_SHARED_WORDS words or more. */
  private usable(sentence: Sentence): boolean {
    if (this.trainingSentences.has(sentence.join(" "))) return false;
    for (let i = 0; i < sentence.length; i++) {
      for (let j = i + MIN_SHARED_WORDS; j <= sentence.length; j++) {
        if (this.trainingSentences.has(sentence.slice(i, j).join(" "))) return false;
      }
    }
    return true;
  }
}

/** Sentences grouped into lines of 1 to MAX_LINE_SENTENCES sentences. */
function paragraphs(sentences: readonly Sentence[], rnd: SeededRandom): Sentence[][] {
  const lines: Sentence[][] = [];
  for (let i = 0; i < sentences.length; ) {
    const n = 1 + rnd.int(MAX_LINE_SENTENCES);
    lines.push(sentences.slice(i, i + n));
    i += n;
  }
  return lines;
}

/** Brown's ASCII conventions and their typographic forms. */
const TYPESET_TOKENS: Record<string, string> = { "``": "\u201c", "''": "\u201d", "'": "\u2019" };
/** Words written with accents by careful editors. */
const ACCENTED: Record<string, string> = {
  cafe: "café",
  cafes: "cafés",
  naive: "naïve",
  naivete: "naïveté",
  elite: "élite",
  role: "rôle",
  roles: "rôles",
  regime: "régime",
  debut: "début",
  decor: "décor",
  premiere: "première",
  cliche: "cliché",
  facade: "façade",
  protege: "protégé",
  fiance: "fiancé",
  fiancee: "fiancée",
  melee: "mêlée",
  cliches: "clichés",
  cooperate: "coöperate",
  cooperation: "coöperation",
  cooperative: "coöperative",
  coordinate: "coördinate",
  coordinated: "coördinated",
  coordination: "coördination",
  coordinator: "coördinator",
  reelect: "reëlect",
  reelected: "reëlected",
  reelection: "reëlection",
  divorcee: "divorcée",
  premieres: "premières",
  francois: "François",
  "saint-saens": "Saint-Saëns",
  rendezvous: "rendez-vous",
  andre: "André",
  rene: "René",
  jose: "José",
  zurich: "Zürich",
  montreal: "Montréal",
  quebec: "Québec",
};
/** Abbreviations an editor binds to the next word with a non-breaking space. */
const BINDING = new Set(["Mr.", "Mrs.", "Dr.", "St.", "Gen.", "Gov.", "Sen.", "Rep.", "No."]);
const NBSP = "\u00a0";

/**
 * A sentence as an editor would typeset it, keeping Brown's spacing: curly quotes and apostrophes, the
 * style's dash for "--" (em or en), en dashes in number ranges (1960–61), accented loanwords and names, a
 * non-breaking space after titles and between a number and "per", and, if the style says so, fullwidth digits.
 */
function typeset(sentence: Sentence, style: { dash: string; fullwidth: boolean }): string {
  let text = "";
  for (let i = 0; i < sentence.length; i++) {
    let word = sentence[i] === "--" ? style.dash : (TYPESET_TOKENS[sentence[i]] ?? sentence[i].replaceAll("'", "\u2019"));
    if (/^\d+-\d+$/.test(word)) word = word.replace("-", "\u2013");
    const accented = ACCENTED[word.toLowerCase()];
    if (accented !== undefined) word = word[0] === word[0].toLowerCase() ? accented : accented[0].toUpperCase() + accented.slice(1);
    if (style.fullwidth) word = word.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const bound = i > 0 && (BINDING.has(sentence[i - 1]) || (sentence[i] === "per" && /^[\d.,]+$/.test(sentence[i - 1])));
    text += i === 0 ? word : `${bound ? NBSP : " "}${word}`;
  }
  return text;
}

function pick<T>(items: readonly T[], rnd: SeededRandom): T {
  return items[rnd.int(items.length)];
}

const MENU = ["About us", "Contact", "Login", "Sign up", "Blog", "News", "Shop", "Events", "FAQ", "Help", "Careers", "Search", "Sitemap", "My account"];
const SITES = ["Example Media", "Northwind Publishing", "Acme Online", "Contoso News Group", "Fabrikam Press"];
const COOKIE_BANNERS = [
  ["We use cookies to give you the best experience on our website. By continuing to browse the site you agree to our use of cookies.", "Accept all cookies | Manage preferences"],
  ["This website uses cookies to improve your experience. We'll assume you're ok with this, but you can opt-out if you wish.", "Accept | Reject | Read More"],
  ["We value your privacy", "We and our partners store and/or access information on a device, such as cookies, and process personal data.", "I accept | Show purposes"],
];
const SHORT_LINES = [
  "Read more »",
  "Back to top",
  "Share this: Facebook | Twitter | Email",
  "Follow us on Facebook, Twitter and Instagram",
  "Subscribe to our newsletter",
  "Skip to main content",
  "Previous | Next",
  "Loading...",
  "Related posts",
  "Leave a comment",
  "Posted in Uncategorized",
  "Tags: news, events, community",
  "Privacy Policy | Terms of Use | Accessibility",
  "Print this page",
  "Sign in to comment",
];

/** A page of navigation and furniture only: a menu, short lines (some repeated), maybe a cookie banner, a footer. */
function boilerplate(rnd: SeededRandom): string[] {
  const lines = [["Home", ...shuffle([...MENU], rnd).slice(0, 3 + rnd.int(5))].join(" | ")];
  if (rnd.next() < 0.5) lines.push(...pick(COOKIE_BANNERS, rnd));
  for (let n = 2 + rnd.int(5); n > 0; n--) {
    const line = rnd.next() < 0.15 ? `Page ${1 + rnd.int(5)} of ${5 + rnd.int(20)}` : pick(SHORT_LINES, rnd);
    for (let repeat = rnd.next() < 0.4 ? 2 + rnd.int(3) : 1; repeat > 0; repeat--) lines.push(line);
  }
  if (rnd.next() < 0.5) lines.push(...pick(COOKIE_BANNERS, rnd));
  lines.push(`© ${2015 + rnd.int(10)} ${pick(SITES, rnd)}. All rights reserved.`);
  return lines;
}

const PRODUCTS = ["watches", "sunglasses", "handbags", "sneakers", "phones", "laptops", "vitamins", "diet pills", "car insurance", "payday loans", "casino bonus", "perfume"];
const ADJECTIVES = ["cheap", "best", "discount", "replica", "original", "wholesale", "free", "top rated", "genuine", "luxury"];
const SHOUTS = ["BUY NOW", "LIMITED OFFER", "FREE SHIPPING", "ORDER TODAY", "100% GUARANTEED", "BEST PRICE ONLINE", "DON'T MISS OUT", "HUGE SALE", "CLICK HERE"];

/** A keyword-stuffed advert for one product: repeated keywords, shouting, prices and phone numbers. */
function spam(rnd: SeededRandom): string[] {
  const product = pick(PRODUCTS, rnd);
  const keyword = () => `${pick(ADJECTIVES, rnd)} ${product}`;
  const cents = () => pick([".99", ".95", ".49", ".00"], rnd);
  const phone = () => `+1 (${200 + rnd.int(800)}) 555-01${String(rnd.int(100)).padStart(2, "0")}`;
  const kinds = [
    () => Array.from({ length: 4 + rnd.int(9) }, keyword).join(" "),
    () => Array.from({ length: 3 + rnd.int(4) }, keyword).join(", "),
    () => `${pick(SHOUTS, rnd)}!!! ${keyword().toUpperCase()} ${pick(SHOUTS, rnd)}!!!`,
    () => {
      const price = 5 + rnd.int(195);
      return `${keyword().toUpperCase()} ONLY $${price}${cents()} (was $${price + 10 + rnd.int(290)}${cents()}) - ${10 * (2 + rnd.int(8))}% OFF`;
    },
    () => `Call now: ${phone()} or ${phone()}`,
    () => `${pick(SHOUTS, rnd)}: ${keyword()} ${keyword()} ${keyword()} at www.${product.replace(" ", "-")}-deals.example.net`,
  ];
  const lines: string[] = [];
  for (let n = 4 + rnd.int(7); n > 0; n--) lines.push(pick(kinds, rnd)());
  return lines;
}

const ONSETS = ["", "", "k", "t", "m", "n", "s", "v", "r", "l", "d", "p", "z", "sh", "kr", "tr", "br", "g", "h", "j"];
const VOWELS = ["a", "a", "e", "e", "i", "o", "u", "aa", "ei", "ou", "ä", "ö", "ü", "é"];
const CODAS = ["", "", "", "", "n", "s", "k", "r", "l", "m"];
const LEXICON_SIZE = 60;

/** Text in a made-up language: words of 1 to 4 random syllables, frequent ones more often, in sentences. */
function madeUpLanguage(rnd: SeededRandom): string[] {
  const lexicon = Array.from({ length: LEXICON_SIZE }, () => {
    let word = "";
    for (let s = 1 + rnd.int(4); s > 0; s--) word += pick(ONSETS, rnd) + pick(VOWELS, rnd) + pick(CODAS, rnd);
    return word;
  });
  const word = () => lexicon[Math.floor(LEXICON_SIZE * rnd.next() ** 2)];
  const sentence = () => {
    const words = Array.from({ length: 4 + rnd.int(13) }, word);
    if (words.length > 8 && rnd.next() < 0.5) words[3 + rnd.int(4)] += ",";
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return words.join(" ") + (rnd.next() < 0.85 ? "." : "?");
  };
  const lines: string[] = [];
  for (let n = 2 + rnd.int(7); n > 0; n--) lines.push(Array.from({ length: 1 + rnd.int(3) }, sentence).join(" "));
  return lines;
}
