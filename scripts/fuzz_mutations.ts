/**
 * Seeded mutations of a grampack file with its CRC-32 recomputed, as someone who edits a file on purpose
 * would leave it: values of a section changed, its table of contents, section names or header altered.
 */
import { Container, ContainerWriter, type Section } from "../src/container/container.js";
import { crc32 } from "../src/container/crc32.js";
import { SeededRandom } from "../src/embed/seeded_random.js";

export interface Mutation {
  bytes: Uint8Array;
  /** What was changed, to reproduce it. */
  what: string;
  /** Whether only values inside sections were changed (the file's layout stands). */
  inSections: boolean;
}

const HEADER_BYTES = 64;
const CRC_AT = 48;

/** Numbers that break assumptions: boundaries of the integer widths, non-integers, non-finite values. */
const EDGES = [0, 1, -1, 2, 7, 8, 31, 32, 33, 53, 64, 127, 128, 255, 256, 1023, 1024, 65535, 65536, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53, 1e15, 0.5, 1e-300, NaN, Infinity, -Infinity];

export function mutate(original: Uint8Array, rnd: SeededRandom): Mutation {
  const r = rnd.next();
  if (r < 0.65) return mutateSections(original, rnd);
  const bytes = original.slice();
  const { entriesEnd, namesEnd } = tableOf(bytes);
  let at: number;
  let where: string;
  if (r < 0.8) {
    at = HEADER_BYTES + rnd.int(entriesEnd - HEADER_BYTES);
    where = "table of contents";
  } else if (r < 0.9) {
    at = entriesEnd + rnd.int(namesEnd - entriesEnd);
    where = "section names";
  } else {
    do at = 8 + rnd.int(HEADER_BYTES - 8);
    while (at >= CRC_AT && at < CRC_AT + 4);
    where = "header";
  }
  const before = bytes[at];
  bytes[at] = rnd.next() < 0.5 ? before ^ (1 << rnd.int(8)) : rnd.int(256);
  resealed(bytes);
  return { bytes, what: `${where}: byte ${at} ${before} -> ${bytes[at]}`, inSections: false };
}

/** A value changed on purpose: `section[index] = value`. */
export interface Edit {
  section: string;
  index: number;
  value: number;
}

/** The file with the edits made, its CRC recomputed. */
export function edited(original: Uint8Array, edits: readonly Edit[]): Mutation {
  const c = Container.from(original);
  const changes = new Map<string, Section>();
  for (const e of edits) {
    const info = c.sections().find((s) => s.name === e.section);
    if (!info) throw new Error(`no section "${e.section}" in the sample`);
    const data = changes.get(e.section) ?? copyOf(c, e.section, info.type);
    if (e.index >= data.length) throw new Error(`section "${e.section}" has no element ${e.index}`);
    data[e.index] = e.value;
    changes.set(e.section, data);
  }
  return { bytes: rewritten(c, changes), what: edits.map((e) => `${e.section}[${e.index}] -> ${e.value}`).join("; "), inSections: true };
}

/** The sections of `c`, those in `changes` replaced, as a new file. */
function rewritten(c: Container, changes: Map<string, Section>): Uint8Array {
  const out = new ContainerWriter(c.kind);
  for (const s of c.sections()) out.add(s.name, changes.get(s.name) ?? copyOf(c, s.name, s.type));
  return out.toBytes();
}

/** One to three elements of random sections set to edge values, near values or random bits. */
function mutateSections(original: Uint8Array, rnd: SeededRandom): Mutation {
  const c = Container.from(original);
  const sections = c.sections().filter((s) => s.byteLength > 0);
  const changes = new Map<string, Section>();
  const what: string[] = [];
  for (let n = 1 + rnd.int(3); n > 0; n--) {
    const s = sections[rnd.int(sections.length)];
    const data = changes.get(s.name) ?? copyOf(c, s.name, s.type);
    const i = rnd.int(data.length);
    const before = data[i];
    data[i] = pick(before, data instanceof Float64Array || data instanceof Float32Array, rnd);
    changes.set(s.name, data);
    what.push(`${s.name}[${i}] ${before} -> ${data[i]}`);
  }
  return { bytes: rewritten(c, changes), what: what.join("; "), inSections: true };
}

function pick(before: number, floating: boolean, rnd: SeededRandom): number {
  const r = rnd.next();
  if (r < 0.35) return EDGES[rnd.int(EDGES.length)];
  if (r < 0.6) return before + (rnd.next() < 0.5 ? 1 : -1) * (1 + rnd.int(3));
  if (r < 0.8) return floating ? before * 2 ** (rnd.int(20) - 10) : before ^ (1 << rnd.int(32));
  return floating ? rnd.int(2 ** 20) : rnd.u32();
}

function copyOf(c: Container, name: string, type: string): Section {
  switch (type) {
    case "Uint8Array":
      return c.u8(name).slice();
    case "Uint16Array":
      return c.u16(name).slice();
    case "Uint32Array":
      return c.u32(name).slice();
    case "Int32Array":
      return c.i32(name).slice();
    case "Float32Array":
      return c.f32(name).slice();
    default:
      return c.f64(name).slice();
  }
}

/** Where the entries of the table of contents end, and where the section names after them end. */
function tableOf(bytes: Uint8Array): { entriesEnd: number; namesEnd: number } {
  const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(52, true);
  const entriesEnd = HEADER_BYTES + count * 8;
  let namesEnd = entriesEnd;
  for (let i = 0; i < count; i++) namesEnd += bytes[HEADER_BYTES + i * 8 + 2];
  return { entriesEnd, namesEnd };
}

/** Recomputes the CRC-32 of the payload, as a deliberate edit would. */
function resealed(bytes: Uint8Array): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(CRC_AT, crc32(bytes.subarray(HEADER_BYTES)), true);
}
