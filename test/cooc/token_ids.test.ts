import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildCoocFromFiles } from "../../src/cooc/cooc_build.js";
import { checkTokenId, commonNeighbors, meeting, neighborsOf } from "../../src/cooc/cooc_analysis.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs();

describe("queries of a co-occurrence graph with an id beyond it", () => {
  it("throw a plain Error naming the id and the graph's range; ids inside are answered", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "ids.jsonl"), '{"ids": [0, 1, 2]}\n{"ids": [2, 9]}\n');
    const { model } = await buildCoocFromFiles([join(dir, "ids.jsonl")], { weighted: true, contextLength: 4 });
    const g = model.graph;
    // Oracle: the largest id of the input is 9.
    const message = (id: number) => `token id ${id} is outside 0..9 of the co-occurrence graph`;
    for (const id of [10, 999999, -1, 1.5]) {
      const calls = [() => neighborsOf(model, id), () => meeting(g, id, 0), () => meeting(g, 0, id), () => commonNeighbors(g, id, 2), () => commonNeighbors(g, 2, id)];
      for (const call of calls) {
        let thrown: unknown;
        try {
          call();
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(Error);
        expect(thrown).not.toBeInstanceOf(RangeError);
        expect((thrown as Error).message).toBe(message(id));
      }
    }
    expect(() => checkTokenId(g, 10, "c.cooc")).toThrow("token id 10 is outside 0..9 of c.cooc");
    expect(neighborsOf(model, 9).map((n) => n.id)).toEqual([2]);
    expect(neighborsOf(model, 5)).toEqual([]);
    expect(meeting(g, 9, 2)).toEqual({ met: true, count: 1 });
    expect(commonNeighbors(g, 0, 9)).toEqual([2]);
  });
});
