import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Reference data (Tongrams' test data, KenLM's outputs) beside the checkout: ../shared/reference. */
export const REFERENCE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "shared", "reference");

/** Why the suites needing reference data skip, as `npm test` says it. */
export const REFERENCE_ABSENT = "../shared/reference absent";

/** The name of a suite that needs the reference data at `path`, with the reason appended when it skips. */
export function referenceSuite(name: string, path: string): string {
  return existsSync(path) ? name : `${name} (skipped: ${REFERENCE_ABSENT})`;
}
