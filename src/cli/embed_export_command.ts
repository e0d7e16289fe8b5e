import { parse, UsageError } from "./command.js";
import { exportNpy, loadEmbeddings } from "../embed/embedding_files.js";

export const EMBED_EXPORT_USAGE = `grampack embed export [--labels FILE] --out FILE.npy EMB
  The vectors as a float32 .npy file (np.load reads it), the labels one per line with --labels.`;

export function embedExport(argv: string[]): void {
  const { values, positionals } = parse(argv, { out: { type: "string" }, labels: { type: "string" } }, { min: 1, max: 1 });
  if (!values.out) throw new UsageError("--out is required");
  const store = loadEmbeddings(positionals[0]);
  exportNpy(store, values.out, values.labels);
  console.log(`${store.count}×${store.dim} float32 → ${values.out}`);
}
