import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExternalSorter } from "../../src/io/external_sort.js";
import { AtomicWriter } from "../../src/io/files.js";
import { listedTempPaths, makeTempDir, removeAllTempPaths, removeTempPath } from "../../src/io/temp_paths.js";
import { useTempDirs } from "../helpers/temp_dir.js";

/*
 * The list of temporary paths that a signal or an early exit removes: every temporary file and folder is
 * on it exactly while it exists under its temporary name. (The signals themselves are tested through the
 * command line, in test/cli/signals.test.ts.)
 */
const tempDir = useTempDirs();

describe("temporary paths are listed while they exist", () => {
  it("AtomicWriter: from its creation to its commit or abort", () => {
    const dir = tempDir();
    const a = new AtomicWriter(join(dir, "a"));
    const b = new AtomicWriter(join(dir, "b"));
    expect(listedTempPaths()).toEqual(expect.arrayContaining([a.tempPath, b.tempPath]));
    a.write("x");
    a.commit();
    b.abort();
    expect(listedTempPaths()).not.toContain(a.tempPath);
    expect(listedTempPaths()).not.toContain(b.tempPath);
    expect(readdirSync(dir)).toEqual(["a"]);
  });

  it("ExternalSorter: its folder of runs, from the first spill to finish or dispose", () => {
    for (const end of ["finish", "dispose"] as const) {
      const dir = tempDir();
      const sorter = new ExternalSorter({ recordWords: 2, keyWords: 1, memoryBytes: 256, tempDir: dir });
      for (let i = 0; i < 100; i++) sorter.push([i % 7, 1]);
      expect(sorter.runs).toBeGreaterThan(0);
      const [folder] = readdirSync(dir);
      expect(listedTempPaths()).toContain(join(dir, folder));
      if (end === "finish") sorter.finish(() => {});
      else sorter.dispose();
      expect(listedTempPaths()).not.toContain(join(dir, folder));
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it("removeAllTempPaths removes every listed path and empties the list", () => {
    const dir = tempDir();
    const folders = [makeTempDir(dir, "x-"), makeTempDir(dir, "y-")];
    const writer = new AtomicWriter(join(dir, "out"));
    writer.write("partial");
    expect(listedTempPaths()).toEqual(expect.arrayContaining([...folders, writer.tempPath]));
    removeAllTempPaths();
    expect(listedTempPaths()).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
    // Removing again, or aborting the writer whose file is gone, is harmless.
    removeTempPath(folders[0]);
    writer.abort();
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});
