/**
 * Progress of long work on standard error, only when it is a terminal (logs and pipes stay clean).
 * One line, rewritten in place at most a few times a second.
 */
export class Progress {
  private readonly enabled: boolean;
  private last = 0;
  private shown = false;

  constructor(private readonly label: string, enabled = process.stderr.isTTY === true) {
    this.enabled = enabled;
  }

  /** Shows `message` (e.g. "3-grams 40%"); cheap to call often. */
  update(message: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    this.shown = true;
    process.stderr.write(`\r\x1b[K${this.label}: ${message}`);
  }

  /** Replaces the progress line by a final message (or just clears it). */
  done(message?: string): void {
    if (this.enabled && this.shown) process.stderr.write("\r\x1b[K");
    if (message !== undefined && this.enabled) process.stderr.write(`${this.label}: ${message}\n`);
  }
}
