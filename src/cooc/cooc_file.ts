import { Container, ContainerWriter, type LoadOptions } from "../container/container.js";
import { CoocGraph } from "./cooc_graph.js";
import { decodeUtf8 } from "../bits/heap.js";

export const COOC_KIND = "cooc";

/** How the windows were cut, and what tokenized the text: kept with the graph to read it back right. */
export interface CoocSettings {
  contextLength: number;
  stride: number;
  pack: boolean;
  /** −1 for none. */
  separator: number;
  /** Windows holding at least one pair. */
  windows: number;
  /** The tokenizer.json the ids came from, or "" for pre-tokenized input. */
  tokenizer: string;
}

/** A co-occurrence graph with its settings: what `grampack cooc build` writes. */
export class CoocModel {
  constructor(
    readonly graph: CoocGraph,
    readonly settings: CoocSettings,
  ) {}

  sizeInBits(): number {
    return this.graph.sizeInBits();
  }

  /** The file's sections, ready to be written piece by piece (`writePiecesAtomic`) or joined. */
  container(): ContainerWriter {
    const out = new ContainerWriter(COOC_KIND);
    const s = this.settings;
    out.addScalars("settings", [s.contextLength, s.stride, s.pack ? 1 : 0, s.separator, s.windows]);
    out.add("settings.tokenizer", new TextEncoder().encode(s.tokenizer));
    this.graph.write(out, "graph");
    return out;
  }

  toBytes(): Uint8Array {
    return this.container().toBytes();
  }

  /** Views over `bytes` (no copy); `options.source` names the file in errors. */
  static fromBytes(bytes: Uint8Array, options: Omit<LoadOptions, "kind"> = {}): CoocModel {
    const c = Container.from(bytes, { ...options, kind: COOC_KIND });
    const [contextLength, stride, pack, separator, windows] = c.meta("settings", 5);
    const tokenizer = decodeUtf8(c.u8("settings.tokenizer"));
    const model = new CoocModel(CoocGraph.read(c, "graph"), { contextLength, stride, pack: pack === 1, separator, windows, tokenizer });
    c.finish();
    return model;
  }
}
