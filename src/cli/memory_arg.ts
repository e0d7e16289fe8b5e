import { UsageError } from "./command.js";

const UNITS: Record<string, number> = { "": 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };
/** Smallest budget accepted: below it the sort buffers would be a handful of records. */
const MIN_MEMORY = 1 << 16;

/** A memory budget such as 800000000, 512M, 1G or 64k (binary units), refused with a UsageError otherwise. */
export function memoryArg(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const match = /^(\d+(?:\.\d+)?)([kmgt]?)i?b?$/i.exec(value);
  if (!match) throw new UsageError(`${name} must be a number of bytes such as 800000000, 512M or 2G, got "${value}"`);
  const bytes = Math.floor(Number(match[1]) * UNITS[match[2].toLowerCase()]);
  if (bytes < MIN_MEMORY) throw new UsageError(`${name} must be at least ${MIN_MEMORY} bytes, got ${bytes}`);
  return bytes;
}
