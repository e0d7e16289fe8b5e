import { describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((s) => void out.push(String(s)));
  const error = vi.spyOn(console, "error").mockImplementation((s) => void err.push(String(s)));
  try {
    const status = await main(argv);
    return { status, out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe("grampack command line", () => {
  it("lists commands with --help and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/usage: grampack <command>/);
  });

  it("exits 2 with usage for no command, an unknown command or a bad option", async () => {
    expect((await run([])).status).toBe(2);
    const unknown = await run(["frobnicate"]);
    expect(unknown.status).toBe(2);
    expect(unknown.err).toMatch(/unknown command "frobnicate"/);
    const bad = await run(["demo", "--nope"]);
    expect(bad.status).toBe(2);
    expect(bad.err).toMatch(/usage: grampack demo/);
  });

  it("names the missing file and exits 1", async () => {
    const r = await run(["print_stats", "/no/such/model.bin"]);
    expect(r.status).toBe(1);
    expect(r.err).toBe("grampack print_stats: /no/such/model.bin: no such file or directory");
  });

  it("prints each command's usage with --help", async () => {
    const r = await run(["demo", "--help"]);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/usage: grampack demo/);
  });
});
