import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readSync, realpathSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { randomBytes } from "node:crypto";
import { Gzip } from "fflate";
import { heapForFile } from "../bits/heap.js";
import { InputError, OutputError } from "./errors.js";
import { forgetTempPath, registerTempPath } from "./temp_paths.js";

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const DEFAULT_BUFFER_BYTES = 1 << 20;
const READ_PROBE_BYTES = 1 << 16;

/** Whether a path names a gzip file by its extension (used to decide how to write it). */
export function isGzipPath(path: string): boolean {
  return path.toLowerCase().endsWith(".gz");
}

/** Whether bytes start with the gzip magic number (used to decide how to read them, whatever the name). */
export function hasGzipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1;
}

/** What is said of an input that turns out to be a directory. */
export const DIRECTORY_FOR_FILE = "is a directory, expected a file";

/**
 * The whole file in a fresh buffer starting at byte offset 0, so typed-array views over 8-byte aligned
 * sections of a container need no copy (Node's pooled Buffers may start at any offset). A directory is
 * refused with an InputError saying that `what` was expected.
 */
export function readFileBytes(path: string, what = "a file"): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError(path, 0, `is a directory, expected ${what}`);
    const bytes = new Uint8Array(stat.size);
    let filled = 0;
    while (filled < bytes.length) {
      const n = readSync(fd, bytes, filled, bytes.length - filled, null);
      if (n === 0) return bytes.slice(0, filled);
      filled += n;
    }
    return appendRest(fd, bytes);
  } finally {
    closeSync(fd);
  }
}

/**
 * A file's bytes read straight into the kernels' heap (one allocation, no second copy): how model files
 * are loaded. A file that is not what fstat said (a pipe, a file growing meanwhile) is read as usual, then
 * placed.
 */
export function readFileToHeap(path: string, what = "a file"): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError(path, 0, `is a directory, expected ${what}`);
    if (!stat.isFile()) {
      const all = appendRest(fd, new Uint8Array(0));
      return heapForFile(all.length).placeWhole(all);
    }
    const h = heapForFile(stat.size);
    const bytes = h.bytesView(stat.size);
    let filled = 0;
    while (filled < bytes.length) {
      const n = readSync(fd, bytes, filled, bytes.length - filled, null);
      if (n === 0) return h.placeWhole(bytes.slice(0, filled));
      filled += n;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}

/** Whatever follows the size `fstat` gave: a file that grew meanwhile, or one with no size, like a pipe. */
function appendRest(fd: number, bytes: Uint8Array): Uint8Array {
  const parts = [bytes];
  let total = bytes.length;
  for (;;) {
    const part = new Uint8Array(READ_PROBE_BYTES);
    const n = readSync(fd, part, 0, part.length, null);
    if (n === 0) break;
    parts.push(part.subarray(0, n));
    total += n;
  }
  if (parts.length === 1) return bytes;
  const whole = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  return whole;
}

export interface AtomicWriterOptions {
  /** Compress the output with gzip. Default: when the target name ends in ".gz". */
  gzip?: boolean;
  /** Output is collected up to about this many bytes (characters for text) before it is written. */
  bufferBytes?: number;
}

/**
 * Writes a large output (ARPA, JSONL, count files) under a temporary name in the target's directory and
 * renames it into place on `commit()`, so the target is either the old file or the complete new one, never
 * a half-written one. Writes are synchronous: they are buffered, and a CLI has nothing else to do meanwhile.
 * A failed write or commit removes the temporary file before the error is thrown; so does the end of the
 * process by SIGINT or SIGTERM (temp_paths.ts). Errors of the file system are OutputErrors naming the
 * target, not the temporary name: a target that is a directory, a missing folder, no permission, no space.
 */
export class AtomicWriter {
  readonly tempPath: string;
  private fd: number;
  private state: "open" | "committed" | "aborted" = "open";
  private readonly bufferBytes: number;
  private readonly gzip: Gzip | undefined;
  /** Pending output: text, or bytes, never both at once, so the order of writes is kept. */
  private pendingText = "";
  private readonly pendingBytes: Uint8Array;
  private pendingByteCount = 0;

