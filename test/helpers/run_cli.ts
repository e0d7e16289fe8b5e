import { vi } from "vitest";
import { main } from "../../src/cli/main.js";

/** Runs the grampack command line in-process, capturing what it prints. */
export async function runCli(argv: string[], stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((s) => void out.push(String(s)));
  const error = vi.spyOn(console, "error").mockImplementation((s) => void err.push(String(s)));
  const write = vi.spyOn(process.stdout, "write").mockImplementation((s) => {
    out.push(String(s).replace(/\n$/, ""));
    return true;
  });
  try {
    const status = await main(stdin === undefined ? argv : argv);
    return { status, out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}
