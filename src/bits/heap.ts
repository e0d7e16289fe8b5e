import { KERNELS_PLAIN, KERNELS_SHARED } from "./kernels_wasm.js";
import { SCRATCH_BYTES, SELECT_TABLE_BYTES } from "../kernels/layout.js";

/**
 * The query kernels (src/kernels/, AssemblyScript compiled to WebAssembly) and the linear memory the
 * structures they query live in.
 *
 * One heap per thread: a WebAssembly memory, the kernels instantiated over it, and an allocator. Where
 * SharedArrayBuffer is available to WebAssembly (Node; browser pages that are cross-origin isolated) the
 * memory is shared and grows as models arrive; growing a shared memory leaves every typed-array view of it
 * valid, so structures keep plain views of their arrays, and worker threads can share one copy of a model.
 * Elsewhere (a browser page without isolation) the memory is plain, of a fixed size chosen by `init`, and
 * never grows (growing would detach every view).
 *
 * Every structure's arrays live here: a builder's arrays are copied in once (`place`), a file is read
 * straight in (`placeFile`). Memory is freed when the views that own it are garbage: an allocation counts
 * its owners (the view `place` returns, the sections of a file, a structure's descriptor record) and is
 * freed after the last one is collected. Keep a structure while using views of its arrays.
 */

/** The kernels' exports, as JavaScript sees them (src/kernels/index.ts). */
export interface Kernels {
  setScratch(p: number): void;
  setWordCache(p: number): void;
  cacheBytes(): number;
  initTables(p: number): void;
  heapBase(): number;
  select(d: number, k: number): number;
  rank1(d: number, i: number): number;
  compactGet(d: number, i: number): number;
  compactDecode(d: number, out: number): void;
  select64(x: bigint, k: number): number;
  bitsGet(words: number, pos: number, width: number): number;
  nextOneAt(words: number, bits: number, pos: number): number;
  efStoreAccess(es: number, hOff: number, r1: number, lOff: number, l: number, i: number): number;
  efStoreNextGEQ(es: number, hOff: number, r1: number, lOff: number, l: number, y: number): number;
  efAccess(ef: number, i: number): number;
  efDiff(ef: number, i: number): number;
  efNextGEQ(ef: number, x: number): number;
  efFind(ef: number, begin: number, end: number, x: number): number;
  efCursorEnter(c: number, es: number, hOff: number, r1: number, lOff: number, l: number, size: number, i: number): void;
  efCursorReset(c: number, i: number): void;
  efCursorNext(c: number): number;
  efCursorIndex(c: number): number;
  upAccess(up: number, i: number): number;
  upFind(up: number, c: number, begin: number, end: number, x: number): number;
  upCursorReset(c: number, up: number, i: number): void;
  upCursorNext(c: number): number;
  peAccess(pe: number, i: number): number;
  peNextGEQ(pe: number, x: number): number;
  peFind(pe: number, begin: number, end: number, x: number): number;
  peCursorReset(c: number, pe: number, i: number): void;
  peCursorNext(c: number): number;
  peCursorIndex(c: number): number;
  seqAccess(d: number, i: number): number;
  seqCursorReset(c: number, d: number, i: number): void;
  seqCursorNext(c: number): number;
  cursorBytes(): number;
  mphfLookup(mp: number, lo: number, hi: number): number;
  hashTuple(ids: number, length: number): number;
  hashUtf8(p: number, length: number): number;
  vocabularyLookup(vo: number, p: number, length: number): number;
  textIds(vo: number, p: number, length: number, ids: number, max: number, scoring: boolean): number;
  trieCountText(cm: number, p: number, length: number, ids: number): number;
  hashCountText(cm: number, p: number, length: number): number;
  scoreLineText(bm: number, vo: number, state: number, p: number, length: number, ids: number, wrap: number, eos: number, totals: number, work: number, perWord: number, kenlm: number): number;
  vocabularyProbe(vo: number, lo: number, hi: number): number;
  wordRange(wl: number, id: number): void;
  childRange(tl: number, level: number, pos: number): number;
  find(tl: number, level: number, begin: number, end: number, id: number): number;
  child(tl: number, level: number, parentPos: number, id: number): number;
  storedId(tl: number, ids: number, k: number): number;
  locate(tl: number, ids: number, n: number): number;
  trieCount(cm: number, ids: number, n: number): number;
  hashedFind(hl: number, lo: number, hi: number): number;
  hashCount(cm: number, n: number, lo: number, hi: number): number;
  walk(bm: number, ids: number, m: number, backoffs: number): number;
  scoreWord(bm: number, state: number, id: number, next: number, work: number): number;
  beginSentence(bm: number, state: number): void;
  scoreSentence(bm: number, state: number, ids: number, n: number, wrap: number, eos: number, totals: number, work: number, perWord: number): number;
  logValueAt(lv: number, i: number): number;
}

