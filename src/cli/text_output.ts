import { once } from "node:events";
import { AtomicWriter } from "../io/files.js";

/**
 * Where a command's records go: a file written atomically (gzip when its name ends in .gz), or standard
 * output, waiting when the reader is slower, and ending quietly when it closes early (`| head`).
 */
export class TextOutput {
  private readonly writer: AtomicWriter | undefined;

  constructor(path: string | undefined) {
    this.writer = path === undefined ? undefined : new AtomicWriter(path);
    if (this.writer === undefined) {
      process.stdout.once("error", (e: NodeJS.ErrnoException) => {
        if (e.code === "EPIPE") process.exit(0);
        throw e;
      });
    }
  }

  /** Whether the records go to standard output (so that summaries go to standard error). */
  get toStdout(): boolean {
    return this.writer === undefined;
  }

  async write(text: string): Promise<void> {
    if (text.length === 0) return;
    if (this.writer) this.writer.write(text);
    else if (!process.stdout.write(text)) await once(process.stdout, "drain");
  }

  /** Renames the file into place; standard output needs nothing. */
  commit(): void {
    this.writer?.commit();
  }

  /** Removes the temporary file after a failure. */
  abort(): void {
    this.writer?.abort();
  }
}
