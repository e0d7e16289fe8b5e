#!/usr/bin/env node
import { pathToFileURL } from "node:url";
import { realpathSync } from "node:fs";
import { UsageError, type Command } from "./command.js";
import { COMMANDS } from "./commands.js";

const MAIN_USAGE = `usage: grampack <command> [arguments]  (grampack <command> --help for details)

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(18)} ${c.summary}`).join("\n")}`;

/** Runs one command line; returns the exit status (0 ok, 1 failure, 2 bad usage). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const command = rest[0] === undefined ? undefined : findCommand(rest[0]);
    console.log(command ? command.usage : MAIN_USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = findCommand(name);
  if (!command) {
    console.error(`grampack: unknown command "${name}"\n\n${MAIN_USAGE}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(command.usage);
    return 0;
  }
  try {
    return (await command.run(rest)) ?? 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`grampack ${command.name}: ${e.message}\n\n${command.usage}`);
      return 2;
    }
    const err = e as Error;
    const label = command.subcommands && rest[0] !== undefined && !rest[0].startsWith("-") ? `${command.name} ${rest[0]}` : command.name;
    console.error(`grampack ${label}: ${describeError(err)}`);
    if (process.env.GRAMPACK_DEBUG) console.error(err.stack);
    return 1;
  }
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a directory, expected a file",
  ENOTDIR: "a part of the path is not a directory",
  EEXIST: "already exists",
  ENOTEMPTY: "the directory is not empty",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "the file system is read-only",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many levels of symbolic links",
  EMFILE: "too many open files",
  EBUSY: "busy",
};

/**
 * The message of an error, with the file named first for the file-system errors Node reports (Node's
 * own text, "EISDIR: illegal operation on a directory, read", is kept only when no path comes with it).
 */
function describeError(err: Error & { code?: unknown; path?: unknown }): string {
  const what = typeof err.code === "string" ? FILE_ERRORS[err.code] : undefined;
  return what !== undefined && typeof err.path === "string" ? `${err.path}: ${what}` : err.message;
}

function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** True when this module is the program being run (also through an npm bin symlink). */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && moduleUrl === pathToFileURL(realpathSync(script)).href;
}

if (isEntryPoint(import.meta.url)) {
  main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
