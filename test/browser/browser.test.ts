import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { ContainerWriter } from "../../src/container/container.js";
import { CountTrieBuilder } from "../../src/ngram/count_trie_builder.js";
import { CountHashBuilder, HASH_KIND } from "../../src/ngram/count_hash.js";
import { TRIE_KINDS } from "../../src/ngram/count_trie.js";
import { readCountFiles } from "../../src/ngram/count_files.js";
import { load } from "../../src/ngram/model.js";
import { estimate } from "../../src/ngram/estimate.js";
import { readArpaTables } from "../../src/ngram/read_arpa_tables.js";
import { PROB_TRIE_KINDS, ProbTrie } from "../../src/ngram/prob_trie.js";
import { loadBackoffModel } from "../../src/ngram/load_backoff_model.js";
import { useTempDirs } from "../helpers/temp_dir.js";

/**
 * The browser build, in Debian's Chromium driven by playwright-core: the page imports the package's ES
 * modules (dist/src/index.js) as a static site serves them, calls init(), loads models fetched as bytes and
 * answers lookups and scores, which must equal Node's. Once on a plain page (a fixed, unshared memory) and
 * once on a cross-origin isolated one (shared memory). Skipped, saying so, where no Chromium is installed.
 */
const ROOT = resolve(import.meta.dirname, "..", "..");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const DATA = join(ROOT, "test_data");
const tempDir = useTempDirs("file");

const MIME: Record<string, string> = { ".js": "text/javascript", ".html": "text/html", ".bin": "application/octet-stream" };

const PAGE = `<!doctype html><meta charset="utf-8"><title>grampack</title>
<script type="module">
import { init, load, loadBackoffModel } from "/dist/src/index.js";
window.answer = async (queries, lines) => {
  await init({ memoryBytes: 64 * 2 ** 20 });
  const bytes = async (name) => new Uint8Array(await (await fetch("/models/" + name)).arrayBuffer());
  const out = { isolated: globalThis.crossOriginIsolated === true };
  for (const name of ["trie.bin", "hash.bin"]) {
    const model = load(await bytes(name));
    out[name] = queries.map((q) => model.lookup(q));
    out[name + " next"] = model.topContinuations("of the", 3);
  }
  const lm = loadBackoffModel(await bytes("lm.bin"));
  const score = lm.scoreText(lines, { wrap: true });
  out.lm = [score.totalLog10Prob, score.tokens, score.oovs];
  return out;
};
window.ready = true;
</script>`;

describe.skipIf(!existsSync(CHROMIUM))(`in a browser${existsSync(CHROMIUM) ? "" : " (skipped: no Chromium at " + CHROMIUM + ")"}`, () => {
  let server: Server;
  let browser: Browser;
  let base = "";
  const models = new Map<string, Uint8Array>();
  const queries = readFileSync(join(DATA, "queries.random.5K"), "utf8").split("\n").slice(0, 400).concat(readFileSync(join(DATA, "queries.not_found"), "utf8").split("\n").slice(0, 100));
  const lines = readFileSync(join(DATA, "sample_text"), "utf8").split("\n").slice(0, 200);

  beforeAll(async () => {
    const trie = new CountTrieBuilder(5, { grams: "pef", remapping: 2, ranks: "PSPEF" });
    await readCountFiles(DATA, 5, trie);
    models.set("trie.bin", written(TRIE_KINDS.pef, trie.build()));
    const hash = new CountHashBuilder(5, 8);
    await readCountFiles(DATA, 5, hash);
    models.set("hash.bin", written(HASH_KIND, hash.build()));
    const arpa = join(tempDir(), "lm.arpa");
    await estimate([join(DATA, "sample_text")], { order: 3, arpa });
    models.set("lm.bin", written(PROB_TRIE_KINDS.ef, ProbTrie.build(await readArpaTables(arpa), { remapping: 1 })));
    server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const isolated = url.pathname.startsWith("/isolated");
      const path = isolated ? url.pathname.slice("/isolated".length) || "/" : url.pathname;
      if (isolated || req.headers.referer?.includes("/isolated")) {
        res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
      }
      const model = path.startsWith("/models/") ? models.get(path.slice("/models/".length)) : undefined;
      const file = path.startsWith("/dist/") ? normalize(join(ROOT, path)) : undefined;
      if (path === "/") res.writeHead(200, { "content-type": MIME[".html"] }).end(PAGE);
      else if (model) res.writeHead(200, { "content-type": MIME[".bin"] }).end(model);
      else if (file && file.startsWith(join(ROOT, "dist")) && existsSync(file)) res.writeHead(200, { "content-type": MIME[extname(file)] ?? "text/plain" }).end(readFileSync(file));
      else res.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => server?.close(done));
  });

  for (const page of ["/", "/isolated/"]) {
    it(`answers lookups and scores as Node does (${page === "/" ? "plain page, fixed memory" : "isolated page, shared memory"})`, async () => {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on("pageerror", (e) => errors.push(e.message));
      await tab.goto(base + page);
      await tab.waitForFunction(() => (globalThis as unknown as { ready?: boolean }).ready === true);
      const got = await tab.evaluate(([q, l]) => (globalThis as unknown as { answer(q: string[], l: string[]): Promise<Record<string, unknown>> }).answer(q, l), [queries, lines] as const);
      await tab.close();
      expect(errors).toEqual([]);
      expect(got.isolated).toBe(page !== "/");
      for (const name of ["trie.bin", "hash.bin"]) {
        const model = load(models.get(name)!);
        expect(got[name]).toEqual(queries.map((q) => model.lookup(q)));
        expect(got[name + " next"]).toEqual(model.topContinuations("of the", 3));
      }
      const score = loadBackoffModel(models.get("lm.bin")!).scoreText(lines, { wrap: true });
      expect(got.lm).toEqual([score.totalLog10Prob, score.tokens, score.oovs]);
    });
  }
});

function written(kind: string, model: { write(out: ContainerWriter): void }): Uint8Array {
  const out = new ContainerWriter(kind);
  model.write(out);
  return out.toBytes();
}
