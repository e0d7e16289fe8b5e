import { UsageError, type Values } from "./command.js";
import { memoryArg } from "./memory_arg.js";
import { loadTokenizer, normalizedTokenizer, type Tokenizer } from "../text/tokenizer.js";
import { parseNormalization, type Normalization } from "../text/normalize.js";
import type { DocumentFormat } from "../io/jsonl.js";

const FORMATS: readonly DocumentFormat[] = ["text", "jsonl"];

/** How every command that reads text documents reads them (count, estimate, score, filter). */
export const TEXT_INPUT_OPTIONS = {
  tokenizer: { type: "string" },
  normalize: { type: "string" },
  format: { type: "string" },
  field: { type: "string" },
  lenient: { type: "boolean" },
} as const;

/** The options of the commands that count a text corpus (count, estimate). */
export const CORPUS_OPTIONS = {
  ...TEXT_INPUT_OPTIONS,
  memory: { type: "string" },
  temp: { type: "string" },
} as const;

export interface CorpusOptions {
  tokenizer: Tokenizer;
  memoryBytes: number;
  format: DocumentFormat | undefined;
  field: string | undefined;
  strict: boolean;
  tempDir: string | undefined;
}

/** The value of --format, checked. */
export function formatArg(value: string | undefined): DocumentFormat | undefined {
  const format = value as DocumentFormat | undefined;
  if (format !== undefined && !FORMATS.includes(format)) throw new UsageError(`--format must be text or jsonl, got "${value}"`);
  return format;
}

/** The corpus options as the library takes them: tokenizer loaded, format and memory checked. */
export function corpusOptions(values: Values<typeof CORPUS_OPTIONS>, defaultMemory: number): CorpusOptions {
  return {
    tokenizer: normalizedTokenizer(loadTokenizer(values.tokenizer), normalizationOf(values.normalize)),
    memoryBytes: memoryArg(values.memory, "--memory", defaultMemory),
    format: formatArg(values.format),
    field: values.field,
    strict: !values.lenient,
    tempDir: values.temp,
  };
}

/** The value of --normalize, checked ("none" when not given). */
export function normalizationOf(value: string | undefined): Normalization {
  if (value === undefined) return "none";
  try {
    return parseNormalization(value);
  } catch (e) {
    throw new UsageError(`--normalize: ${(e as Error).message}`);
  }
}