/** An area of a shared memory lent to a worker thread's heap (`Heap.lend`, `guestHeap`). */
export interface HeapArea {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  start: number;
  end: number;
}

/** A descriptor record and views to write its fields. */
export interface Descriptor {
  ptr: number;
  u32: Uint32Array;
  f64: Float64Array;
}

type View = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** Bytes of a WebAssembly page. */
const PAGE = 65536;
/** Readable bytes after every allocation: kernels read bit fields with unaligned 64-bit loads. */
const TAIL = 8;
const ALIGN = 8;
const SHARED_INITIAL_PAGES = 256;
const MAX_PAGES = 65536;
const DEFAULT_PLAIN_BYTES = 256 * 2 ** 20;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The UTF-8 text of a view, which may be of shared memory (browsers refuse to decode those: a copy then). */
export function decodeUtf8(view: Uint8Array): string {
  return decoder.decode(typeof SharedArrayBuffer === "function" && view.buffer instanceof SharedArrayBuffer ? view.slice() : view);
}

const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";

export class Heap {
  readonly kernels: Kernels;
  /** The instance's scratch record (layout.ts SCRATCH_*) as numbers. */
  readonly scratchF64: Float64Array;
  readonly scratchU32: Uint32Array;
  readonly scratch: number;
  /** Room for the word IDs of one call (an n-gram, a sentence); grows by `idsRoom`. */
  ids: Uint32Array;
  /** Room for the UTF-8 bytes of one call (a query, a line); grows by `encode`. */
  text: Uint8Array;
  /** Whether TextEncoder writes into the heap itself (everywhere but a browser's shared memory). */
  private readonly encodesInPlace: boolean;
  private staging = new Uint8Array(0);
  /** End of the memory handed out so far, within [top, limit): the region this heap has claimed last. */
  private top: number;
  private limit: number;
  /** Bytes of memory this heap has taken for itself, which its growth doubles. */
  private claimed: number;
  /** Free blocks [start, end), by start; adjacent blocks merged. */
  private readonly free: { start: number; end: number }[] = [];
  private readonly owners = new Map<number, { bytes: number; count: number }>();
  private readonly registry = new FinalizationRegistry<number>((ptr) => this.release(ptr));
  private buffer: ArrayBufferLike;
  private whole: Uint8Array;

  constructor(
    readonly memory: WebAssembly.Memory,
    readonly shared: boolean,
    readonly module: WebAssembly.Module,
    /** Whether the heap holds one file and what is made of it (heapForFile), freed together. */
    readonly dedicated = false,
    /** A worker thread's heap in another heap's memory: the area lent to it (see `lend`). */
    area?: HeapArea,
  ) {
    const instance = new WebAssembly.Instance(module, {
      env: {
        memory,
        abort: () => {
          throw new Error("grampack kernels: abort");
        },
      },
    });
    this.kernels = instance.exports as unknown as Kernels;
    this.top = area?.start ?? align(this.kernels.heapBase());
    this.limit = area?.end ?? memory.buffer.byteLength;
    this.claimed = area ? area.end - area.start : this.limit;
    this.buffer = memory.buffer;
    heapsByBuffer.set(this.buffer, this);
    this.whole = new Uint8Array(this.buffer);
    this.scratch = this.allocate(SCRATCH_BYTES + this.kernels.cursorBytes() + 64);
    this.kernels.setScratch(this.scratch);
    this.kernels.setWordCache(this.allocate(this.kernels.cacheBytes()));
    this.kernels.initTables(this.allocate(SELECT_TABLE_BYTES));
    this.scratchF64 = new Float64Array(this.buffer, this.scratch, SCRATCH_BYTES / 8);
    this.scratchU32 = new Uint32Array(this.buffer, this.scratch, SCRATCH_BYTES / 4);
    this.encodesInPlace = !shared || isNode;
    this.ids = this.ownU32(1024);
    this.text = this.ownU8(4096);
  }

