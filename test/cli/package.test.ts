import { describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { useTempDirs } from "../helpers/temp_dir.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const tempDir = useTempDirs();

/** The ```ts blocks of the README, each a module of its own. */
function readmeExamples(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

describe("the packed package", () => {
  it("installs in a fresh folder without running anything, and the README's code compiles against it in strict TypeScript", () => {
    const dir = tempDir();
    execFileSync("npm", ["pack", "--pack-destination", dir], { cwd: ROOT, stdio: "pipe" });
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
    const app = join(dir, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    const install = spawnSync("npm", ["install", join(dir, tarball), "--no-audit", "--no-fund", "--prefer-offline"], { cwd: app, encoding: "utf8" });
    expect(install.status, install.stderr).toBe(0);
    expect(install.stdout + install.stderr).not.toMatch(/install.?script/i);
    const help = spawnSync(join(app, "node_modules", ".bin", "grampack"), ["--help"], { encoding: "utf8" });
    expect(help.stdout).toMatch(/^usage: grampack <command>/);

    const examples = readmeExamples();
    expect(examples.length).toBeGreaterThan(0);
    examples.forEach((code, i) => writeFileSync(join(app, `example${i}.ts`), code));
    // skipLibCheck as `tsc --init` sets it: @huggingface/tokenizers' own declarations do not pass NodeNext.
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, skipLibCheck: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", noEmit: true, types: ["node"], typeRoots: [join(ROOT, "node_modules", "@types")] },
        include: ["*.ts"],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", app], { encoding: "utf8" });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
  });
});
