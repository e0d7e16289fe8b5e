import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readArpa, type ArpaEntry } from "../../src/io/arpa.js";
import { estimateFromSentences } from "../../src/ngram/estimate.js";
import { loadBackoffModelFile } from "../../src/ngram/load_file.js";
import { randomSentences } from "../helpers/ngram_corpus.js";
import { Random } from "../helpers/random.js";
import { runCli } from "../helpers/run_cli.js";
import { useTempDirs } from "../helpers/temp_dir.js";

/*
 * `grampack estimate` with lmplz's --discount_fallback, --limit_vocab_file and --skip_symbols; beside
 * lmplz itself when ../anchors has it built.
 */

const tempDir = useTempDirs();
const THREE_LINES = "the cat sat\nthe dog sat\na cat ran\n";
const LMPLZ = join(__dirname, "..", "..", "..", "anchors", "kenlm", "src", "build", "bin", "lmplz");

function writeText(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

async function entriesOf(arpa: string): Promise<ArpaEntry[][]> {
  const entries: ArpaEntry[][] = [];
  await readArpa(arpa, (e) => {
    while (entries.length < e.order) entries.push([]);
    entries[e.order - 1].push({ ...e, lineNumber: 0 });
  });
  return entries;
}

describe("estimate --discount-fallback", () => {
  it("without the flag, a tiny corpus is refused with an error that names it", async () => {
    const text = writeText("three.txt", THREE_LINES);
    const arpa = join(tempDir(), "m.arpa");
    const run = await runCli(["estimate", "--order", "3", "--arpa", arpa, text]);
    expect(run.status).toBe(1);
    expect(run.err).toBe(
      "grampack estimate: cannot estimate 1-gram discounts: no 1-gram has adjusted count 3 (is the text tiny or repetitive?); pass --discount-fallback to use 0.5 1 1.5 as lmplz does",
    );
    expect(existsSync(arpa)).toBe(false);
  });

  it("with it, writes a model that loads and scores as KenLM does, and warns for each order that fell back", async () => {
    const text = writeText("three.txt", THREE_LINES);
    const arpa = join(tempDir(), "m.arpa");
    const run = await runCli(["estimate", "--order", "3", "--discount-fallback", "--arpa", arpa, text]);
    expect(run.status).toBe(0);
    expect(run.err.split("\n")).toEqual([1, 2, 3].map((k) => expect.stringMatching(new RegExp(`^grampack estimate: warning: cannot estimate ${k}-gram discounts: .*; using the fallback discounts D1=0.5 D2=1 D3\\+=1.5$`))));
    expect(run.out).toMatch(/^3 sentences, 9 words\n1-grams: 9  discounts 0.500000 1.00000 1.50000\n/);
    const entries = await entriesOf(arpa);
    expect(entries.map((e) => e.length)).toEqual([9, 10, 9]);
    // Scored by the backoff formula over the ARPA values: p(the|<s>) p(cat|<s> the) p(sat|the cat) p(</s>|cat sat).
    const value = new Map(entries.flat().map((e) => [e.words, e]));
    const expected = ["<s> the", "<s> the cat", "the cat sat", "cat sat </s>"].reduce((sum, g) => Math.fround(sum + value.get(g)!.logProb), 0);
    const model = await loadBackoffModelFile(arpa);
    const score = model.scoreText("the cat sat\n", { wrap: true });
    expect(score.tokens).toBe(4);
    expect(score.oovs).toBe(0);
    expect(score.totalLog10Prob).toBeCloseTo(expected, 6);
    // An unseen order of seen words backs off: finite, lower.
    const backedOff = model.scoreText("the dog ran\n", { wrap: true });
    expect(Number.isFinite(backedOff.totalLog10Prob)).toBe(true);
    expect(backedOff.totalLog10Prob).toBeLessThan(score.totalLog10Prob);
  });

  it("takes up to three discounts, the last repeated, and refuses others", async () => {
    const text = writeText("three.txt", THREE_LINES);
    const arpa = join(tempDir(), "m.arpa");
    const one = await runCli(["estimate", "--order", "2", "--discount-fallback", "0.25", "--arpa", arpa, text]);
    expect(one.status).toBe(0);
    expect(one.out).toMatch(/1-grams: 9  discounts 0.250000 0.250000 0.250000/);
    const sentences = THREE_LINES.trim().split("\n").map((l) => l.split(" "));
    expect(await entriesOf(arpa)).toEqual(estimateFromSentences(sentences, { order: 2, discountFallback: [0.25, 0.25, 0.25] }).entries);
    for (const [values, message] of [
      [["0.5", "2.5", "1"], /--discount-fallback: fallback discount D2 must be in \[0, 2\], got 2.5/],
      [["1", "1", "1", "1"], /--discount-fallback takes at most three discounts \(D1 D2 D3\+\), got 4/],
      [["-1"], /D1 must be in \[0, 1\], got -1/],
    ] as const) {
      const bad = await runCli(["estimate", "--order", "2", "--discount-fallback", ...values, "--arpa", arpa, text]);
      expect(bad.status).toBe(2);
      expect(bad.err).toMatch(message);
    }
  });
});

describe("estimate --limit-vocab and --skip-symbols", () => {
  const sentences = randomSentences(new Random(5), 400, 300, 10);

  it("--limit-vocab FILE gives the model of the library's limitVocabulary", async () => {
    const text = writeText("corpus.txt", sentences.map((s) => `${s.join(" ")}\n`).join(""));
    const allowed = [...new Set(sentences.flat())].filter((_, i) => i % 3 !== 1);
    const vocab = writeText("vocab.txt", `${allowed.slice(0, 10).join(" ")}\n\t${allowed.slice(10).join("\n")}\n`);
    const arpa = join(tempDir(), "m.arpa");
    const run = await runCli(["estimate", "--order", "3", "--limit-vocab", vocab, "--discount-fallback", "--arpa", arpa, text]);
    expect(run.status).toBe(0);
    const expected = estimateFromSentences(sentences, { order: 3, limitVocabulary: allowed, discountFallback: [0.5, 1, 1.5] }).entries;
    expect(await entriesOf(arpa)).toEqual(expected);
    const missing = await runCli(["estimate", "--order", "3", "--limit-vocab", join(tempDir(), "none.txt"), "--arpa", arpa, text]);
    expect(missing.status).toBe(1);
    expect(missing.err).toMatch(/none\.txt: no such file or directory/);
  });

  it("--skip-symbols reads <s>, </s> and <unk> as whitespace; without it they are refused at their line", async () => {
    const lines = sentences.map((s, i) => (i === 4 ? `<s> ${s.join(" ")} </s>` : s.join(" ")));
    const text = writeText("marked.txt", `${lines.join("\n")}\n`);
    const arpa = join(tempDir(), "m.arpa");
    const run = await runCli(["estimate", "--order", "3", "--skip-symbols", "--arpa", arpa, text]);
    expect(run.status).toBe(0);
    expect(run.err).toBe(`grampack estimate: warning: the word "<s>" appears in the text: every <s>, </s> and <unk> is read as whitespace`);
    expect(await entriesOf(arpa)).toEqual(estimateFromSentences(sentences, { order: 3 }).entries);
    const refused = await runCli(["estimate", "--order", "3", "--arpa", arpa, text]);
    expect(refused.status).toBe(1);
    expect(refused.err).toMatch(/marked\.txt:5: the word "<s>" is reserved/);
  });
});

/** Runs lmplz on `text`; its ARPA text, or undefined when it fails. */
function lmplz(text: string, args: string[]): string | undefined {
  const run = spawnSync(LMPLZ, ["-S", "64M", "-T", tempDir(), ...args], { input: readFileSync(text), maxBuffer: 1 << 28 });
  return run.status === 0 ? run.stdout.toString("utf8") : undefined;
}

describe.skipIf(!existsSync(LMPLZ))("beside lmplz (../anchors/kenlm built)", () => {
  it("random tiny corpora give lmplz's n-grams, values within 1e-6, with every option", async () => {
    const rnd = new Random(77);
    for (let round = 0; round < 12; round++) {
      const corpus = randomSentences(rnd, 2 + rnd.int(60), 2 + rnd.int(40), 8);
      const text = writeText("tiny.txt", corpus.map((s) => `${s.join(" ")}\n`).join(""));
      const words = [...new Set(corpus.flat())];
      const vocab = writeText("vocab.txt", words.filter(() => rnd.next() < 0.7).join(" "));
      const order = 2 + rnd.int(4);
      const variants: [string[], string[]][] = [
        [["--discount_fallback"], ["--discount-fallback"]],
        [["--discount_fallback", "0.3", "0.8"], ["--discount-fallback", "0.3", "0.8"]],
        [["--discount_fallback", "--limit_vocab_file", vocab], ["--discount-fallback", "--limit-vocab", vocab]],
        [["--discount_fallback", "--prune", "0", "1", "--limit_vocab_file", vocab], ["--discount-fallback", "--prune", "0", "1", "--limit-vocab", vocab]],
      ];
      for (const [theirs, ours] of variants) {
        const expected = lmplz(text, ["-o", String(order), ...theirs]);
        if (expected === undefined) continue;
        const reference = writeText("lmplz.arpa", expected);
        const arpa = join(tempDir(), "ours.arpa");
        const run = await runCli(["estimate", "--order", String(order), ...ours, "--arpa", arpa, text]);
        expect(run.status, run.err).toBe(0);
        const [a, b] = [await entriesOf(arpa), await entriesOf(reference)];
        expect(a.map((e) => e.map((x) => x.words))).toEqual(b.map((e) => e.map((x) => x.words)));
        a.flat().forEach((e, i) => {
          const want = b.flat()[i];
          expect(Math.abs(e.logProb - want.logProb), `${ours.join(" ")}: ${e.words}`).toBeLessThanOrEqual(1e-6);
          if (want.backoff === undefined) expect(e.backoff).toBeUndefined();
          else expect(Math.abs(e.backoff! - want.backoff), `${ours.join(" ")}: backoff of ${e.words}`).toBeLessThanOrEqual(1e-6);
        });
      }
    }
  }, 60_000);
});