  /** The UTF-8 bytes of `s`, written into the instance's text buffer (at `text.byteOffset`); returns their length. */
  encode(s: string): number {
    // A UTF-16 code unit takes at most 3 bytes.
    const room = this.textRoom(3 * s.length);
    if (this.encodesInPlace) return encoder.encodeInto(s, room).written;
    // Browsers refuse to encode into shared memory: through a private buffer then.
    if (this.staging.length < room.length) this.staging = new Uint8Array(room.length);
    const written = encoder.encodeInto(s, this.staging).written;
    room.set(this.staging.subarray(0, written));
    return written;
  }

  /** `text`, with room for at least n bytes. */
  textRoom(n: number): Uint8Array {
    if (this.text.length < n) this.text = this.ownU8(Math.max(n, 2 * this.text.length));
    return this.text;
  }

  /** `ids`, with room for at least n IDs. */
  idsRoom(n: number): Uint32Array {
    if (this.ids.length < n) this.ids = this.ownU32(Math.max(n, 2 * this.ids.length));
    return this.ids;
  }

  /** A view of the `bytes` of a record (to update a descriptor after it was written). */
  u32View(ptr: number, bytes: number): Uint32Array {
    return new Uint32Array(this.bytes().buffer, ptr, bytes >>> 2);
  }

  /** n zeroed uint32 that the heap keeps for itself (scratch areas of the instance). */
  private ownU32(n: number): Uint32Array {
    const ptr = this.allocate(4 * n);
    const view = new Uint32Array(this.bytes().buffer, ptr, n);
    this.own(ptr, 4 * n, view);
    return view;
  }

  private ownU8(n: number): Uint8Array {
    const ptr = this.allocate(n);
    const view = new Uint8Array(this.bytes().buffer, ptr, n);
    this.own(ptr, n, view);
    return view;
  }

  /** The memory as bytes (a fresh view after the memory grew). */
  bytes(): Uint8Array {
    if (this.buffer !== this.memory.buffer) {
      this.buffer = this.memory.buffer;
      heapsByBuffer.set(this.buffer, this);
      this.whole = new Uint8Array(this.buffer);
    }
    return this.whole;
  }

  /** Whether a view is over this heap's memory (through the buffer of any time: growing hands out new ones). */
  holds(view: ArrayBufferView): boolean {
    this.bytes();
    return heapsByBuffer.get(view.buffer) === this;
  }

  /** Reserves `bytes`, zeroed (8-byte aligned, readable 8 bytes beyond); released only through `own`. */
  allocate(bytes: number): number {
    const size = align(bytes + TAIL);
    for (let i = 0; i < this.free.length; i++) {
      const block = this.free[i];
      if (block.end - block.start < size) continue;
      const ptr = block.start;
      block.start += size;
      if (block.start === block.end) this.free.splice(i, 1);
      // Memory given back holds what it held; memory past `top` is still as the memory came, zero.
      this.bytes().fill(0, ptr, ptr + size);
      return ptr;
    }
    if (this.top + size > this.limit) this.claim(size);
    const ptr = this.top;
    this.top += size;
    return ptr;
  }

  /**
   * Grows the memory for an allocation of `size` and takes the new pages as this heap's region. Other
   * threads' heaps in the same memory grow it too: `grow` hands each its own pages atomically, and when
   * they are not right after this heap's region, the rest of that region is kept as a free block.
   */
  private claim(size: number): void {
    const have = this.memory.buffer.byteLength / PAGE;
    if (!this.shared) {
      throw new RangeError(`grampack: the WebAssembly memory (${have * PAGE} bytes) is full; give init() a larger memoryBytes`);
    }
    const needed = Math.ceil(size / PAGE);
    // Double what this heap holds, as far as the 4 GiB allow, so that growing stays rare.
    const wanted = Math.max(needed, Math.min(Math.ceil(this.claimed / PAGE), MAX_PAGES - have));
    const region = this.grow(wanted) ?? this.grow(needed);
    if (region === undefined) throw new RangeError(`grampack: ${size} more bytes of structures exceed the 4 GiB of WebAssembly memory`);
    if (region.start !== this.limit) {
      if (this.top < this.limit) this.addFree(this.top, this.limit);
      this.top = region.start;
    }
    this.limit = region.end;
    this.claimed += region.end - region.start;
  }

  /** `pages` new pages of the memory, or undefined when it cannot grow by so many. */
  private grow(pages: number): { start: number; end: number } | undefined {
    try {
      const start = this.memory.grow(pages) * PAGE;
      return { start, end: start + pages * PAGE };
    } catch {
      return undefined;
    }
  }

