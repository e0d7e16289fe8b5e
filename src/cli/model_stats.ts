import type { CountModel } from "../ngram/model.js";
import type { BackoffModel } from "../ngram/backoff_model.js";

export interface ModelStats {
  structure: string;
  /** "count" or "prob_backoff". */
  values: string;
  order: number;
  remapping: number;
  /** How count ranks are stored (count models only). */
  ranks?: string;
  grams: number;
  grams_per_order: number[];
  bytes: number;
  bytes_per_gram: number;
  bits_per_gram: number;
  components: Record<string, { bytes: number; bytes_per_gram: number; bits_per_gram: number }>;
}

/** Sizes of a model and of its parts; `bytes` is the size of the saved file, headers included. */
export function modelStats(model: CountModel | BackoffModel, fileBytes: number): ModelStats {
  const perOrder = model.gramsPerOrder();
  const grams = perOrder.reduce((a, b) => a + b, 0);
  const components: ModelStats["components"] = {};
  for (const [name, bits] of Object.entries(model.components())) {
    components[name] = { bytes: Math.ceil(bits / 8), bytes_per_gram: round(bits / 8 / grams), bits_per_gram: round(bits / grams) };
  }
  return {
    structure: model.structure,
    values: "ranksKind" in model ? "count" : "prob_backoff",
    order: model.order,
    remapping: model.remapping,
    ...("ranksKind" in model ? { ranks: model.ranksKind } : {}),
    grams,
    grams_per_order: perOrder,
    bytes: fileBytes,
    bytes_per_gram: round(fileBytes / grams),
    bits_per_gram: round((fileBytes * 8) / grams),
    components,
  };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** A few human-readable lines about a model. */
export function describeModel(model: CountModel | BackoffModel, fileBytes: number): string {
  const s = modelStats(model, fileBytes);
  const lines = [
    `${s.structure}${s.values === "count" ? "" : " prob_backoff"}: ${s.grams} n-grams of orders 1..${s.order} (${s.grams_per_order.join(" / ")}), ${s.bytes} bytes, ${s.bytes_per_gram.toFixed(4)} bytes per gram`,
  ];
  for (const [name, c] of Object.entries(s.components)) {
    lines.push(`  ${name.padEnd(14)} ${String(c.bytes).padStart(10)} bytes  ${c.bytes_per_gram.toFixed(4)} bytes/gram  ${c.bits_per_gram.toFixed(2)} bits/gram`);
  }
  return lines.join("\n");
}
