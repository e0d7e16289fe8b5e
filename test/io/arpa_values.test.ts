import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { ArpaWriter, isDecimal, readArpa } from "../../src/io/arpa.js";
import { InputError } from "../../src/io/errors.js";
import { readArpaTables } from "../../src/ngram/read_arpa_tables.js";
import { Random } from "../helpers/random.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs();

/** A decimal number as the ARPA reader must take it, by a regular expression rather than by a scan. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A one-order model whose second unigram has the probability and backoff texts given. */
function model(prob: string, backoff?: string): string {
  return `\\data\\\nngram 1=2\n\n\\1-grams:\n-1\t<unk>\t0\n${prob}\tw${backoff === undefined ? "" : `\t${backoff}`}\n\n\\end\\\n`;
}

async function read(text: string | Uint8Array, name = "m.arpa"): Promise<{ logProb: number; backoff: number | undefined } | InputError> {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  const values: { logProb: number; backoff: number | undefined }[] = [];
  try {
    await readArpa(path, (e) => void values.push({ logProb: e.logProb, backoff: e.backoff }));
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).file).toBe(path);
    return e as InputError;
  }
  return values[1];
}

describe("ARPA values", () => {
  it("isDecimal agrees with a regular expression on random texts", () => {
    const rnd = new Random(8);
    const alphabet = "0123456789.eE+-xXbBoOIinfNa_ ";
    let accepted = 0;
    for (let i = 0; i < 50000; i++) {
      let t = "";
      const n = rnd.int(9);
      for (let j = 0; j < n; j++) t += alphabet[rnd.int(rnd.int(2) === 0 ? 10 : alphabet.length)];
      expect(isDecimal(t), JSON.stringify(t)).toBe(DECIMAL.test(t));
      if (DECIMAL.test(t)) accepted++;
    }
    expect(accepted).toBeGreaterThan(5000);
  });

  it("takes decimal log10 probabilities ≤ 0 and decimal backoffs, as float32", async () => {
    const good: [string, string | undefined][] = [
      ["-99", undefined],
      ["0", "0"],
      ["-0", "-0.5"],
      ["-1.5e-3", "2.25"],
      ["-.5", "+3E2"],
      ["-7.", "-1e-60"],
      ["-inf", undefined],
      ["-Infinity", "0"],
    ];
    for (const [p, b] of good) {
      const r = await read(model(p, b));
      expect(r, `${p} ${b}`).not.toBeInstanceOf(InputError);
      const v = r as { logProb: number; backoff: number | undefined };
      expect(v.logProb).toBe(/inf/i.test(p) ? -Infinity : Math.fround(Number(p)));
      expect(v.backoff).toBe(b === undefined ? undefined : Math.fround(Number(b)));
    }
  });

  it("refuses other probabilities and backoffs, naming the line and what was expected", async () => {
    const bad: [string, string | undefined, RegExp][] = [
      ["Infinity", undefined, /:6: expected a log10 probability \(a decimal number ≤ 0\), got "Infinity"$/],
      ["+Infinity", undefined, /:6: expected a log10 probability/],
      ["inf", undefined, /:6: expected a log10 probability/],
      ["0x10", undefined, /:6: expected a log10 probability \(a decimal number ≤ 0\), got "0x10"$/],
      ["-0x10", undefined, /:6: expected a log10 probability/],
      ["0b1", undefined, /:6: expected a log10 probability/],
      ["1_0", undefined, /:6: expected a log10 probability/],
      ["0.5", undefined, /:6: log10 probability "0.5" is above 0, expected a decimal number ≤ 0$/],
      ["1e-30", undefined, /:6: log10 probability "1e-30" is above 0/],
      ["-1e39", undefined, /:6: log10 probability "-1e39" is beyond the range of float32 values$/],
      ["-1", "Infinity", /:6: expected a log10 backoff \(a decimal number\), got "Infinity"$/],
      ["-1", "0x10", /:6: expected a log10 backoff \(a decimal number\), got "0x10"$/],
      ["-1", "-inf", /:6: expected a log10 backoff/],
      ["-1", "4e38", /:6: log10 backoff "4e38" is beyond the range of float32 values$/],
    ];
    for (const [p, b, message] of bad) {
      const r = await read(model(p, b));
      expect(r, `${p} ${b}`).toBeInstanceOf(InputError);
      expect((r as InputError).message).toMatch(message);
      expect((r as InputError).line).toBe(6);
    }
  });
});

describe("ARPA header counts", () => {
  it("refuses counts the file cannot hold, naming the header line", async () => {
    const header = (counts: string[]) => `\\data\\\n${counts.map((n, i) => `ngram ${i + 1}=${n}`).join("\n")}\n\n\\1-grams:\n-1\t<unk>\t0\n\n\\end\\\n`;
    const cases: [string[], number, RegExp][] = [
      [["99999999999999"], 2, /:2: ngram 1=99999999999999: more n-grams than a file of \d+ bytes can hold/],
      [["1", "50000000"], 3, /:3: ngram 2=50000000: more n-grams than a file of \d+ bytes can hold \(a 2-gram line takes at least 6 bytes\)/],
      [["123456789012345678901234567890"], 2, /:2: ngram 1="123456789012345678901234567890": expected a count below 2\^53/],
    ];
    for (const [counts, line, message] of cases) {
      for (const gzip of [false, true]) {
        const text = header(counts);
        const r = await read(gzip ? gzipSync(new TextEncoder().encode(text)) : text, gzip ? "m.arpa.gz" : "m.arpa");
        expect(r).toBeInstanceOf(InputError);
        const error = r as InputError;
        expect(error.line).toBe(line);
        if (gzip) expect(error.message).toMatch(counts[0].length > 20 ? /expected a count below/ : /bytes of gzip data can hold/);
        else expect(error.message).toMatch(message);
      }
    }
  });

  it("reads files whose every line is as short as a line can be", async () => {
    // One-character words and one-digit values: the bound of the header check is met exactly.
    const words = "abcdefghij".split("");
    const path = join(tempDir(), "tight.arpa");
    const writer = new ArpaWriter(path);
    writer.header([words.length, 3]);
    writer.beginOrder(1);
    for (const w of words) writer.entry(w, 0, undefined);
    writer.beginOrder(2);
    for (const g of ["a b", "b c", "c d"]) writer.entry(g, -1, undefined);
    writer.commit();
    const tables = await readArpaTables(path);
    expect(tables.orders.map((o) => o.logProbs.length)).toEqual([10, 3]);
  });

  it("gives a file:line error, not a JavaScript one, when building tables of a lying header", async () => {
    const path = join(tempDir(), "lie.arpa");
    writeFileSync(path, "\\data\\\nngram 1=99999999999999\n\n\\1-grams:\n-1\ta\n\\end\\\n");
    const error = await readArpaTables(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/lie\.arpa:2: ngram 1=99999999999999/);
    expect((error as Error).message).not.toMatch(/typed array/i);
  });
});