  /**
   * An area of `bytes` of this heap's memory for a worker thread's heap (`guestHeap`), which then queries
   * the structures of this heap through its own kernels' instance: its memory, the compiled kernels and
   * the area, all of which can be posted to a worker. The area is freed when `owner` is garbage.
   */
  lend(bytes: number, owner: object): HeapArea {
    if (!this.shared) throw new Error("grampack: this memory cannot be shared with worker threads (a browser page that is not cross-origin isolated)");
    const start = this.record(bytes, owner);
    return { memory: this.memory, module: this.module, start, end: start + align(bytes) };
  }

  /** Makes `owner` one of the owners of the allocation at `ptr` (of `bytes`): freed when all are garbage. */
  own(ptr: number, bytes: number, owner: object): void {
    // A heap of its own (one file's) goes with its last view as a whole: nothing in it is freed apart.
    if (this.dedicated) return;
    const entry = this.owners.get(ptr);
    if (entry) entry.count++;
    else this.owners.set(ptr, { bytes: align(bytes + TAIL), count: 1 });
    this.registry.register(owner, ptr);
  }

  /**
   * `bytes` as a whole allocation of the heap whose views can share its ownership (`share`): itself when it
   * is one (a file read in with `bytesView`), else an 8-byte aligned copy.
   */
  placeWhole(bytes: Uint8Array): Uint8Array {
    const entry = this.owners.get(bytes.byteOffset);
    const whole = this.dedicated ? bytes.byteOffset % ALIGN === 0 : entry !== undefined && entry.bytes >= bytes.byteLength;
    if (this.holds(bytes) && whole) return bytes;
    return this.place(this.holds(bytes) ? bytes.slice() : bytes);
  }

  /** Makes `view` (of an allocation made by placeWhole or bytesView) one more owner of it. */
  share(allocation: Uint8Array, view: object): void {
    this.own(allocation.byteOffset, allocation.byteLength, view);
  }

  private release(ptr: number): void {
    const entry = this.owners.get(ptr);
    if (!entry || --entry.count > 0) return;
    this.owners.delete(ptr);
    this.addFree(ptr, ptr + entry.bytes);
  }

  private addFree(start: number, end: number): void {
    const free = this.free;
    let i = 0;
    while (i < free.length && free[i].start < start) i++;
    free.splice(i, 0, { start, end });
    if (i + 1 < free.length && free[i].end === free[i + 1].start) {
      free[i].end = free[i + 1].end;
      free.splice(i + 1, 1);
    }
    if (i > 0 && free[i - 1].end === free[i].start) {
      free[i - 1].end = free[i].end;
      free.splice(i, 1);
    }
  }

  /** A zeroed record of `bytes` owned by `owner` (a structure's descriptor or a cursor's state). */
  record(bytes: number, owner: object): number {
    const ptr = this.allocate(bytes);
    this.own(ptr, bytes, owner);
    return ptr;
  }

  /**
   * `array` in this heap: itself when it already is (a section of a file read in, an array placed before),
   * else a copy, which owns its memory.
   */
  place<T extends View>(array: T): T {
    if (this.holds(array)) return array;
    const ptr = this.allocate(array.byteLength);
    const ctor = array.constructor as new (buffer: ArrayBufferLike, offset: number, length: number) => T;
    const view = new ctor(this.bytes().buffer, ptr, array.length);
    view.set(array as never);
    this.own(ptr, array.byteLength, view);
    return view;
  }

  /** `n` zeroed doubles as a view that owns them. */
  f64View(n: number): Float64Array {
    const ptr = this.allocate(8 * n);
    const view = new Float64Array(this.bytes().buffer, ptr, n);
    this.own(ptr, 8 * n, view);
    return view;
  }

  /** `n` bytes of zeroed memory as a view that owns them. */
  bytesView(n: number): Uint8Array {
    const ptr = this.allocate(n);
    const view = new Uint8Array(this.bytes().buffer, ptr, n);
    this.own(ptr, n, view);
    return view;
  }

  /** The descriptors `descs` (of a composite structure's parts) as an array in the heap owned by `owner`: its address. */
  table(descs: readonly number[], owner: object): number {
    const a = this.place(Uint32Array.from(descs));
    this.own(a.byteOffset, a.byteLength, owner);
    return a.byteOffset;
  }

  /**
   * A structure's descriptor: a record of `bytes` owned by `owner`, with views to write its fields (byte
   * offsets from layout.ts divided by 4 for u32, by 8 for f64).
   */
  descriptor(bytes: number, owner: object): Descriptor {
    const ptr = this.record(bytes, owner);
    const buffer = this.bytes().buffer;
    return { ptr, u32: new Uint32Array(buffer, ptr, bytes >>> 2), f64: new Float64Array(buffer, ptr, bytes >>> 3) };
  }

}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

