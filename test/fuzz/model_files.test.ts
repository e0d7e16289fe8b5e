import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fuzzModels } from "../../scripts/fuzz_models.js";
import { SAMPLE_KINDS } from "../../scripts/fuzz_samples.js";
import { runCli } from "../helpers/run_cli.js";
import { useTempDirs } from "../helpers/temp_dir.js";

// A new seed every run unless FUZZ_SEED gives one: the seed is in the tests' names, to replay a failure.
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 1e9));
const MUTATIONS = 200;
const tempDir = useTempDirs();

describe(`files from strangers: ${MUTATIONS} mutations per kind with the CRC recomputed (seed ${seed})`, () => {
  for (const kind of SAMPLE_KINDS) {
    it(`${kind}: every file is refused with a FormatError or answers, without hang or large allocation`, async () => {
      const [r] = await fuzzModels({ seed, mutations: MUTATIONS, kinds: [kind], keepRefused: 2 });
      expect(r.failures, JSON.stringify(r.failures, null, 1)).toEqual([]);
      const c = r.counts;
      expect(c.refused + c["refused by verify"] + c["refused at query"] + c.same + c.different).toBe(MUTATIONS);
      // Most mutations make parts contradict each other; when values inside sections were changed (the
      // layout left whole), the refusal names the section at fault.
      expect(c.refused).toBeGreaterThan(MUTATIONS / 2);
      expect(r.namedSection).toBe(r.sectionRefusals);

      const dir = tempDir();
      const original = join(dir, "original.bin");
      writeFileSync(original, r.original!);
      const ok = await runCli(["check", original]);
      expect(ok.status, ok.err).toBe(0);
      expect(ok.out).toBe(`${original}: OK (${ok.out.split("(")[1]}`);
      expect(r.refused).toHaveLength(2);
      for (const bytes of r.refused) {
        const file = join(dir, "refused.bin");
        writeFileSync(file, bytes);
        const refused = await runCli(["check", file]);
        expect(refused.status).toBe(1);
        expect(refused.err).toMatch(new RegExp(`^${file}: section "[^"]+": `));
        expect(refused.err.split("\n")).toHaveLength(1);
      }
    });
  }
});
