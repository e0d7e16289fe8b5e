import { describe, expect, it } from "vitest";
import { Random } from "../helpers/random.js";
import { ContainerWriter } from "../../src/container/container.js";
import { CoocGraphBuilder } from "../../src/cooc/cooc_graph_builder.js";
import { RangeEncoder } from "../../src/cooc/encoded_range.js";

/** Random sorted lists in row numbers, some rows without a list; dense and sparse ones. */
function randomLists(rnd: Random, rows: number): { row: number; ids: Uint32Array; counts: Uint32Array }[] {
  const lists = [];
  for (let row = 0; row < rows; row++) {
    if (rnd.next() < 0.2) continue;
    const density = rnd.next() < 0.2 ? 0.9 : 0.05;
    const ids = [];
    for (let t = 0; t < rows; t++) if (t !== row && rnd.next() < density) ids.push(t);
    if (ids.length === 0) continue;
    lists.push({ row, ids: Uint32Array.from(ids), counts: Uint32Array.from(ids, () => 1 + rnd.int(1000)) });
  }
  return lists;
}

function bytes(graph: CoocGraphBuilder): Uint8Array[] {
  const out = new ContainerWriter("test");
  graph.build().write(out, "g");
  return out.pieces();
}

describe("RangeEncoder and CoocGraphBuilder.addRange", () => {
  it("build, from ranges encoded apart, the graph that adding every list in turn builds", () => {
    const rnd = new Random(31);
    for (const weighted of [false, true]) {
      const rows = 300;
      const lists = randomLists(rnd, rows);
      const tokens = Uint32Array.from({ length: rows }, (_, i) => 3 * i);
      const whole = new CoocGraphBuilder(weighted, tokens);
      for (const l of lists) whole.addRowList(l.row, l.ids, l.counts, l.ids.length, l.ids.length + 1);
      const parts = new CoocGraphBuilder(weighted, tokens);
      for (let i = 0, range = 0; i < lists.length; range++) {
        const encoder = new RangeEncoder(weighted);
        for (const end = Math.min(lists.length, i + rnd.int(40)); i < end; i++) {
          const l = lists[i];
          encoder.addList(l.row, l.ids, l.counts, l.ids.length, l.ids.length + 1);
        }
        parts.addRange(encoder.reply(range));
      }
      expect(bytes(parts)).toEqual(bytes(whole));
    }
  });
});
