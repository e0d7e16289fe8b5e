import { AtomicWriter } from "../io/files.js";
import type { CoocModel } from "./cooc_file.js";
import { neighborsOf } from "./cooc_analysis.js";

/** The text shown for a token id (a tokenizer's decoded token, or the id itself). */
export type TokenText = (id: number) => string;

const TSV_ESCAPES: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\" };

/** A TSV cell: tabs, line breaks and backslashes escaped so that every row stays one line of 4 cells. */
function cell(text: string): string {
  return text.replace(/[\t\n\r\\]/g, (c) => TSV_ESCAPES[c]);
}

/**
 * One row per token that met another: token_id, token_text, cooccurring_count (its distinct neighbours) and
 * up to `examples` neighbours' texts joined by " | " (the most frequent ones on a weighted graph, else the
 * lowest ids). Written atomically to `path`.
 */
export function exportTsv(model: CoocModel, path: string, text: TokenText, examples = 5): number {
  const g = model.graph;
  const out = new AtomicWriter(path);
  let rows = 0;
  try {
    out.write("token_id\ttoken_text\tcooccurring_count\texample_cooccurring_tokens\n");
    for (let row = 0; row < g.rows; row++) {
      const degree = g.rowDegree(row);
      if (degree === 0) continue;
      const a = g.tokenOf(row);
      const shown = neighborsOf(model, a, g.weighted ? "count" : "id", examples).map((n) => cell(text(n.id)));
      out.write(`${a}\t${cell(text(a))}\t${degree}\t${shown.join(" | ")}\n`);
      rows++;
    }
    out.commit();
  } finally {
    out.abort();
  }
  return rows;
}
