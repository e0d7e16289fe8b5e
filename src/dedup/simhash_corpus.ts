import { InputError } from "../io/errors.js";
import { AtomicWriter } from "../io/files.js";
import { forEachDocument, type DocumentFormat } from "../io/jsonl.js";
import { STDIN } from "../io/lines.js";
import { isBlankLine } from "./document_bytes.js";
import { forEachRawLine } from "./raw_lines.js";
import { DEFAULT_SHINGLE, nearDuplicateClusters, SimHasher } from "./simhash.js";

/**
 * `grampack simhash` as a library call: near-duplicate documents of JSONL or plain-text files, by SimHash
 * (simhash.ts). Pass 1 fingerprints every document; clusters are found; pass 2 writes the first document
 * of each cluster (and every document without near-duplicates) as its original line, so the output of
 * `grampack dedup` can be fed to it, and its output to dedup.
 */

export const DEFAULT_MAX_DISTANCE = 3;
const NEWLINE = Uint8Array.of(0x0a);

export interface SimhashOptions {
  maxDistance?: number;
  shingle?: number;
  format?: DocumentFormat;
  field?: string;
  /** The corpus without near-duplicates (gzip when the name ends in .gz). */
  out?: string;
  /** JSON report of the clusters of two or more documents. */
  report?: string;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface SimhashSummary {
  documents: number;
  max_distance: number;
  /** Clusters of two or more documents, and the documents they hold beyond their first. */
  clusters: number;
  removed_documents: number;
}

export async function simhashCorpus(inputs: readonly string[], options: SimhashOptions = {}): Promise<SimhashSummary> {
  const maxDistance = options.maxDistance ?? DEFAULT_MAX_DISTANCE;
  if (inputs.includes(STDIN) && options.out) throw new Error("simhash --out reads its inputs twice: standard input is not accepted, save it to a file");
  const hasher = new SimHasher(options.shingle ?? DEFAULT_SHINGLE);
  const locations: string[] = [];
  for (const path of inputs) {
    await forEachDocument(
      path,
      (doc) => {
        if (doc.kind === "ids") throw new InputError(path, doc.lineNumber, 'expected a "text" or "content" field');
        hasher.add(doc.text);
        locations.push(`${path}:${doc.lineNumber}`);
      },
      { format: options.format, field: options.field, onProgress: (done, total) => options.onProgress?.(`reading ${path}`, done, total) },
    );
  }
  if (locations.length === 0) throw new Error(`no documents in ${inputs.join(", ")}`);
  options.onProgress?.("clustering", 0, 0);
  const cluster = nearDuplicateClusters(hasher.toArray(), maxDistance);
  const members = clusterMembers(cluster);
  if (options.report) writeClusters(options.report, members, locations, maxDistance);
  if (options.out) await writeFirstOfEach(inputs, options.out, cluster, options);
  let removed = 0;
  for (const list of members) removed += list.length - 1;
  return { documents: cluster.length, max_distance: maxDistance, clusters: members.length, removed_documents: removed };
}

/** The clusters of two or more documents, each in document order, ordered by their first document. */
function clusterMembers(cluster: Int32Array): number[][] {
  const byRoot = new Map<number, number[]>();
  for (let d = 0; d < cluster.length; d++) {
    if (cluster[d] === d) continue;
    const list = byRoot.get(cluster[d]) ?? [cluster[d]];
    list.push(d);
    byRoot.set(cluster[d], list);
  }
  return [...byRoot.values()].sort((a, b) => a[0] - b[0]);
}

function writeClusters(path: string, members: number[][], locations: readonly string[], maxDistance: number): void {
  const entries = members.map((list) => JSON.stringify({ documents: list, at: list.map((d) => locations[d]) }));
  const out = new AtomicWriter(path, { gzip: false });
  out.write(`{"max_distance":${maxDistance},"clusters":[${entries.length > 0 ? "\n" : ""}${entries.join(",\n")}\n]}\n`);
  out.commit();
}

/**
 * Pass 2: the lines of the documents that are first of their cluster, byte for byte (read as bytes, so
 * invalid UTF-8 is kept too; each ends in '\n'). Blank lines are not documents.
 */
async function writeFirstOfEach(inputs: readonly string[], path: string, cluster: Int32Array, options: SimhashOptions): Promise<void> {
  const out = new AtomicWriter(path);
  let doc = 0;
  try {
    for (const input of inputs) {
      await forEachRawLine(
        input,
        (line, lineNumber) => {
          if (isBlankLine(line)) return;
          if (doc >= cluster.length) throw new InputError(input, lineNumber, "the file changed while it was read");
          if (cluster[doc] === doc) {
            out.write(line);
            out.write(NEWLINE);
          }
          doc++;
        },
        (done, total) => options.onProgress?.(`writing ${input}`, done, total),
      );
    }
    if (doc !== cluster.length) throw new InputError(inputs[inputs.length - 1], 0, "the file changed while it was read");
    out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
}
