import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { cutSpans, isBlankLine, jsonMembers } from "../../src/dedup/document_bytes.js";
import { forEachRawLine } from "../../src/dedup/raw_lines.js";
import { forEachLine } from "../../src/io/lines.js";
import { HfTokenizer } from "../../src/text/hf_tokenizer.js";
import { Random } from "../helpers/random.js";
import { runCli } from "../helpers/run_cli.js";
import { useTempDirs } from "../helpers/temp_dir.js";
import { QWEN3 } from "../cooc/qwen3.js";

/*
 * dedup and simhash copy the bytes of the documents they keep: unchanged lines byte for byte, changed ones
 * but for the removed spans. Oracles: Buffer comparison with lines put together byte by byte here, and
 * the platform's own UTF-8 decoder and JSON.parse for what a span's offsets mean.
 */

const tempDir = useTempDirs();

/** Bytes from parts: strings as UTF-8, number arrays and byte arrays as raw bytes (invalid UTF-8 among them). */
function bytes(...parts: (string | number[] | Uint8Array)[]): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));
}

/** The text a JSON string literal's content stands for, as a reader decodes it, in UTF-8 bytes. */
function literalText(raw: Uint8Array): Buffer {
  return Buffer.from(JSON.parse(`"${new TextDecoder().decode(raw)}"`) as string, "utf8");
}

const NL = "\n";

// The passage twice: raw UTF-8 with 0xFF in one document, escapes and 0xFE in the other. Both decode to
// the same text (é, 😀, U+FFFD), bracketed by characters that differ, so the repeat is exactly the passage.
const PASSAGE_RAW = bytes("[Ceci est un passage répété 😀 ", [0xff], " deux fois, assez long pour compter.]");
const PASSAGE_ESCAPED = bytes("[Ceci est un passage r\\u00e9p\\u00e9t\\u00e9 \\ud83d\\ude00 ", [0xfe], " deux fois, assez long pour compter.]");

describe("simhash --out", () => {
  it("copies the documents it keeps byte for byte, invalid UTF-8, escapes and other fields included", async () => {
    const dir = tempDir();
    const words = Array.from({ length: 120 }, (_, i) => `w${(i * 37) % 101}`).join(" ");
    const lines = [
      bytes('{"text": "caf', [0xe9], ' ok, plus \\u00e9t\\u00e9 et 😀", "n": 1.0}'),
      bytes(`{ "id" : 2 , "text" : "${words}" , "big": 12345678901234567890 }`),
      bytes('{"text": "other \\ud83d\\ude00 doc', [0xc3, 0x28], '"}'),
      bytes(`{"id": 4, "text": "${words}"}`),
    ];
    const input = join(dir, "in.jsonl");
    writeFileSync(input, Buffer.concat(lines.flatMap((l) => [l, bytes(NL)])));
    const out = join(dir, "out.jsonl");
    const r = await runCli(["simhash", "--json", "--out", out, input]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ documents: 4, removed_documents: 1 });
    const expected = Buffer.concat([lines[0], bytes(NL), lines[1], bytes(NL), lines[2], bytes(NL)]);
    expect(readFileSync(out).equals(expected)).toBe(true);
  });

  it("copies plain-text lines of a gzip file, blank lines left out, a byte-order mark too", async () => {
    const dir = tempDir();
    const text = bytes([0xef, 0xbb, 0xbf], "first line \u00e9 ", [0x80], "\r\n\n  \nsecond ", [0xf0, 0x9f], " line 😀\n");
    const input = join(dir, "in.txt.gz");
    writeFileSync(input, gzipSync(text));
    const out = join(dir, "out.txt");
    expect((await runCli(["simhash", "--out", out, input])).status).toBe(0);
    expect(readFileSync(out).equals(bytes("first line \u00e9 ", [0x80], "\nsecond ", [0xf0, 0x9f], " line 😀\n"))).toBe(true);
  });
});

