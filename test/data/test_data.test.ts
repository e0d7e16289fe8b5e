import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "fflate";
import { describe, expect, it } from "vitest";

/**
 * The inputs of the README's perplexity-filtering recipe, checked from the files themselves: train.txt is the
 * text the bundled count files were made of, and web.jsonl a crawl of documents of known kinds whose clean
 * prose is held out from train.txt.
 */
const TEST_DATA = join(import.meta.dirname, "../../test_data");
const TRAINING_SENTENCES = 3557;
const KINDS = ["clean", "edited", "salad", "boilerplate", "spam", "foreign", "edge"];

function lines(file: string): string[] {
  const text = readFileSync(join(TEST_DATA, file), "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text.slice(0, -1).split("\n");
}

/** The rows of a Google-format count file, as n-gram → count, after checking its first line. */
function countFile(order: number): Map<string, number> {
  const rows = new TextDecoder().decode(gunzipSync(readFileSync(join(TEST_DATA, `${order}-grams.sorted.gz`)))).split("\n");
  const counts = new Map<string, number>();
  for (const row of rows.slice(1, -1)) {
    const tab = row.indexOf("\t");
    counts.set(row.slice(0, tab), Number(row.slice(tab + 1)));
  }
  expect(counts.size).toBe(Number(rows[0]));
  return counts;
}

describe("test_data/train.txt", () => {
  const train = lines("train.txt");

  it("holds the training sentences, one per line, words separated by single spaces", () => {
    expect(train.length).toBe(TRAINING_SENTENCES);
    for (const line of train) expect(line).toMatch(/^\S+( \S+)*$/);
  });

  it("is the text the count files were made of", () => {
    const unigrams = new Map<string, number>();
    for (const line of train) for (const word of line.split(" ")) unigrams.set(word, (unigrams.get(word) ?? 0) + 1);
    expect(countFile(1)).toEqual(unigrams);
    // A line of w words holds w - k + 1 k-grams: the totals show the files were counted line by line.
    const lengths = train.map((line) => line.split(" ").length);
    for (let k = 2; k <= 5; k++) {
      let total = 0;
      for (const count of countFile(k).values()) total += count;
      expect(total).toBe(lengths.reduce((sum, w) => sum + Math.max(0, w - k + 1), 0));
    }
  });
});

interface WebDocument {
  id: string;
  url: string;
  text: string;
}

describe("test_data/web.jsonl", () => {
  const docs = lines("web.jsonl").map((line) => JSON.parse(line) as WebDocument);
  const kind = (doc: WebDocument) => doc.id.slice(0, doc.id.indexOf("-"));
  const ofKind = (k: string) => docs.filter((d) => kind(d) === k);

  it("holds a few hundred documents {id, url, text}, ids and urls unique, in under 400 KB", () => {
    expect(statSync(join(TEST_DATA, "web.jsonl")).size).toBeLessThanOrEqual(400_000);
    expect(docs.length).toBeGreaterThanOrEqual(300);
    expect(docs.length).toBeLessThanOrEqual(400);
    for (const doc of docs) {
      expect(Object.keys(doc)).toEqual(["id", "url", "text"]);
      for (const value of Object.values(doc)) expect(typeof value).toBe("string");
      expect(doc.url).toMatch(new RegExp(`^https://example\\.com/${kind(doc)}/\\w+$`));
    }
    expect(new Set(docs.map((d) => d.id)).size).toBe(docs.length);
    expect(new Set(docs.map((d) => d.url)).size).toBe(docs.length);
  });

  it("mixes documents of every kind, 40% of them clean prose, with text in several lines", () => {
    expect([...new Set(docs.map(kind))].sort()).toEqual([...KINDS].sort());
    const clean = ofKind("clean").length / docs.length;
    expect(clean).toBeGreaterThan(0.35);
    expect(clean).toBeLessThan(0.45);
    for (const k of ["edited", "salad", "boilerplate", "spam", "foreign"]) {
      expect(ofKind(k).length / docs.length).toBeGreaterThan(0.07);
      expect(ofKind(k).length / docs.length).toBeLessThan(0.2);
    }
    // The kinds are shuffled together: clean documents are not all at one end.
    const positions = docs.flatMap((d, i) => (kind(d) === "clean" ? [i] : []));
    expect(positions[0]).toBeLessThan(docs.length / 10);
    expect(positions.at(-1)).toBeGreaterThan((docs.length * 9) / 10);
    for (const doc of docs) {
      if (kind(doc) !== "edge") expect(doc.text.split("\n").filter((line) => line.trim() !== "").length).toBeGreaterThan(0);
    }
    expect(docs.filter((d) => d.text.includes("\n")).length).toBeGreaterThan(docs.length / 2);
  });

  it("has an empty document, a blank one and one line longer than a 32 KiB read", () => {
    expect(ofKind("edge").map((d) => d.id).sort()).toEqual(["edge-blank", "edge-empty", "edge-long"]);
    const edge = (name: string) => docs.find((d) => d.id === `edge-${name}`)!.text;
    expect(edge("empty")).toBe("");
    expect(edge("blank")).toMatch(/^\s+$/);
    expect(edge("blank")).toContain("\n");
    expect(edge("long")).not.toContain("\n");
    expect(edge("long").length).toBeGreaterThan(32 * 1024);
  });

  it("holds out its clean prose from train.txt", () => {
    const training = lines("train.txt").filter((line) => line.includes(" "));
    const prose = [...ofKind("clean"), ...docs.filter((d) => d.id === "edge-long")].flatMap((d) => d.text.split("\n"));
    expect(prose.length).toBeGreaterThan(500);
    for (const line of prose) {
      const padded = ` ${line} `;
      const shared = training.filter((sentence) => padded.includes(` ${sentence} `));
      expect(shared, line).toEqual([]);
    }
  });

  it("types its edited prose: curly quotes, dashes, non-breaking spaces, accents, fullwidth digits", () => {
    const edited = ofKind("edited").map((d) => d.text);
    for (const text of edited) expect(text).toMatch(/[^\x00-\x7f]/);
    const all = edited.join("\n");
    for (const c of ["\u201c", "\u201d", "\u2019", "\u2014", "\u2013", "\u00a0"]) expect(all).toContain(c);
    expect(all).toMatch(/[\u00c0-\u017f]/);
    expect(all).toMatch(/[\uff10-\uff19]/);
    expect(all).not.toMatch(/``|''|--/);
  });
});
