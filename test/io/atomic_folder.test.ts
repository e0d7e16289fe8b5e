import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OutputError } from "../../src/io/errors.js";
import { AtomicFolder } from "../../src/io/files.js";
import { listedTempPaths } from "../../src/io/temp_paths.js";
import { useTempDirs } from "../helpers/temp_dir.js";

const tempDir = useTempDirs();

/** name → content of the files of a folder (not of its subfolders). */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isFile()) out[e.name] = readFileSync(join(dir, e.name), "utf8");
  return out;
}

function fill(folder: AtomicFolder, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(folder.file(name), text);
}

const isCountFile = (name: string) => /^\d+-grams/.test(name);

describe("AtomicFolder", () => {
  it("creates a new folder with the files written", () => {
    const dir = tempDir();
    const target = join(dir, "sub", "out");
    const folder = new AtomicFolder(target);
    fill(folder, { "1-grams": "new 1", "2-grams": "new 2" });
    expect(existsSync(target)).toBe(false);
    folder.commit(() => true);
    expect(contents(target)).toEqual({ "1-grams": "new 1", "2-grams": "new 2" });
    expect(readdirSync(join(dir, "sub"))).toEqual(["out"]);
  });

  it("replaces the old set as a whole: old count files go, other entries stay", () => {
    const dir = tempDir();
    const target = join(dir, "out");
    mkdirSync(target);
    const old = { "1-grams": "old 1", "2-grams": "old 2", "3-grams.sorted.gz": "old 3", "model.bin": "kept", "notes.txt": "kept too" };
    for (const [name, text] of Object.entries(old)) writeFileSync(join(target, name), text);
    mkdirSync(join(target, "subfolder"));
    writeFileSync(join(target, "subfolder", "x"), "inside");
    const folder = new AtomicFolder(target);
    fill(folder, { "1-grams": "new 1", "2-grams": "new 2" });
    // Until the commit, a reader sees the old set only.
    expect(contents(join(dir, "out"))).toMatchObject({ "1-grams": "old 1", "2-grams": "old 2" });
    folder.commit((name) => !isCountFile(name));
    expect(readdirSync(target).sort()).toEqual(["1-grams", "2-grams", "model.bin", "notes.txt", "subfolder"]);
    expect(readFileSync(join(target, "1-grams"), "utf8")).toBe("new 1");
    expect(readFileSync(join(target, "model.bin"), "utf8")).toBe("kept");
    expect(readFileSync(join(target, "subfolder", "x"), "utf8")).toBe("inside");
    expect(readdirSync(dir)).toEqual(["out"]);
  });

  it("abort leaves the target as it was and removes the temporary folder", () => {
    const dir = tempDir();
    const target = join(dir, "out");
    mkdirSync(target);
    writeFileSync(join(target, "1-grams"), "old");
    const folder = new AtomicFolder(target);
    expect(listedTempPaths()).toContain(folder.tempPath);
    fill(folder, { "1-grams": "new" });
    folder.abort();
    folder.abort();
    expect(listedTempPaths()).not.toContain(folder.tempPath);
    expect(contents(target)).toEqual({ "1-grams": "old" });
    expect(readdirSync(dir)).toEqual(["out"]);
    expect(() => folder.commit(() => true)).toThrow(/already committed or aborted/);
  });

  it("replaces the folder a symbolic link points to, keeping the link", () => {
    const dir = tempDir();
    const real = join(dir, "real");
    mkdirSync(real);
    writeFileSync(join(real, "1-grams"), "old");
    const link = join(dir, "link");
    symlinkSync(real, link);
    const folder = new AtomicFolder(link);
    fill(folder, { "1-grams": "new" });
    folder.commit(() => true);
    expect(readFileSync(join(link, "1-grams"), "utf8")).toBe("new");
    expect(readFileSync(join(real, "1-grams"), "utf8")).toBe("new");
    expect(readdirSync(dir).sort()).toEqual(["link", "real"]);
  });

  it("refuses a target that is a file, or the current directory, before writing anything", () => {
    const dir = tempDir();
    const file = join(dir, "afile");
    writeFileSync(file, "x");
    expect(() => new AtomicFolder(file)).toThrow(OutputError);
    expect(() => new AtomicFolder(file)).toThrow(`${file}: exists and is not a directory`);
    expect(() => new AtomicFolder(process.cwd())).toThrow(/is the current directory or holds it/);
    expect(() => new AtomicFolder(".")).toThrow(/is the current directory or holds it/);
    expect(readdirSync(dir)).toEqual(["afile"]);
  });
});
