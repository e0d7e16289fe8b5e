import { crc32 } from "./crc32.js";
import { decodeUtf8, heapForFile, heapOf } from "../bits/heap.js";

/**
 * The one binary format of every saved structure.
 *
 *   header (64 bytes)  magic "GRAMPACK" | format version u32 | byte-order mark u32 | kind (24 bytes ASCII)
 *                      | payload length u32 lo, u32 hi | CRC-32 of the payload u32 | section count u32 | 0…
 *   payload            table of contents: per section 8 bytes
 *                        element type u8 | bytes shared with the previous name u8 | bytes of the rest u8 | 0
 *                        | byte length u32
 *                      the rest of each name (UTF-8, back to back)
 *                      sections in table order, each starting on an 8-byte boundary of the file
 *
 * Names are hierarchical ("level3.grams.high") and written depth first, so each shares most of its bytes
 * with the one before; with that and implicit offsets a section costs about a dozen bytes of table, which
 * matters for models of a few hundred thousand n-grams made of hundreds of small sections. Loading checks
 * the header and the CRC, then makes typed-array views over the file's own bytes: nothing is parsed per
 * element and nothing is copied.
 */

export const FORMAT_VERSION = 3;
const MAGIC = "GRAMPACK";
const BYTE_ORDER_MARK = 0x01020304;
const HEADER_BYTES = 64;
const KIND_BYTES = 24;
const TOC_ENTRY_BYTES = 8;
const MAX_NAME_PART = 255;

export type Section = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

const TYPES = [Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array] as const;
type SectionConstructor = (typeof TYPES)[number];

function typeCode(data: Section): number {
  const code = TYPES.findIndex((t) => data instanceof t);
  if (code < 0) throw new TypeError("a section must be a typed array");
  return code;
}

/** `at` rounded up to a multiple of `size`. */
const align = (at: number, size: number) => Math.ceil(at / size) * size;

function sharedPrefix(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length, MAX_NAME_PART);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/**
 * Thrown for any file that cannot be loaded: truncated, corrupt, of another kind or version, or whose parts
 * contradict each other. The message names the file, the section when one is at fault, and what was expected.
 */
export class FormatError extends Error {
  override name = "FormatError";

  constructor(
    /** The file (its path, or the name the caller gave the bytes). */
    readonly file: string,
    /** What is wrong, or what was expected. */
    readonly detail: string,
    /** The section at fault, when there is one. */
    readonly section?: string,
  ) {
    super(section === undefined ? `${file}: ${detail}` : `${file}: section "${section}": ${detail}`);
  }
}

/** Collects named sections and writes them as one container. */
export class ContainerWriter {
  private readonly names: string[] = [];
  private readonly data: Section[] = [];

  constructor(readonly kind: string) {
    if (new TextEncoder().encode(kind).length > KIND_BYTES) throw new RangeError(`kind name too long: ${kind}`);
  }

  add(name: string, data: Section): void {
    if (this.names.includes(name)) throw new Error(`duplicate section name: ${name}`);
    this.names.push(name);
    this.data.push(data);
  }

  /** A few numbers (sizes, parameters) stored exactly as float64. */
  addScalars(name: string, values: ArrayLike<number>): void {
    this.add(name, Float64Array.from(values));
  }

