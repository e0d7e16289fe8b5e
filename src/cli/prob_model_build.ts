import { ContainerWriter } from "../container/container.js";
import { writePiecesAtomic } from "../io/files.js";
import type { ArpaTables } from "../ngram/arpa_tables.js";
import { readArpaTables } from "../ngram/read_arpa_tables.js";
import type { BackoffModel } from "../ngram/backoff_model.js";
import { MAX_QUANTIZATION_BITS } from "../ngram/log_values.js";
import type { ProbModelOptions } from "../ngram/prob_trie.js";
import { intArg, UsageError } from "./command.js";

/** The options build_trie and build_hash take for prob_backoff models. */
export const PROB_OPTIONS = {
  arpa: { type: "string" },
  out: { type: "string" },
  u: { type: "string" },
  p: { type: "string" },
  b: { type: "string" },
} as const;

export const PROB_USAGE = `  --arpa FILE      the ARPA model (plain or .gz); any n-gram order within a section
  --p BITS         bits per quantized probability, 1..${MAX_QUANTIZATION_BITS} (default 8); 0 keeps exact float32 values
  --b BITS         bits per quantized backoff, 1..${MAX_QUANTIZATION_BITS} (default 8; 0 stays exact); 0 keeps exact values
  --u LOG10P       log10 probability of out-of-vocabulary words (default: that of <unk> in the ARPA file)`;

/**
 * `--u -20` as `--u=-20`: parseArgs takes a value starting with "-" for an option, and Tongrams users
 * write the negative log10 probability after a space.
 */
export function joinNegativeU(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--u" && i + 1 < argv.length && /^-\d/.test(argv[i + 1])) out.push(`--u=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

/** --p, --b and --u, checked. */
export function probModelOptions(values: { p?: string; b?: string; u?: string }): ProbModelOptions {
  const bits = (text: string | undefined, name: string): number => {
    const n = intArg(text, name, 8);
    if (n < 0 || n > MAX_QUANTIZATION_BITS) throw new UsageError(`${name} must be 0..${MAX_QUANTIZATION_BITS}, got ${n}`);
    return n;
  };
  return { probBits: bits(values.p, "--p"), backoffBits: bits(values.b, "--b"), unkLog10Prob: unkArg(values.u) };
}

/** The value of --u: a log10 probability, or undefined when not given. */
export function unkArg(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const unk = Number(text);
  if (!(text.trim() !== "" && Number.isFinite(unk) && unk <= 0)) throw new UsageError(`--u must be a log10 probability (a number ≤ 0), got "${text}"`);
  return unk;
}

/** Reads the ARPA file, builds the model with `build`, writes it atomically and prints its sizes. */
export async function buildProbModel(arpa: string | undefined, out: string | undefined, kind: string, build: (tables: ArpaTables) => BackoffModel): Promise<void> {
  if (!arpa || !out) throw new UsageError("--arpa and --out are required for prob_backoff models");
  const started = performance.now();
  const model = build(await readArpaTables(arpa));
  const writer = new ContainerWriter(kind);
  model.write(writer);
  const bytes = writePiecesAtomic(out, writer.pieces());
  const seconds = (performance.now() - started) / 1000;
  console.log(`${describeProbModel(model, bytes)}\nbuilt in ${seconds.toFixed(2)} s, written to ${out}`);
}

/** The ARPA model, refused when its order is not the ORDER given on the command line. */
export function checkOrder(tables: ArpaTables, order: number): ArpaTables {
  if (tables.order !== order) throw new UsageError(`ORDER is ${order}, but ${tables.source} is a model of order ${tables.order}`);
  return tables;
}

function describeProbModel(model: BackoffModel, fileBytes: number): string {
  const perOrder = model.gramsPerOrder();
  const grams = perOrder.reduce((a, b) => a + b, 0);
  const lines = [
    `${model.structure} prob_backoff: ${grams} n-grams of orders 1..${model.order} (${perOrder.join(" / ")}), ${fileBytes} bytes, ${(fileBytes / grams).toFixed(4)} bytes per gram`,
  ];
  for (const [name, bits] of Object.entries(model.components())) {
    lines.push(`  ${name.padEnd(14)} ${String(Math.ceil(bits / 8)).padStart(10)} bytes  ${(bits / 8 / grams).toFixed(4)} bytes/gram`);
  }
  return lines.join("\n");
}