describe("dedup --out", () => {
  it("copies unchanged JSONL documents byte for byte and cuts only the span's bytes out of a changed one", async () => {
    const dir = tempDir();
    const first = bytes('{"id": 1, "score": 1.0, "text": "Intro ', [0xff], " un.(", PASSAGE_RAW, ')fin \\u00e9t\\u00e9."}');
    const untouched = bytes('{"text": "Rien \\u00e0 voir \\ud83d\\ude00 ', [0xc0, 0x80], ' ici \\ud800 non plus", "n": 12345678901234567890}');
    const before = bytes('{ "text" : "D\\u00e9but deux:<');
    const after = bytes('>tail ', [0xe9], ' end" , "n":12345678901234567890, "meta": {"a": [1, 2.50], "text": 3}}');
    const changed = Buffer.concat([before, PASSAGE_ESCAPED, after]);
    const input = join(dir, "in.jsonl");
    writeFileSync(input, Buffer.concat([first, bytes(NL), untouched, bytes("\n\n"), changed, bytes(NL)]));
    const out = join(dir, "out.jsonl");
    const report = join(dir, "report.json");
    const r = await runCli(["dedup", "--min-length", "30", "--json", "--out", out, "--report", report, input]);
    expect(r.status).toBe(0);
    const expected = Buffer.concat([first, bytes(NL), untouched, bytes(NL), before, after, bytes(NL)]);
    expect(readFileSync(out).equals(expected)).toBe(true);

    // Offsets count the UTF-8 bytes of the text as read: U+FFFD for 0xFE, é for \u00e9, 😀 for the pair.
    const passage = literalText(PASSAGE_ESCAPED);
    expect(passage.equals(literalText(PASSAGE_RAW))).toBe(true);
    const start = literalText(bytes("D\\u00e9but deux:<")).length;
    expect(JSON.parse(readFileSync(report, "utf8")).documents).toEqual([{ document: 2, at: `${input}:4`, spans: [[start, start + passage.length]] }]);
    const summary = JSON.parse(r.out);
    expect(summary.bytes_in - summary.bytes_out).toBe(passage.length);
  });

  it("cuts plain-text lines byte for byte", async () => {
    const dir = tempDir();
    const first = bytes("alpha (", PASSAGE_RAW, ") omega ", [0xfe]);
    const second = bytes("beta ", [0xff], " <", PASSAGE_RAW, "> gamma 😀");
    const input = join(dir, "in.txt");
    writeFileSync(input, Buffer.concat([first, bytes("\r\n"), second]));
    const out = join(dir, "out.txt");
    expect((await runCli(["dedup", "--min-length", "30", "--out", out, input])).status).toBe(0);
    expect(readFileSync(out).equals(Buffer.concat([first, bytes(NL), bytes("beta ", [0xff], " <> gamma 😀"), bytes(NL)]))).toBe(true);
  });

  it("keeps the other bytes of a JSONL line with --unit tokens", async () => {
    const dir = tempDir();
    const passage = "The same long passage of words appears in both of these documents, word for word.";
    const first = bytes(`{"text": "Intro one. ${passage} End one.", "n": 1.0}`);
    const after = bytes(' , "n": 12345678901234567890, "s": "caf', [0xe9], '"}');
    const changed = Buffer.concat([bytes(`{"text": "Start three: ${passage}"`), after]);
    const input = join(dir, "in.jsonl");
    writeFileSync(input, Buffer.concat([first, bytes(NL), changed, bytes(NL)]));
    const out = join(dir, "out.jsonl");
    const r = await runCli(["dedup", "--unit", "tokens", "--tokenizer", QWEN3, "--min-length", "10", "--json", "--out", out, input]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ documents_changed: 1 });
    const lines = readFileSync(out);
    const firstEnd = lines.indexOf(NL);
    expect(lines.subarray(0, firstEnd).equals(first)).toBe(true);
    const second = lines.subarray(firstEnd + 1, lines.length - 1);
    expect(second.subarray(second.length - after.length).equals(after)).toBe(true);
    const text = JSON.parse(`{"text": ${second.subarray(9, second.length - after.length).toString("utf8")}}`).text as string;
    expect(text.startsWith("Start three:")).toBe(true);
    expect(text.length).toBeLessThan(`Start three: ${passage}`.length - 10);
  });
});

