import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach } from "vitest";

/**
 * A factory of fresh temporary directories, each removed after the current test ("test") or after the
 * test file ("file", for directories made while collecting tests).
 */
export function useTempDirs(scope: "test" | "file" = "test"): () => string {
  const made: string[] = [];
  (scope === "test" ? afterEach : afterAll)(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), "grampack-test-"));
    made.push(dir);
    return dir;
  };
}
