import { heap as defaultHeap, type Heap } from "../bits/heap.js";

/**
 * What a language model remembers between words: the most recent words (most recent first) that can
 * still start a stored n-gram, and the log10 backoff of each of those contexts. Reused, never reallocated.
 */
export class ScoreState {
  /** words[j]: the word j + 1 positions back. */
  readonly words: Uint32Array;
  /** backoffs[j]: log10 backoff of the context words[0..j] (of length j + 1). */
  readonly backoffs: Float32Array;
  /** Address of the record the kernels read: length, order − 1 words, order − 1 backoffs. */
  readonly ptr: number;
  private readonly head: Uint32Array;

  /** A state for a model of `order` in heap h (the model's: `model.nullContext()` makes one). */
  constructor(
    order: number,
    readonly heap: Heap = defaultHeap(),
  ) {
    const h = heap;
    const contexts = Math.max(0, order - 1);
    const room = Math.max(1, contexts);
    this.ptr = h.record(4 + 8 * room, this);
    const buffer = h.bytes().buffer;
    this.head = new Uint32Array(buffer, this.ptr, 1);
    this.words = new Uint32Array(buffer, this.ptr + 4, room);
    this.backoffs = new Float32Array(buffer, this.ptr + 4 + 4 * contexts, room);
  }

  /** How many of the words and backoffs hold. */
  get length(): number {
    return this.head[0];
  }

  set length(n: number) {
    this.head[0] = n;
  }
}
