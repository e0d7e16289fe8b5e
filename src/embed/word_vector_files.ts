import { InputError, quote } from "../io/errors.js";
import { forEachLine } from "../io/lines.js";

/** Labelled vectors as they come from word2vec or GloVe files. */
export interface LabelledVectors {
  labels: string[];
  dim: number;
  /** Row-major labels.length × dim. */
  vectors: Float32Array;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(inf|nan)$/i;

/**
 * word2vec text ("n d" on the first line, then "word x1 … xd") or GloVe text (the same without the first
 * line), told apart by the first line. Every row must have the same number of values.
 */
export async function readWordVectorsText(path: string): Promise<LabelledVectors> {
  const labels: string[] = [];
  const values: number[] = [];
  let dim = -1;
  let declaredRows = -1;
  await forEachLine(path, (line, lineNumber) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length === 1 && fields[0] === "") return;
    if (lineNumber === 1 && fields.length === 2 && /^\d+$/.test(fields[0]) && /^\d+$/.test(fields[1])) {
      [declaredRows, dim] = [Number(fields[0]), Number(fields[1])];
      return;
    }
    if (dim < 0) dim = fields.length - 1;
    if (fields.length - 1 !== dim || dim === 0) throw new InputError(path, lineNumber, `expected a word and ${dim || "some"} numbers, got ${fields.length} fields`);
    labels.push(fields[0]);
    for (let j = 1; j < fields.length; j++) {
      if (!NUMBER.test(fields[j])) throw new InputError(path, lineNumber, `value ${j} is ${quote(fields[j])}, expected a number`);
      values.push(Number(fields[j]));
    }
  });
  if (declaredRows >= 0 && declaredRows !== labels.length) throw new InputError(path, 1, `the header says ${declaredRows} vectors, the file holds ${labels.length}`);
  return { labels, dim: Math.max(dim, 0), vectors: Float32Array.from(values) };
}

/** word2vec binary: "n d\n", then per word its bytes, a space, d little-endian float32 and an optional "\n". */
export function readWord2vecBinary(bytes: Uint8Array, path: string): LabelledVectors {
  const newline = bytes.indexOf(0x0a);
  const header = new TextDecoder().decode(bytes.subarray(0, newline < 0 ? 0 : newline)).trim().split(/\s+/);
  if (newline < 0 || header.length !== 2 || !header.every((f) => /^\d+$/.test(f))) throw new InputError(path, 1, 'expected a header "count dimensions"');
  const [rows, dim] = header.map(Number);
  const labels: string[] = [];
  const vectors = new Float32Array(rows * dim);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  let at = newline + 1;
  for (let i = 0; i < rows; i++) {
    while (at < bytes.length && (bytes[at] === 0x0a || bytes[at] === 0x20)) at++;
    const space = bytes.indexOf(0x20, at);
    if (space < 0 || space + 1 + 4 * dim > bytes.length) throw new InputError(path, 0, `truncated at vector ${i + 1} of ${rows} (byte ${at})`);
    labels.push(decoder.decode(bytes.subarray(at, space)));
    at = space + 1;
    for (let j = 0; j < dim; j++, at += 4) vectors[i * dim + j] = view.getFloat32(at, true);
  }
  return { labels, dim, vectors };
}
