import { readFileBytes } from "../io/files.js";
import { load } from "./model.js";
import type { CountModel } from "./model.js";

/** Loads a saved model from a file (Node only; in a browser, fetch the bytes and call `load`). */
export function loadFile(path: string, options: { verify?: boolean } = {}): CountModel {
  return load(readFileBytes(path), { ...options, source: path });
}
