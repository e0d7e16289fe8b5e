import { existsSync } from "node:fs";
import { REFERENCE_ABSENT, REFERENCE_DIR } from "./reference.js";

/**
 * Global setup of the test run: says once why the suites checked against reference data skip, as the
 * summary only counts skipped tests.
 */
export default function setup(): void {
  if (!existsSync(REFERENCE_DIR)) {
    console.log(`note: ${REFERENCE_ABSENT} (${REFERENCE_DIR}): the tests against Tongrams' and KenLM's reference data are skipped`);
  }
}
