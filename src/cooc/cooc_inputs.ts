import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputError } from "../io/errors.js";

/** Files a directory contributes: JSONL (plain or gzip) and binary token-id files. */
const CORPUS_FILE = /\.(jsonl?(\.gz)?|u32)$/i;
const WILDCARD = /[*?]/;

/**
 * The files of the inputs, in order: a file as it is, a directory as its corpus files (sorted, not
 * recursive), and a glob with * or ? in its last component (e.g. data/part-*.jsonl.gz) as the matching
 * files of its directory, sorted. An input that names nothing is refused.
 */
export function expandInputs(inputs: readonly string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    if (WILDCARD.test(basename(input))) files.push(...matchGlob(input));
    else if (!existsSync(input)) throw new InputError(input, 0, "no such file or directory");
    else if (statSync(input).isDirectory()) files.push(...corpusFilesOf(input));
    else files.push(input);
  }
  return files;
}

function corpusFilesOf(dir: string): string[] {
  const names = readdirSync(dir).filter((n) => CORPUS_FILE.test(n) && statSync(join(dir, n)).isFile());
  if (names.length === 0) throw new InputError(dir, 0, "no .jsonl, .json, .u32 file (plain or .gz) in this directory");
  return names.sort().map((n) => join(dir, n));
}

function matchGlob(pattern: string): string[] {
  const dir = dirname(pattern);
  if (WILDCARD.test(dir)) throw new InputError(pattern, 0, "wildcards are supported in the file name only, not in directories");
  if (!existsSync(dir)) throw new InputError(pattern, 0, `no such directory ${dir}`);
  const re = globRegExp(basename(pattern));
  const names = readdirSync(dir).filter((n) => re.test(n) && statSync(join(dir, n)).isFile());
  if (names.length === 0) throw new InputError(pattern, 0, "no file matches this pattern");
  return names.sort().map((n) => join(dir, n));
}

/** * → any run of characters, ? → one character, everything else literal. */
function globRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}
