import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../bench/common.js";
import { anchor } from "../../bench/anchors.js";
import { readArpaMaps, naiveLine } from "../helpers/naive_arpa.js";
import { REFERENCE_DIR, referenceSuite } from "../helpers/reference.js";

/*
 * `grampack score --per line` on KenLM's sample models (../shared/reference): every line's figures equal a
 * direct implementation of the back-off formula over the ARPA file (in KenLM's float32), and their sums
 * give KenLM query's totals of the reference README. Where KenLM's query is built (ANCHORS_DIR),
 * `--per word` prints its very lines.
 */
const CLI = join(ROOT, "dist", "src", "cli", "main.js");
const KENLM = join(REFERENCE_DIR, "kenlm");

const CASES = [
  { model: "train5000.o5.arpa.gz", text: join(KENLM, "heldout.txt"), wrapped: { tokens: 28122, oovs: 2560, total: -77779.664 }, plain: { tokens: 27047, oovs: 2560, total: -79268.4403 } },
  { model: "sample_text.o5.arpa.gz", text: join(REFERENCE_DIR, "tongrams-test-data", "sample_text"), wrapped: { tokens: 159658, oovs: 0, total: -171548.4857 }, plain: { tokens: 153583, oovs: 0, total: -184151.6902 } },
];

function grampack(args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`grampack ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

describe.skipIf(!existsSync(KENLM))(referenceSuite("per-line scores of KenLM's sample models", KENLM), () => {
  it.each(CASES)("$model: each line as the back-off formula over the ARPA file, summing to KenLM's totals", ({ model, text, wrapped, plain }) => {
    const arpa = join(KENLM, model);
    const maps = readArpaMaps(arpa);
    const lines = readFileSync(text, "utf8").replace(/\n$/, "").split("\n");
    for (const [wrap, kenlm] of [[true, wrapped], [false, plain]] as const) {
      const records = grampack(["score", arpa, text, "--per", "line", "--threads", "2", ...(wrap ? ["--wrap"] : [])])
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { line: number; log10_prob: number; tokens: number; oovs: number });
      expect(records.length).toBe(lines.length);
      let total = 0;
      let tokens = 0;
      let oovs = 0;
      records.forEach((r, i) => {
        const naive = naiveLine(maps, lines[i].split(" "), maps.order, wrap, true);
        expect(r.line).toBe(i + 1);
        expect([r.tokens, r.oovs]).toEqual([naive.tokens, naive.oovs]);
        expect(Math.abs(r.log10_prob - naive.total)).toBeLessThan(1e-4);
        total += r.log10_prob;
        tokens += r.tokens;
        oovs += r.oovs;
      });
      expect({ tokens, oovs }).toEqual({ tokens: kenlm.tokens, oovs: kenlm.oovs });
      expect(total).toBeCloseTo(kenlm.total, 3);
    }
  }, 120_000);

  const query = anchor("kenlm", "src", "build", "bin", "query");
  it.skipIf(query === undefined)("--per word prints KenLM query's lines, byte for byte", () => {
    const arpa = join(KENLM, CASES[0].model);
    const kenlm = spawnSync(query!, [arpa], { input: readFileSync(CASES[0].text), encoding: "utf8", maxBuffer: 1 << 28 });
    // KenLM's query ends with its totals and memory use: the lines of the text come first.
    const lines = readFileSync(CASES[0].text, "utf8").replace(/\n$/, "").split("\n").length;
    const expected = kenlm.stdout.split("\n").slice(0, lines).join("\n") + "\n";
    expect(grampack(["score", arpa, CASES[0].text, "--wrap", "--per", "word"])).toBe(expected);
  }, 60_000);
});
