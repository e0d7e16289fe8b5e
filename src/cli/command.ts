import { parseArgs, type ParseArgsConfig } from "node:util";

/** Wrong command-line usage: the caller prints the command's usage and exits with status 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface Command {
  name: string;
  /** One line for the list of commands. */
  summary: string;
  /** Full usage text shown by --help and on bad arguments. */
  usage: string;
  /** Whether the first argument names a subcommand (`cooc build`): errors then name it too. */
  subcommands?: boolean;
  run(argv: string[]): Promise<number | void> | number | void;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** The parsed value of each option: string or boolean, as a list when the option may repeat. */
export type Values<O extends Options> = {
  [K in keyof O]?: O[K] extends { type: "boolean" }
    ? O[K] extends { multiple: true } ? boolean[] : boolean
    : O[K] extends { multiple: true } ? string[] : string;
};

/**
 * Parses `argv` strictly with node:util's parseArgs; unknown options and missing values become
 * UsageErrors so every command reports bad arguments the same way.
 */
export function parse<O extends Options>(
  argv: string[],
  options: O,
  positionals: { min: number; max?: number },
): { values: Values<O>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const n = parsed.positionals.length;
  if (n < positionals.min || n > (positionals.max ?? Infinity)) {
    throw new UsageError(`expected ${describeCount(positionals)} argument(s), got ${n}`);
  }
  return { values: parsed.values as Values<O>, positionals: parsed.positionals };
}

function describeCount({ min, max }: { min: number; max?: number }): string {
  if (max === min) return `${min}`;
  return max === undefined ? `at least ${min}` : `${min} to ${max}`;
}

/** An integer option or argument, refused with a UsageError when it is not one. */
export function intArg(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`missing ${name}`);
    return fallback;
  }
  if (!/^-?\d+$/.test(value)) throw new UsageError(`${name} must be an integer, got "${value}"`);
  return Number(value);
}
