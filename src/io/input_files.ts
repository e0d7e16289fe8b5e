import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputError } from "./errors.js";
import { STDIN } from "./lines.js";

/** Which files of a directory are inputs, and how to say so. */
export interface DirectoryFiles {
  pattern: RegExp;
  description: string;
}

/** Files a directory of a text corpus contributes: JSONL and text, plain or gzip. */
export const TEXT_CORPUS_FILES: DirectoryFiles = { pattern: /\.(jsonl?|txt)(\.gz)?$/i, description: ".jsonl, .json or .txt file (plain or .gz)" };
const WILDCARD = /[*?]/;

/**
 * The files of the inputs, in order: a file as it is ("-", standard input, too), a directory as its files
 * whose names `directoryFiles` matches (sorted, not recursive), and a glob with * or ? in its last
 * component (e.g. data/part-*.jsonl.gz) as the matching files of its directory, sorted. An input that
 * names nothing is refused.
 */
export function expandInputs(inputs: readonly string[], directoryFiles: DirectoryFiles = TEXT_CORPUS_FILES): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    if (input === STDIN) files.push(input);
    else if (WILDCARD.test(basename(input))) files.push(...matchGlob(input));
    else if (!existsSync(input)) throw new InputError(input, 0, "no such file or directory");
    else if (statSync(input).isDirectory()) files.push(...directoryFilesOf(input, directoryFiles));
    else files.push(input);
  }
  return files;
}

function directoryFilesOf(dir: string, files: DirectoryFiles): string[] {
  const names = readdirSync(dir).filter((n) => files.pattern.test(n) && statSync(join(dir, n)).isFile());
  if (names.length === 0) throw new InputError(dir, 0, `no ${files.description} in this directory`);
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