describe("cutSpans", () => {
  // Pieces of a JSON string literal whose units never merge with a neighbour's, each with its raw bytes.
  const PIECES: Buffer[] = [
    bytes("a"),
    bytes("Z"),
    bytes("é"),
    bytes("中"),
    bytes("😀"),
    bytes("\\u00e9"),
    bytes("\\u4e2d"),
    bytes("\\ud83d\\ude00"),
    bytes("\\udc00"),
    bytes("\\n"),
    bytes('\\"'),
    bytes("\\\\"),
    bytes("\\/"),
    bytes([0xff]),
    bytes([0x80]),
    bytes([0xe9], "!"),
    bytes([0xf0, 0x9f], "?"),
  ];

  it("removes exactly the raw bytes of spans given in decoded UTF-8 offsets, on random literals", () => {
    const random = new Random(5);
    for (let round = 0; round < 300; round++) {
      const pieces = Array.from({ length: 1 + random.int(30) }, () => PIECES[random.int(PIECES.length)]);
      const raw = Buffer.concat(pieces);
      // Each piece's length as read, from the platform's decoder; offsets of the piece boundaries.
      const offsets = [0];
      for (const p of pieces) offsets.push(offsets[offsets.length - 1] + literalText(p).length);
      expect(literalText(raw).length).toBe(offsets[pieces.length]);
      // Random spans over whole pieces, ascending; the kept pieces are the expected output.
      const removed: number[] = [];
      const kept: Buffer[] = [];
      for (let i = 0; i < pieces.length; ) {
        const n = 1 + random.int(4);
        if (random.int(3) === 0) {
          const end = Math.min(pieces.length, i + n);
          removed.push(offsets[i], offsets[end]);
          i = end;
        } else {
          kept.push(pieces[i++]);
        }
      }
      const line = Buffer.concat([bytes('{"text": "'), raw, bytes('"}')]);
      const out: Uint8Array[] = [];
      const cut = cutSpans(line, 10, 10 + raw.length, true, removed, out);
      expect(Buffer.concat(out).equals(Buffer.concat(kept))).toBe(true);
      expect(cut.textBytes).toBe(offsets[pieces.length]);
      expect(cut.keptBytes).toBe(kept.reduce((sum, p) => sum + literalText(p).length, 0));
    }
  });

  it("refuses a span ending inside a character", () => {
    const line = bytes("x😀y");
    expect(() => cutSpans(line, 0, line.length, false, [1, 3], [])).toThrow(/inside the character at byte 1/);
    expect(cutSpans(line, 0, line.length, false, [1, 5], []).keptBytes).toBe(2);
  });
});

describe("jsonMembers and isBlankLine", () => {
  it("finds members' value ranges as JSON.parse reads the line", () => {
    const line = bytes('{ "a" : [1, {"b": "}"}], "text":"x\\"y" ,"c":null, "te\\u0078t": 1e5 }');
    const members = jsonMembers(line)!;
    const parsed = JSON.parse(line.toString("utf8")) as Record<string, unknown>;
    expect(members.map((m) => m.name)).toEqual(["a", "text", "c", "text"]);
    for (const m of members) expect(JSON.parse(line.subarray(m.valueStart, m.valueEnd).toString("utf8"))).toEqual(m === members[1] ? 'x"y' : parsed[m.name]);
    expect(jsonMembers(bytes("[1, 2]"))).toBeUndefined();
    expect(jsonMembers(bytes('{"a": 1} x'))).toBeUndefined();
    expect(jsonMembers(bytes("{ }"))).toEqual([]);
  });

  it("calls a line blank exactly when its decoded text trims to nothing", () => {
    for (const line of [bytes(""), bytes(" \t\r"), bytes("\u00a0\u3000"), bytes(" x "), bytes([0xff]), bytes("\ufeff")]) {
      expect(isBlankLine(line)).toBe(new TextDecoder().decode(line).trim().length === 0);
    }
  });
});

describe("forEachRawLine", () => {
  it("cuts and numbers lines as the text reader does, plain and gzip, across read chunks", async () => {
    const dir = tempDir();
    const random = new Random(11);
    const alphabet = [bytes("a"), bytes("é"), bytes("😀"), bytes("\n"), bytes("\r\n"), bytes("\r"), bytes([0xff]), bytes([0xe2, 0x82]), bytes("  ")];
    for (let round = 0; round < 6; round++) {
      const parts: Buffer[] = round % 2 === 0 ? [bytes([0xef, 0xbb, 0xbf])] : [];
      const size = round < 2 ? 20 : 200_000;
      for (let n = 0; n < size; n += 2) parts.push(alphabet[random.int(alphabet.length)]);
      const data = Buffer.concat(parts);
      const path = join(dir, `f${round}${round >= 4 ? ".gz" : ""}`);
      writeFileSync(path, round >= 4 ? gzipSync(data) : data);
      const texts: [string, number][] = [];
      const raws: [string, number][] = [];
      const textCount = await forEachLine(path, (line, n) => void texts.push([line, n]));
      const rawCount = await forEachRawLine(path, (line, n) => void raws.push([new TextDecoder("utf-8", { ignoreBOM: true }).decode(line), n]));
      expect(rawCount).toBe(textCount);
      expect(raws).toEqual(texts);
    }
  });
});

describe("the tokenizer used above", () => {
  it("splits the passage into more than ten tokens", () => {
    expect(HfTokenizer.load(QWEN3).ids(" The same long passage of words appears in both of these documents, word for word.").length).toBeGreaterThan(10);
  });
});
