import { makeTempDir, removeTempPath } from "../io/temp_paths.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WindowSink } from "./window_cutter.js";
import { WindowStore } from "./window_store.js";
import { NeighborLists } from "./neighbor_lists.js";
import { RunWriter, mergeRuns } from "./neighbor_runs.js";
import { CoocGraphBuilder } from "./cooc_graph_builder.js";
import { computeInParallel } from "./neighbor_pool.js";
import type { CoocGraph } from "./cooc_graph.js";
import type { NeighborSink } from "./neighbor_sink.js";
import { atLeast } from "./growable.js";

export interface CoocBuildOptions {
  /** Keep the number of windows each pair met in (default: only whether it met). */
  weighted?: boolean;
  /** Budget of the window store; a fuller block is turned into a sorted run on disk. Default 1 GiB. */
  memoryBytes?: number;
  /** Where run files go (default: the system's temporary directory). */
  tempDir?: string;
  /** Worker threads computing the neighbour lists of an in-memory build (default 1: this thread). */
  threads?: number;
  /** Told when a long step starts after the reading ("neighbour lists", "merging 3 runs", …). */
  onStage?: (stage: string) => void;
}

export const DEFAULT_COOC_MEMORY = 1 << 30;

/**
 * Windows in, co-occurrence graph out. Windows pile up in a WindowStore; when it outgrows the memory budget,
 * the block's neighbour lists are written to a run file and the store starts over. At the end the last block
 * goes straight into the graph when there was no run, else into one more run and all runs are merged.
 */
export class CoocBuilder implements WindowSink {
  readonly weighted: boolean;
  private readonly memoryBytes: number;
  private readonly tempParent: string;
  private readonly threads: number;
  private readonly onStage: (stage: string) => void;
  private readonly store = new WindowStore();
  private readonly lists: NeighborLists;
  private tempDir: string | undefined;
  private readonly runs: string[] = [];
  /** Windows with at least one pair, over all blocks. */
  windows = 0;

  constructor(options: CoocBuildOptions = {}) {
    this.weighted = options.weighted ?? false;
    this.lists = new NeighborLists(this.weighted);
    this.memoryBytes = options.memoryBytes ?? DEFAULT_COOC_MEMORY;
    this.tempParent = options.tempDir ?? tmpdir();
    this.threads = options.threads ?? 1;
    this.onStage = options.onStage ?? (() => {});
  }

  /** Number of runs spilled to disk so far. */
  get spilledRuns(): number {
    return this.runs.length;
  }

  addWindow(tokens: Uint32Array, start: number, end: number): void {
    const before = this.store.windows;
    this.store.addWindow(tokens, start, end);
    this.windows += this.store.windows - before;
    if (this.store.bytes() > this.memoryBytes) this.spill();
  }

  /** The graph over token ids below max(universe, largest id met + 1), computed in this thread. Removes the run files. */
  finish(universe = 0): CoocGraph {
    const tokens = this.store.presentTokens();
    const graph = new CoocGraphBuilder(this.weighted, tokens);
    const tokenUniverse = this.store.universe;
    try {
      this.computeLists(graph, tokens);
    } finally {
      this.dispose();
    }
    return graph.build(Math.max(universe, tokenUniverse));
  }

  /**
   * As finish, with the lists of a build that fitted in memory computed on the `threads` worker threads
   * (spilled runs are merged in this thread).
   */
  async finishInParallel(universe = 0): Promise<CoocGraph> {
    if (this.threads <= 1 || this.runs.length > 0) return this.finish(universe);
    const tokens = this.store.presentTokens();
    const graph = new CoocGraphBuilder(this.weighted, tokens);
    const tokenUniverse = this.store.universe;
    this.onStage(`neighbour lists on ${this.threads} threads`);
    try {
      await computeInParallel(this.store.rowBlock(tokens), this.weighted, this.threads, graph);
    } finally {
      this.dispose();
    }
    return graph.build(Math.max(universe, tokenUniverse));
  }

  /** In memory, the lists are computed over the windows renumbered in rows; runs hold token ids. */
  private computeLists(graph: CoocGraphBuilder, tokens: Uint32Array): void {
    if (this.runs.length === 0) {
      this.onStage("neighbour lists");
      this.lists.compute(this.store.rowBlock(tokens), graph.rowSink());
      return;
    }
    if (this.store.windows > 0) this.spill();
    this.onStage(`merging ${this.runs.length} runs`);
    mergeRuns(this.runs, this.store.universe, this.weighted, graph);
  }

  /** Removes the run files; for callers that give up before finish(). */
  dispose(): void {
    if (this.tempDir !== undefined) removeTempPath(this.tempDir);
    this.tempDir = undefined;
  }

  private spill(): void {
    this.onStage(`spilling run ${this.runs.length + 1}`);
    this.tempDir ??= makeTempDir(this.tempParent, "grampack-cooc-");
    const writer = new RunWriter(join(this.tempDir, `run-${this.runs.length}.u32`), this.weighted);
    try {
      // Computed over rows (small tables), written in token ids: rows are numbered in id order, so lists stay sorted.
      const present = this.store.presentTokens();
      this.lists.compute(this.store.rowBlock(present), new RowsToTokens(present, writer));
    } finally {
      writer.close();
    }
    this.runs.push(writer.path);
    this.store.clear();
  }
}

/** Passes lists given in rows on to `sink` in token ids: row r is token tokens[r]. */
class RowsToTokens implements NeighborSink {
  private ids: Uint32Array = new Uint32Array(1024);

  constructor(
    private readonly tokens: Uint32Array,
    private readonly sink: NeighborSink,
  ) {}

  addList(row: number, rows: Uint32Array, counts: Uint32Array, n: number, windows: number): void {
    this.ids = atLeast(this.ids, n);
    for (let i = 0; i < n; i++) this.ids[i] = this.tokens[rows[i]];
    this.sink.addList(this.tokens[row], this.ids, counts, n, windows);
  }
}
