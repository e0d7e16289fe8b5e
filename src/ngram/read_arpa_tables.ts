import { readArpa } from "../io/arpa.js";
import { ArpaTablesBuilder, type ArpaTables } from "./arpa_tables.js";

/** Reads an ARPA file (plain or gzip), streaming, into ArpaTables (Node only). */
export async function readArpaTables(path: string): Promise<ArpaTables> {
  const collector = new ArpaTablesBuilder(path);
  await readArpa(path, (e) => collector.add(e), { onHeader: (h) => collector.begin(h) });
  return collector.finish();
}
