import { UsageError } from "./command.js";

/** A decimal number option, refused with a UsageError when it is not a finite number. */
export function numberArg(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x)) throw new UsageError(`${name} must be a number, got "${value}"`);
  return x;
}
