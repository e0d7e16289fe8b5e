import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";

/*
 * The temporary files and folders of the process (sorted runs and spools in work folders, the temporary
 * names of atomic outputs, staged output folders) are listed here while they exist, so that they are
 * removed when the process ends early: on SIGINT or SIGTERM, and on exit after an error that nothing
 * caught. The handlers are installed only while the list is not empty. After removing the paths, a
 * signal ends the process with status 128 + the signal's number (130 for SIGINT, 143 for SIGTERM), as
 * shells report it, unless the program listens to that signal itself: then the program decides.
 */

const paths = new Set<string>();
const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 } as const;
type HandledSignal = keyof typeof SIGNAL_NUMBERS;

const onSigint = (): void => endBySignal("SIGINT");
const onSigterm = (): void => endBySignal("SIGTERM");

/** Lists `path` for removal if the process ends before `removeTempPath` or `forgetTempPath`. */
export function registerTempPath(path: string): void {
  if (paths.size === 0) {
    process.on("SIGINT", onSigint);
    process.on("SIGTERM", onSigterm);
    process.on("exit", removeAllTempPaths);
  }
  paths.add(path);
}

/** Removes `path` (a folder with everything in it) and takes it off the list. */
export function removeTempPath(path: string): void {
  rmSync(path, { recursive: true, force: true });
  forgetTempPath(path);
}

/** Takes `path` off the list without removing it: it was renamed into place, or removed otherwise. */
export function forgetTempPath(path: string): void {
  if (!paths.delete(path) || paths.size > 0) return;
  process.off("SIGINT", onSigint);
  process.off("SIGTERM", onSigterm);
  process.off("exit", removeAllTempPaths);
}

/** A new empty folder `parent/prefixXXXXXX`, listed. */
export function makeTempDir(parent: string, prefix: string): string {
  const dir = mkdtempSync(join(parent, prefix));
  registerTempPath(dir);
  return dir;
}

/**
 * Lets a signal that came during synchronous work take effect (the handlers run only when the event loop
 * gets control): called before an output is put in place, so that an interrupted run does not replace
 * it. Resolves after the event loop has polled for signals once: an immediate callback runs after the
 * poll phase of its loop iteration, which may have begun before the signal, so two are waited for.
 */
export async function settleSignals(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** The paths listed now (for tests). */
export function listedTempPaths(): string[] {
  return [...paths];
}

/** Removes every listed path, as far as it can: the process is ending. */
export function removeAllTempPaths(): void {
  for (const path of [...paths]) {
    try {
      removeTempPath(path);
    } catch {
      // Nothing more can be done for it while the process ends; the others are still removed.
      forgetTempPath(path);
    }
  }
}

function endBySignal(signal: HandledSignal): void {
  removeAllTempPaths();
  if (process.listenerCount(signal) === 0) process.exit(128 + SIGNAL_NUMBERS[signal]);
}