  constructor(readonly path: string, options: AtomicWriterOptions = {}) {
    checkOutputPath(path);
    this.tempPath = besideTarget(path, "tmp");
    this.bufferBytes = options.bufferBytes ?? DEFAULT_BUFFER_BYTES;
    this.pendingBytes = new Uint8Array(this.bufferBytes);
    try {
      this.fd = openSync(this.tempPath, "wx");
    } catch (e) {
      throw outputFailure(path, e);
    }
    registerTempPath(this.tempPath);
    const gzip = options.gzip ?? isGzipPath(path);
    this.gzip = gzip ? new Gzip((data) => this.writeOut(data)) : undefined;
  }

  /** Appends text (UTF-8 encoded) or bytes. */
  write(data: Uint8Array | string): void {
    this.checkOpen();
    try {
      if (typeof data === "string") this.writeText(data);
      else this.writeBytes(data);
    } catch (e) {
      this.abort();
      throw outputFailure(this.path, e);
    }
  }

  /** Flushes, syncs to disk and renames the temporary file to the target. */
  commit(): void {
    this.checkOpen();
    try {
      this.flush();
      if (this.gzip) this.gzip.push(new Uint8Array(0), true);
      fsyncSync(this.fd);
      this.closeFile();
      renameSync(this.tempPath, this.path);
    } catch (e) {
      this.abort();
      throw outputFailure(this.path, e);
    }
    forgetTempPath(this.tempPath);
    this.state = "committed";
  }

  /** Deletes the temporary file; the target is left untouched. Does nothing after commit or abort. */
  abort(): void {
    if (this.state !== "open") return;
    this.state = "aborted";
    try {
      this.closeFile();
    } finally {
      rmSync(this.tempPath, { force: true });
      forgetTempPath(this.tempPath);
    }
  }

  private checkOpen(): void {
    if (this.state !== "open") throw new Error(`${this.path}: writer already committed or aborted`);
  }

  private writeText(text: string): void {
    this.flushBytes();
    // Concatenation makes a rope in V8; it is flattened once per buffer, not once per write.
    this.pendingText += text;
    if (this.pendingText.length >= this.bufferBytes) this.flushText();
  }

  private writeBytes(bytes: Uint8Array): void {
    this.flushText();
    if (this.pendingByteCount + bytes.length > this.bufferBytes) this.flushBytes();
    if (bytes.length >= this.bufferBytes) {
      this.compressOrWrite(bytes);
    } else {
      this.pendingBytes.set(bytes, this.pendingByteCount);
      this.pendingByteCount += bytes.length;
    }
  }

  private flush(): void {
    this.flushText();
    this.flushBytes();
  }

  private flushText(): void {
    if (this.pendingText.length === 0) return;
    const bytes = Buffer.from(this.pendingText, "utf8");
    this.pendingText = "";
    this.compressOrWrite(bytes);
  }

  private flushBytes(): void {
    if (this.pendingByteCount === 0) return;
    // gzip copies what it is given, and writeSync is done when it returns: the buffer can be reused.
    this.compressOrWrite(this.pendingBytes.subarray(0, this.pendingByteCount));
    this.pendingByteCount = 0;
  }

  private compressOrWrite(bytes: Uint8Array): void {
    if (this.gzip) this.gzip.push(bytes);
    else this.writeOut(bytes);
  }

  private writeOut(bytes: Uint8Array): void {
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
  }

  private closeFile(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    closeSync(fd);
  }
}

/**
 * Writes a file made of consecutive pieces (a container's header and sections) atomically; returns its
 * length in bytes. The pieces are never joined in memory.
 */
export function writePiecesAtomic(path: string, pieces: readonly Uint8Array[]): number {
  const writer = new AtomicWriter(path, { gzip: false });
  let bytes = 0;
  for (const piece of pieces) {
    writer.write(piece);
    bytes += piece.length;
  }
  writer.commit();
  return bytes;
}

/** Writes a whole file atomically (temporary name, fsync, rename). Bytes are written as given, never gzipped. */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const writer = new AtomicWriter(path, { gzip: false });
  writer.write(data);
  writer.commit();
}

