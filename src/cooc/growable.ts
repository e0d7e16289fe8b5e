import { withRoom } from "../bits/bit_vector.js";

/** A Uint32Array that doubles when full: the append-only buffers of the co-occurrence build. */
export class GrowableU32 {
  data: Uint32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Uint32Array(Math.max(16, capacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = v;
  }

  /** Makes room for at least `n` elements in total. */
  reserve(n: number): void {
    this.data = withRoom(this.data, n);
  }

  /** Appends from[0, n). */
  append(from: Uint32Array, n: number): void {
    this.reserve(this.length + n);
    this.data.set(from.subarray(0, n), this.length);
    this.length += n;
  }

  clear(): void {
    this.length = 0;
  }

  /** The valid elements, as a view. */
  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}

/** `array` itself when it holds `n` elements, else a zeroed array of twice `n` (old contents are dropped). */
export function atLeast(array: Uint32Array, n: number): Uint32Array {
  return array.length >= n ? array : new Uint32Array(2 * n);
}
