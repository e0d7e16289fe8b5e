import type { Container, ContainerWriter } from "../container/container.js";
import { decodeUtf8 } from "../bits/heap.js";

/**
 * A list of strings (token or item labels) as UTF-8 bytes back to back with their end offsets, so a file
 * of a million labels loads as two views. The label → index map is built on first lookup only.
 */
export class Labels {
  private index: Map<string, number> | undefined;

  constructor(
    readonly bytes: Uint8Array,
    readonly ends: Uint32Array,
  ) {}

  static fromStrings(labels: readonly string[]): Labels {
    const encoder = new TextEncoder();
    const parts = labels.map((l) => encoder.encode(l));
    const ends = new Uint32Array(parts.length);
    let total = 0;
    parts.forEach((p, i) => (ends[i] = total += p.length));
    const bytes = new Uint8Array(total);
    parts.forEach((p, i) => bytes.set(p, i === 0 ? 0 : ends[i - 1]));
    return new Labels(bytes, ends);
  }

  get length(): number {
    return this.ends.length;
  }

  get(i: number): string {
    return decodeUtf8(this.bytes.subarray(i === 0 ? 0 : this.ends[i - 1], this.ends[i]));
  }

  /** Index of a label (the first, if repeated), or −1. */
  indexOf(label: string): number {
    if (this.index === undefined) {
      this.index = new Map();
      for (let i = this.length - 1; i >= 0; i--) this.index.set(this.get(i), i);
    }
    return this.index.get(label) ?? -1;
  }

  sizeInBits(): number {
    return 8 * (this.bytes.byteLength + this.ends.byteLength);
  }

  write(out: ContainerWriter, name: string): void {
    out.add(`${name}.bytes`, this.bytes);
    out.add(`${name}.ends`, this.ends);
  }

  /** Refused unless the ends climb to the end of the bytes. */
  static read(c: Container, name: string): Labels {
    const bytes = c.u8(`${name}.bytes`);
    const ends = c.u32(`${name}.ends`);
    for (let i = 0, previous = 0; i < ends.length; previous = ends[i++]) {
      if (ends[i] < previous) c.fail(`${name}.ends`, `label ${i} ends at ${ends[i]}, before it starts at ${previous}`);
    }
    if ((ends.length === 0 ? 0 : ends[ends.length - 1]) !== bytes.length) c.fail(`${name}.ends`, `the labels do not end with the ${bytes.length} bytes`);
    return new Labels(bytes, ends);
  }
}