/** A hidden name beside `path` for a temporary file or folder of this process: `.NAME.PID.RANDOM.suffix`. */
function besideTarget(path: string, suffix: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.${suffix}`);
}

/** What the file system's error codes mean for an output, said the user's way. */
const OUTPUT_FAILURES: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
  ENAMETOOLONG: "name too long",
  EMFILE: "too many open files",
};

/**
 * Refuses, before anything is written, a target that is a directory and a target whose folder does not
 * exist or is not a folder, with the path the user gave.
 */
function checkOutputPath(path: string): void {
  const target = statOrUndefined(path);
  if (target?.isDirectory()) throw new OutputError(path, "is a directory, expected the name of a file to write");
  const folder = dirname(path);
  const parent = statOrUndefined(folder);
  if (parent === undefined) throw new OutputError(folder, `no such directory, cannot write ${path}`);
  if (!parent.isDirectory()) throw new OutputError(folder, `is not a directory, cannot write ${path}`);
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw e;
  }
}

/** The error of a failed file-system call on an output, told about `path` rather than a temporary name. */
function outputFailure(path: string, e: unknown): unknown {
  const code = (e as { code?: unknown }).code;
  const what = typeof code === "string" ? OUTPUT_FAILURES[code] : undefined;
  return what === undefined ? e : new OutputError(path, `cannot write (${what})`);
}

/**
 * A folder of outputs replaced as a whole (the count files of `grampack count`). The files are written into
 * a temporary folder beside the target (`file(name)`), which `commit` swaps in: the old folder is renamed
 * away, the new one renamed to the target, the entries of the old folder that the caller keeps are moved
 * over, and the old folder is removed. A reader finds the complete old set or the complete new set, never
 * a mix of both, whenever the process is stopped (for an instant between the two renames, no folder).
 * A target that is a symbolic link to a folder stands for that folder.
 */
export class AtomicFolder {
  readonly tempPath: string;
  /** The folder replaced: the target with symbolic links resolved. */
  private readonly folder: string;
  private state: "open" | "committed" | "aborted" = "open";

  constructor(readonly path: string) {
    const existing = statOrUndefined(path);
    if (existing !== undefined && !existing.isDirectory()) throw new OutputError(path, "exists and is not a directory");
    this.folder = existing !== undefined ? realpathSync(path) : resolve(path);
    if (holds(this.folder, process.cwd())) throw new OutputError(path, "is the current directory or holds it, and cannot be replaced: give a folder below it");
    try {
      mkdirSync(dirname(this.folder), { recursive: true });
      this.tempPath = besideTarget(this.folder, "tmp");
      mkdirSync(this.tempPath);
    } catch (e) {
      throw outputFailure(path, e);
    }
    registerTempPath(this.tempPath);
  }

  /** Where the output `name` is written until the commit. */
  file(name: string): string {
    return join(this.tempPath, name);
  }

  /**
   * Puts the new folder in place of the target. Entries of the old folder for which `keep` is true and
   * that the new folder does not have are moved into it; the others go with the old folder.
   */
  commit(keep: (name: string) => boolean): void {
    if (this.state !== "open") throw new Error(`${this.path}: folder already committed or aborted`);
    if (statOrUndefined(this.folder) === undefined) {
      this.rename(this.tempPath, this.folder);
      this.committed();
      return;
    }
    const old = besideTarget(this.folder, "old");
    this.rename(this.folder, old);
    try {
      this.rename(this.tempPath, this.folder);
    } catch (e) {
      renameSync(old, this.folder);
      throw e;
    }
    this.committed();
    const fresh = new Set(readdirSync(this.folder));
    for (const name of readdirSync(old)) {
      if (!keep(name) || fresh.has(name)) continue;
      try {
        renameSync(join(old, name), join(this.folder, name));
      } catch (e) {
        throw new OutputError(this.path, `the new files are in place, but "${name}" could not be moved over from the previous folder (${(e as Error).message}); it is left in ${old}`);
      }
    }
    rmSync(old, { recursive: true, force: true });
  }

  /** Removes the temporary folder; the target is left as it was. Does nothing after commit or abort. */
  abort(): void {
    if (this.state !== "open") return;
    this.state = "aborted";
    rmSync(this.tempPath, { recursive: true, force: true });
    forgetTempPath(this.tempPath);
  }

  private committed(): void {
    this.state = "committed";
    forgetTempPath(this.tempPath);
  }

  private rename(from: string, to: string): void {
    try {
      renameSync(from, to);
    } catch (e) {
      throw outputFailure(this.path, e);
    }
  }
}

/** Whether the folder `outer` is `inner` or holds it. */
function holds(outer: string, inner: string): boolean {
  const path = relative(outer, inner);
  return path === "" || (path !== ".." && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}