function decodeBase64(text: string): Uint8Array {
  if (isNode) return new Uint8Array(Buffer.from(text, "base64"));
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Whether this context lets WebAssembly share memory (threads, and growing without detaching views). */
function canShare(): boolean {
  if (typeof SharedArrayBuffer !== "function") return false;
  return isNode || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** The compiled kernels, their memory's kind, and the default heap of this thread. */
let compiled: { module: WebAssembly.Module; shared: boolean } | undefined;
let current: Heap | undefined;
/** Every buffer object a heap's memory has handed out, to the heap: how a view finds its heap. */
const heapsByBuffer = new WeakMap<ArrayBufferLike, Heap>();

export interface InitOptions {
  /** Size of the default memory where it cannot be shared, and so cannot grow (default 256 MiB). */
  memoryBytes?: number;
}

/**
 * Compiles the kernels and makes the default heap. Needed once in a browser, before any structure is built
 * or loaded (browsers compile WebAssembly of this size only asynchronously on the main thread); in Node it
 * happens by itself on first use.
 */
export async function init(options: InitOptions = {}): Promise<void> {
  if (current) return;
  const shared = canShare();
  const module = await WebAssembly.compile(decodeBase64(shared ? KERNELS_SHARED : KERNELS_PLAIN));
  compiled ??= { module, shared };
  current ??= new Heap(newMemory(shared, options.memoryBytes ?? DEFAULT_PLAIN_BYTES), shared, compiled.module);
}

/** A memory: shared and growing where it may be, else of a fixed `plainBytes`. */
function newMemory(shared: boolean, plainBytes: number): WebAssembly.Memory {
  if (shared) return new WebAssembly.Memory({ initial: SHARED_INITIAL_PAGES, maximum: MAX_PAGES, shared: true });
  const pages = Math.ceil(plainBytes / PAGE);
  return new WebAssembly.Memory({ initial: pages, maximum: pages });
}

function kernelsModule(): { module: WebAssembly.Module; shared: boolean } {
  if (compiled) return compiled;
  if (!isNode) throw new Error("grampack: call `await init()` (from \"grampack\") before building or loading structures in a browser");
  const shared = canShare();
  compiled = { module: new WebAssembly.Module(decodeBase64(shared ? KERNELS_SHARED : KERNELS_PLAIN)), shared };
  return compiled;
}

/** The default heap of this thread: where structures built in memory and small files live. */
export function heap(): Heap {
  if (current) return current;
  const { module, shared } = kernelsModule();
  current = new Heap(newMemory(shared, DEFAULT_PLAIN_BYTES), shared, module);
  return current;
}

/** Files from this size on (16 MiB) get a heap of their own, freed with the last of their views by the collector. */
const OWN_HEAP_BYTES = 16 << 20;
/** What a heap of its own needs beside the file: scratch, word cache, text and ID buffers. */
const HEAP_OVERHEAD = 1 << 20;

/**
 * The heap for a file of n bytes: the default one for small files, else a heap of its own, sized for it,
 * so that dropping a model gives its memory back at once (a shared allocation waits for finalizers,
 * which run only between tasks).
 */
export function heapForFile(n: number): Heap {
  if (n < OWN_HEAP_BYTES) return heap();
  const { module, shared } = kernelsModule();
  const memory = shared
    ? new WebAssembly.Memory({ initial: Math.ceil((n + HEAP_OVERHEAD) / PAGE), maximum: MAX_PAGES, shared: true })
    : new WebAssembly.Memory({ initial: Math.ceil((n + HEAP_OVERHEAD) / PAGE), maximum: Math.ceil((n + HEAP_OVERHEAD) / PAGE) });
  return new Heap(memory, shared, module, true);
}

/**
 * A heap in a worker thread over the area another thread's heap lent it: its structures' descriptors are
 * valid here, and what this thread allocates (its scratch, states, text) comes from the area, then from
 * pages it adds to the memory itself.
 */
export function guestHeap(area: HeapArea): Heap {
  return new Heap(area.memory, true, area.module, false, area);
}

/** The heap a view is of, or the default heap for views of no heap (arrays a builder made). */
export function heapOf(view: ArrayBufferView): Heap {
  return heapsByBuffer.get(view.buffer) ?? heap();
}
