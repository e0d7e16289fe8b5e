import { InputError } from "../io/errors.js";

/**
 * NumPy's .npy format as np.save writes it: magic "\x93NUMPY", version (1.0: 2-byte header length, 2.0:
 * 4-byte), then a Python dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (n, d), }
 * padded with spaces and ended by "\n" so the data starts on a multiple of 64, then the raw array.
 * NumPy ≥ 1.23 also leaves room for the first dimension to grow to 21 digits; the writer does the same, so
 * files written by current NumPy round-trip byte for byte.
 */
export type NpyDtype = "float16" | "float32" | "float64";

export interface NpyMatrix {
  rows: number;
  cols: number;
  dtype: NpyDtype;
  /** Format version of the file (1: 2-byte header length; 2 and 3: 4-byte); written back the same. */
  version?: 1 | 2 | 3;
  /** Byte order of the file; `data` always holds host (little-endian) numbers. */
  littleEndian: boolean;
  /** Row-major rows×cols; float16 as its raw bit patterns. */
  data: Uint16Array | Float32Array | Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const ALIGN = 64;
const GROWTH_DIGITS = 21;
const CODES: Record<string, NpyDtype> = { f2: "float16", f4: "float32", f8: "float64" };
const SIZES: Record<NpyDtype, number> = { float16: 2, float32: 4, float64: 8 };

export function readNpy(bytes: Uint8Array, source = "input"): NpyMatrix {
  const fail = (what: string): never => {
    throw new InputError(source, 0, what);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail("not a .npy file (expected the magic bytes \\x93NUMPY)");
  const major = bytes[6];
  if (major !== 1 && major !== 2 && major !== 3) return fail(`.npy format version ${major}.${bytes[7]}, expected 1.0, 2.0 or 3.0`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (dataStart > bytes.length) fail(`truncated: the header says ${headerLength} bytes, the file has ${bytes.length}`);
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(8 + lengthBytes, dataStart));
  const { rows, cols, dtype, littleEndian } = parseHeader(header, fail);
  const byteLength = rows * cols * SIZES[dtype];
  if (bytes.length - dataStart !== byteLength) fail(`expected ${rows}×${cols} ${dtype} = ${byteLength} data bytes, found ${bytes.length - dataStart}`);
  return { rows, cols, dtype, version: major, littleEndian, data: decodeData(bytes.subarray(dataStart), dtype, littleEndian, rows * cols) };
}

function parseHeader(header: string, fail: (what: string) => never): Omit<NpyMatrix, "data"> {
  const shown = JSON.stringify(header.trim());
  if (!/^\{.*\}\s*$/s.test(header)) fail(`header ${shown} is not a dict literal`);
  const descr = /'descr':\s*'([<>|=])(\w+)'/.exec(header);
  const fortran = /'fortran_order':\s*(True|False)/.exec(header);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shape) return fail(`header ${shown} lacks descr, fortran_order or shape`);
  const dtype = CODES[descr[2]];
  if (dtype === undefined || descr[1] === "|") fail(`dtype '${descr[1]}${descr[2]}', expected float16, float32 or float64 ('<f2', '<f4', '<f8', or '>' for big-endian)`);
  if (fortran[1] === "True") fail("fortran_order is True; save a C-ordered array (np.ascontiguousarray) instead");
  const dims = shape[1].split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  if (dims.length !== 2 || !dims.every((s) => /^\d+$/.test(s))) fail(`shape (${shape[1]}), expected a 2-D array (rows, dimensions)`);
  return { rows: Number(dims[0]), cols: Number(dims[1]), dtype, littleEndian: descr[1] !== ">" };
}

function decodeData(raw: Uint8Array, dtype: NpyDtype, littleEndian: boolean, n: number): NpyMatrix["data"] {
  const size = SIZES[dtype];
  // A fresh, aligned copy; big-endian numbers are swapped into host order on the way.
  const bytes = raw.slice(0, n * size);
  if (!littleEndian) swapBytes(bytes, size);
  if (dtype === "float16") return new Uint16Array(bytes.buffer, 0, n);
  if (dtype === "float32") return new Float32Array(bytes.buffer, 0, n);
  return new Float64Array(bytes.buffer, 0, n);
}

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let at = 0; at < bytes.length; at += size) bytes.subarray(at, at + size).reverse();
}

/** The .npy bytes of a matrix in its version (by default 1.0, or 2.0 when the header needs more than 65535 bytes). */
export function writeNpy(matrix: NpyMatrix): Uint8Array {
  const order = matrix.littleEndian ? "<" : ">";
  const code = Object.keys(CODES).find((c) => CODES[c] === matrix.dtype);
  const shape = `(${matrix.rows}, ${matrix.cols})`;
  let dict = `{'descr': '${order}${code}', 'fortran_order': False, 'shape': ${shape}, }`;
  dict += " ".repeat(Math.max(0, GROWTH_DIGITS - String(matrix.rows).length));
  const version = matrix.version ?? (dict.length + 1 + ALIGN + 10 <= 65535 ? 1 : 2);
  const prefix = version === 1 ? 10 : 12;
  const padding = ALIGN - ((prefix + dict.length + 1) % ALIGN);
  const header = `${dict}${" ".repeat(padding)}\n`;
  const size = SIZES[matrix.dtype];
  const out = new Uint8Array(prefix + header.length + matrix.rows * matrix.cols * size);
  out.set(MAGIC);
  out[6] = version;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  // The header is ASCII, which latin1 (versions 1 and 2) and UTF-8 (version 3) encode alike.
  out.set(new TextEncoder().encode(header), prefix);
  const body = out.subarray(prefix + header.length);
  body.set(new Uint8Array(matrix.data.buffer, matrix.data.byteOffset, body.length));
  if (!matrix.littleEndian) swapBytes(body, size);
  return out;
}

/** The matrix's numbers as float32 (float16 widened exactly, float64 rounded). */
export function npyToFloat32(matrix: NpyMatrix): Float32Array {
  if (matrix.dtype === "float32") return matrix.data as Float32Array;
  if (matrix.dtype === "float64") return Float32Array.from(matrix.data);
  const bits = matrix.data as Uint16Array;
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = halfToFloat(bits[i]);
  return out;
}

/** IEEE 754 binary16 → number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