  /** Bytes of the finished file, in one buffer. */
  toBytes(): Uint8Array {
    const pieces = this.pieces();
    const out = new Uint8Array(pieces.reduce((sum, p) => sum + p.length, 0));
    let at = 0;
    for (const p of pieces) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /**
   * The finished file as consecutive pieces, header first, the sections as views of their own arrays: a
   * large model is written piece by piece without a second copy of it in memory.
   */
  pieces(): Uint8Array[] {
    const enc = new TextEncoder();
    const names = this.names.map((n) => enc.encode(n));
    const shared = names.map((n, i) => (i === 0 ? 0 : sharedPrefix(names[i - 1], n)));
    names.forEach((n, i) => {
      if (n.length - shared[i] > MAX_NAME_PART) throw new RangeError(`section name too long: ${this.names[i]}`);
    });
    const namesLength = names.reduce((sum, n, i) => sum + n.length - shared[i], 0);
    const table = new Uint8Array(this.data.length * TOC_ENTRY_BYTES + namesLength);
    const tableView = new DataView(table.buffer);
    let namePos = this.data.length * TOC_ENTRY_BYTES;
    const body: Uint8Array[] = [table];
    let offset = HEADER_BYTES + table.length;
    this.data.forEach((d, i) => {
      if (d.byteLength > 0xffffffff) throw new RangeError("a section holds at most 4 GiB");
      const p = i * TOC_ENTRY_BYTES;
      table[p] = typeCode(d);
      table[p + 1] = shared[i];
      table[p + 2] = names[i].length - shared[i];
      tableView.setUint32(p + 4, d.byteLength, true);
      table.set(names[i].subarray(shared[i]), namePos);
      namePos += names[i].length - shared[i];
      body.push(PADDING.subarray(0, align(offset, 8) - offset), new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
      offset = align(offset, 8) + d.byteLength;
    });
    body.push(PADDING.subarray(0, align(offset, 8) - offset));
    let crc = 0;
    for (const piece of body) crc = crc32(piece, crc);
    const header = new Uint8Array(HEADER_BYTES);
    const view = new DataView(header.buffer);
    header.set(enc.encode(MAGIC), 0);
    view.setUint32(8, FORMAT_VERSION, true);
    view.setUint32(12, BYTE_ORDER_MARK, true);
    header.set(enc.encode(this.kind), 16);
    setUint64(view, 40, align(offset, 8) - HEADER_BYTES);
    view.setUint32(48, crc, true);
    view.setUint32(52, this.data.length, true);
    return [header, ...body];
  }
}

/** Zeros that align sections to 8 bytes. */
const PADDING = new Uint8Array(8);

function setUint64(view: DataView, at: number, value: number): void {
  view.setUint32(at, value % 4294967296, true);
  view.setUint32(at + 4, Math.floor(value / 4294967296), true);
}

function getUint64(view: DataView, at: number): number {
  return view.getUint32(at + 4, true) * 4294967296 + view.getUint32(at, true);
}

export interface SectionInfo {
  name: string;
  type: string;
  byteLength: number;
}

export interface LoadOptions {
  /** The kind the caller expects; a file of another kind is refused. */
  kind?: string | readonly string[];
  /** Check the CRC-32 of the payload (default true; false for trusted files where load time matters). */
  checksum?: boolean;
  /**
   * Walk every structure's payload too (monotone sequences, select samples recomputed, ranks within their
   * tables, pointers that partition each level): time linear in the file. Default false: loading checks
   * what queries rely on from the metadata alone, in time sublinear in the payload.
   */
  verify?: boolean;
  /** Name used in error messages (a path). */
  source?: string;
}

type SectionEntry = { type: number; offset: number; byteLength: number };

/** A loaded container: typed-array views over the file's bytes, found by name. */
export class Container {
  /** Sections handed out so far: `finish` refuses a file holding any other. */
  private readonly used = new Set<string>();

  private constructor(
    readonly kind: string,
    readonly bytes: Uint8Array,
    private readonly index: Map<string, SectionEntry>,
    /** The file, as error messages name it. */
    readonly source: string,
    /** Whether structures walk their payloads as they are read (LoadOptions.verify). */
    readonly verifying: boolean,
  ) {}

  static from(input: Uint8Array, options: LoadOptions = {}): Container {
    const src = options.source ?? "input";
    const fail = (what: string): never => {
      throw new FormatError(src, what);
    };
    const dec = new TextDecoder();
    const magic = decodeUtf8(input.subarray(0, MAGIC.length));
    if (magic !== MAGIC.slice(0, magic.length) || input.length === 0) fail("not a grampack file (bad magic bytes)");
    if (input.length < HEADER_BYTES) fail(`truncated: ${input.length} bytes, less than a grampack header`);
    // The file lives in the kernels' heap, where its structures are queried: bytes read there already
    // (readFileToHeap) are used as they are, others are copied in once, as a whole.
    const bytes = heapOfFile(input).placeWhole(input);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const version = view.getUint32(8, true);
    if (version !== FORMAT_VERSION) fail(`format version ${version}, this library reads version ${FORMAT_VERSION}: build the file again with this version`);
    if (view.getUint32(12, true) !== BYTE_ORDER_MARK) fail("written with another byte order");
    const kind = decodeUtf8(bytes.subarray(16, 16 + KIND_BYTES)).replace(/\0+$/, "");
    const wanted = options.kind === undefined ? undefined : ([] as string[]).concat(options.kind);
    if (wanted && !wanted.includes(kind)) fail(`holds a ${kind}, expected ${wanted.join(" or ")}`);
    const payload = getUint64(view, 40);
    if (bytes.length !== HEADER_BYTES + payload) {
      fail(`truncated or padded: ${bytes.length} bytes, the header says ${HEADER_BYTES + payload}`);
    }
    if (options.checksum !== false && crc32(bytes.subarray(HEADER_BYTES)) !== view.getUint32(48, true)) {
      fail("corrupt: CRC-32 of the payload does not match");
    }
    const count = view.getUint32(52, true);
    const index = new Map<string, SectionEntry>();
    let namePos = HEADER_BYTES + count * TOC_ENTRY_BYTES;
    let offset = namePos;
    let previous = new Uint8Array(0);
    if (namePos > bytes.length) fail("corrupt table of contents");
    for (let i = 0; i < count; i++) {
      const p = HEADER_BYTES + i * TOC_ENTRY_BYTES;
      const ctor = TYPES[bytes[p]];
      const shared = bytes[p + 1];
      const rest = bytes[p + 2];
      const byteLength = view.getUint32(p + 4, true);
      if (!ctor || shared > previous.length || byteLength % ctor.BYTES_PER_ELEMENT) fail(`corrupt table of contents (section ${i})`);
      const name = new Uint8Array(shared + rest);
      name.set(previous.subarray(0, shared));
      name.set(bytes.subarray(namePos, namePos + rest), shared);
      namePos += rest;
      previous = name;
      const decoded = dec.decode(name);
      if (index.has(decoded)) fail(`corrupt table of contents (section ${i}: the name "${quote(decoded)}" is repeated)`);
      index.set(decoded, { type: bytes[p], offset: -1, byteLength });
    }
    // Offsets follow from the lengths: sections come in table order, each on an 8-byte boundary.
    offset = namePos;
    for (const s of index.values()) {
      s.offset = align(offset, 8);
      offset = s.offset + s.byteLength;
    }
    if (align(offset, 8) !== bytes.length) fail("corrupt table of contents (the sections do not end where the file does)");
    return new Container(kind, bytes, index, src, options.verify === true);
  }

  /** Number of sections in the file. */
  get sectionCount(): number {
    return this.index.size;
  }

  has(name: string): boolean {
    return this.index.has(name);
  }

  sections(): SectionInfo[] {
    return [...this.index].map(([name, s]) => ({ name, type: TYPES[s.type].name, byteLength: s.byteLength }));
  }

  private get<C extends SectionConstructor>(name: string, ctor: C): InstanceType<C> {
    const s = this.index.get(name);
    if (!s) this.fail(name, `missing (a file of kind ${this.kind} needs it)`);
    if (TYPES[s.type] !== ctor) this.fail(name, `holds ${TYPES[s.type].name}, expected ${ctor.name}`);
    this.used.add(name);
    const view = new ctor(this.bytes.buffer as ArrayBuffer, this.bytes.byteOffset + s.offset, s.byteLength / ctor.BYTES_PER_ELEMENT) as InstanceType<C>;
    // Every section keeps the file's memory: it is freed once the file and all its sections are garbage.
    heapOf(this.bytes).share(this.bytes, view);
    return view;
  }

  u8(name: string): Uint8Array {
    return this.get(name, Uint8Array);
  }
  u16(name: string): Uint16Array {
    return this.get(name, Uint16Array);
  }
  u32(name: string): Uint32Array {
    return this.get(name, Uint32Array);
  }
  i32(name: string): Int32Array {
    return this.get(name, Int32Array);
  }
  f32(name: string): Float32Array {
    return this.get(name, Float32Array);
  }
  f64(name: string): Float64Array {
    return this.get(name, Float64Array);
  }
  /** Numbers stored with ContainerWriter.addScalars. */
  scalars(name: string): Float64Array {
    return this.get(name, Float64Array);
  }

  /** The `count` numbers of a structure's meta section; any other number of them is refused. */
  meta(name: string, count: number): Float64Array {
    const values = this.scalars(name);
    if (values.length !== count) this.fail(name, `holds ${values.length} numbers, expected ${count}`);
    return values;
  }

  /** `value`, which section `name` gives as `what`, refused unless it is a whole number in [min, max]. */
  whole(name: string, what: string, value: number, min: number, max: number): number {
    if (!(Number.isInteger(value) && value >= min && value <= max)) this.fail(name, `${what} is ${value}, expected a whole number in ${min}..${max}`);
    return value;
  }

  /** Refuses the file: section `name` holds something its structure cannot hold. */
  fail(name: string, detail: string): never {
    throw new FormatError(this.source, detail, name);
  }

  /** `fail` unless `ok`. Build `detail` only when it is cheap: hot checks call `fail` behind their own test. */
  check(ok: boolean, name: string, detail: string): void {
    if (!ok) this.fail(name, detail);
  }

  /** After a file's structures are read: refuses sections that none of them read (unknown to the kind). */
  finish(): void {
    for (const name of this.index.keys()) {
      if (!this.used.has(name)) this.fail(quote(name), `unexpected (no part of a file of kind ${this.kind})`);
    }
  }
}

/** The heap a file's bytes are (or go) in: theirs when they were read into one, else one for their size. */
function heapOfFile(bytes: Uint8Array): ReturnType<typeof heapOf> {
  const h = heapOf(bytes);
  return h.holds(bytes) ? h : heapForFile(bytes.length);
}

/** A name from a file, shortened for a one-line message. */
function quote(name: string): string {
  return name.length <= 80 ? name : `${name.slice(0, 77)}...`;
}
