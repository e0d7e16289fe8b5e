import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isDecimal, readArpa } from "../../src/io/arpa.js";
import { InputError } from "../../src/io/errors.js";
import { Random } from "../helpers/random.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs();

/** A decimal number as the ARPA reader must take it, by a regular expression rather than by a scan. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A one-order model whose second unigram has the probability and backoff texts given. */
function model(prob: string, backoff?: string): string {
  return `\\data\\\nngram 1=2\n\n\\1-grams:\n-1\t<unk>\t0\n${prob}\tw${backoff === undefined ? "" : `\t${backoff}`}\n\n\\end\\\n`;
}

async function read(text: string, name = "m.arpa"): Promise<{ logProb: number; backoff: number | undefined } | InputError> {
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
