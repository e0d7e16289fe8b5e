import { Container, type LoadOptions } from "../container/container.js";
import { CountTrie, TRIE_KINDS } from "./count_trie.js";
import { CountHash, HASH_KIND } from "./count_hash.js";

/** What every count model answers, whatever its structure. */
export type CountModel = CountTrie | CountHash;

export const COUNT_MODEL_KINDS: string[] = [...Object.values(TRIE_KINDS), HASH_KIND];

/**
 * A model from the bytes of a saved file. The structures are views over `bytes` (nothing is copied or
 * parsed per element), so keep the buffer alive as long as the model.
 */
export function load(bytes: Uint8Array, options: Omit<LoadOptions, "kind"> = {}): CountModel {
  const c = Container.from(bytes, { ...options, kind: COUNT_MODEL_KINDS });
  const model = c.kind === HASH_KIND ? CountHash.read(c) : CountTrie.read(c);
  c.finish();
  return model;
}
