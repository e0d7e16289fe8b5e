/**
 * Cuts token streams into context windows. For a sequence of n tokens, windows start at 0, S, 2S, … and
 * span [s, min(s + L, n)); the first window that reaches the end of the sequence is the last one. With
 * S = L (the default) the windows tile the sequence without overlap; a sequence shorter than L is one
 * window. The sequence is a document, or with packing the whole corpus, documents joined by a separator.
 */

export interface WindowOptions {
  /** L, tokens per window (default 128). */
  contextLength?: number;
  /** S, tokens between window starts (default L: non-overlapping windows). */
  stride?: number;
  /** Concatenate documents into one stream before cutting it, as LLM pre-training does. */
  pack?: boolean;
  /** With pack: an id placed after every document (default: none). */
  separator?: number;
}

/** Receives each window as `tokens[start, end)`; the array is reused after the call returns. */
export interface WindowSink {
  addWindow(tokens: Uint32Array, start: number, end: number): void;
}

export const DEFAULT_CONTEXT_LENGTH = 128;

export class WindowCutter {
  readonly contextLength: number;
  readonly stride: number;
  readonly pack: boolean;
  readonly separator: number;
  /** Tokens from the current window start on (never more than one window); `length` of them are valid. */
  private readonly buffer: Uint32Array;
  private length = 0;
  /** Whether the last window emitted reached the end of the tokens received so far. */
  private atEnd = true;
  /** Whether the current sequence has any token yet. */
  private started = false;

  constructor(private readonly sink: WindowSink, options: WindowOptions = {}) {
    this.contextLength = options.contextLength ?? DEFAULT_CONTEXT_LENGTH;
    this.stride = options.stride ?? this.contextLength;
    this.pack = options.pack ?? false;
    this.separator = options.separator ?? -1;
    if (!(Number.isInteger(this.contextLength) && this.contextLength >= 2)) {
      throw new RangeError(`context length must be an integer ≥ 2, got ${this.contextLength}`);
    }
    if (!(Number.isInteger(this.stride) && this.stride >= 1 && this.stride <= this.contextLength)) {
      throw new RangeError(`stride must be an integer from 1 to the context length ${this.contextLength}, got ${this.stride}`);
    }
    this.buffer = new Uint32Array(this.contextLength);
  }

  /** The tokens of one document. */
  addDocument(ids: ArrayLike<number>): void {
    if (!this.pack && ids instanceof Uint32Array) return this.cut(ids);
    for (let i = 0; i < ids.length; i++) this.push(ids[i]);
    if (!this.pack) this.endSequence();
    else if (this.separator >= 0) this.push(this.separator);
  }

  /** Emits the last, partial window; call once after the last document. */
  finish(): void {
    this.endSequence();
  }

  /** The windows of one whole sequence, straight from its array (what push and endSequence make of it). */
  private cut(ids: Uint32Array): void {
    const n = ids.length;
    for (let s = 0; s < n; s += this.stride) {
      const end = Math.min(s + this.contextLength, n);
      this.sink.addWindow(ids, s, end);
      if (end === n) return;
    }
  }

  private push(token: number): void {
    this.buffer[this.length++] = token;
    this.started = true;
    this.atEnd = false;
    if (this.length === this.contextLength) {
      this.sink.addWindow(this.buffer, 0, this.length);
      this.atEnd = true;
      this.advance();
    }
  }

  /** Moves the window start forward by the stride. */
  private advance(): void {
    const s = this.stride;
    this.buffer.copyWithin(0, s, this.length);
    this.length -= s;
  }

  private endSequence(): void {
    // Tokens past the last full window that no window covered yet form the final, shorter window.
    if (this.started && !this.atEnd && this.length > 0) this.sink.addWindow(this.buffer, 0, this.length);
    this.length = 0;
    this.atEnd = true;
    this.started = false;
  }
}
