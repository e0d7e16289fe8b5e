import { Container, type LoadOptions } from "../container/container.js";
import type { BackoffModel } from "./backoff_model.js";
import { PROB_HASH_KIND, ProbHash } from "./prob_hash.js";
import { PROB_TRIE_KINDS, ProbTrie } from "./prob_trie.js";

export const PROB_MODEL_KINDS: string[] = [...Object.values(PROB_TRIE_KINDS), PROB_HASH_KIND];

/** A probability model (prob_backoff trie or hash) from the bytes of a saved file, as views over them. */
export function loadBackoffModel(bytes: Uint8Array, options: Omit<LoadOptions, "kind"> = {}): BackoffModel {
  const c = Container.from(bytes, { ...options, kind: PROB_MODEL_KINDS });
  const model = c.kind === PROB_HASH_KIND ? ProbHash.read(c) : ProbTrie.read(c);
  c.finish();
  return model;
}
