/**
 * The k best (id, score) pairs seen: a min-heap on score over preallocated arrays, so offering a candidate
 * that loses costs one comparison and nothing is allocated. Equal scores prefer the smaller id, which
 * makes results independent of the order candidates arrive in.
 */
export class TopKHeap {
  readonly ids: Uint32Array;
  readonly scores: Float64Array;
  size = 0;

  constructor(readonly capacity: number) {
    this.ids = new Uint32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  /** Score a candidate must beat to enter (−∞ while the heap is not full). */
  get threshold(): number {
    return this.size < this.capacity ? -Infinity : this.scores[0];
  }

  offer(id: number, score: number): void {
    if (this.capacity === 0) return;
    if (this.size < this.capacity) {
      this.ids[this.size] = id;
      this.scores[this.size] = score;
      this.siftUp(this.size++);
    } else if (this.better(score, id, this.scores[0], this.ids[0])) {
      this.ids[0] = id;
      this.scores[0] = score;
      this.siftDown(0);
    }
  }

  /** The kept pairs, best first, copied out; the heap is emptied. */
  drain(): { ids: Uint32Array; scores: Float64Array } {
    const n = this.size;
    const ids = new Uint32Array(n);
    const scores = new Float64Array(n);
    for (let i = n - 1; i >= 0; i--) {
      ids[i] = this.ids[0];
      scores[i] = this.scores[0];
      this.size--;
      this.ids[0] = this.ids[this.size];
      this.scores[0] = this.scores[this.size];
      this.siftDown(0);
    }
    return { ids, scores };
  }

  private better(s: number, id: number, t: number, other: number): boolean {
    return s > t || (s === t && id < other);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.better(this.scores[parent], this.ids[parent], this.scores[i], this.ids[i])) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < this.size && this.better(this.scores[worst], this.ids[worst], this.scores[l], this.ids[l])) worst = l;
      if (r < this.size && this.better(this.scores[worst], this.ids[worst], this.scores[r], this.ids[r])) worst = r;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }

  private swap(i: number, j: number): void {
    const id = this.ids[i];
    const s = this.scores[i];
    this.ids[i] = this.ids[j];
    this.scores[i] = this.scores[j];
    this.ids[j] = id;
    this.scores[j] = s;
  }
}
