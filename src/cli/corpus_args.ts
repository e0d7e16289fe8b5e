import { UsageError, type Values } from "./command.js";
import { memoryArg } from "./memory_arg.js";
import { loadTokenizer, type Tokenizer } from "../text/tokenizer.js";
import type { DocumentFormat } from "../io/jsonl.js";

const FORMATS: readonly DocumentFormat[] = ["text", "jsonl"];

/** The options of every command that reads a text corpus (count, estimate). */
export const CORPUS_OPTIONS = {
  tokenizer: { type: "string" },
  memory: { type: "string" },
  format: { type: "string" },
  field: { type: "string" },
  lenient: { type: "boolean" },
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

/** The corpus options as the library takes them: tokenizer loaded, format and memory checked. */
export function corpusOptions(values: Values<typeof CORPUS_OPTIONS>, defaultMemory: number): CorpusOptions {
  const format = values.format as DocumentFormat | undefined;
  if (format !== undefined && !FORMATS.includes(format)) throw new UsageError(`--format must be text or jsonl, got "${format}"`);
  return {
    tokenizer: loadTokenizer(values.tokenizer),
    memoryBytes: memoryArg(values.memory, "--memory", defaultMemory),
    format,
    field: values.field,
    strict: !values.lenient,
    tempDir: values.temp,
  };
}
