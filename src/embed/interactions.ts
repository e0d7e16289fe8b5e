import { InputError, quote } from "../io/errors.js";
import { withRoom } from "../bits/bit_vector.js";
import { forEachLine } from "../io/lines.js";
import { lowerBound } from "../bits/range_search.js";

/**
 * A log of (user, item) interactions with ids made dense: `users[i]` and `items[i]` index `userIds` and
 * `itemIds`, the original (sorted, distinct) ids.
 */
export interface Interactions {
  count: number;
  users: Uint32Array;
  items: Uint32Array;
  userIds: Uint32Array;
  itemIds: Uint32Array;
}

const MAX_ID = 0xffffffff;
const INTEGER = /^\d+$/;

/**
 * Reads CSV or TSV lines "user,item[,time]" (the separator is a tab when the first line holds one, else a
 * comma); a first line whose ids are not numbers is a header. Ids are integers from 0 to 2^32 − 1.
 */
export async function readInteractions(path: string): Promise<Interactions> {
  let users: Uint32Array = new Uint32Array(1 << 16);
  let items: Uint32Array = new Uint32Array(1 << 16);
  let count = 0;
  let separator = ",";
  await forEachLine(path, (line, lineNumber) => {
    if (lineNumber === 1) separator = line.includes("\t") ? "\t" : ",";
    if (line.trim().length === 0) return;
    const fields = line.split(separator);
    if (lineNumber === 1 && !INTEGER.test(fields[0].trim())) return;
    if (fields.length < 2 || fields.length > 3) throw new InputError(path, lineNumber, `expected user${separator}item[${separator}time], got ${fields.length} field(s)`);
    if (count === users.length) [users, items] = [withRoom(users, count + 1), withRoom(items, count + 1)];
    users[count] = parseId(fields[0], path, lineNumber, "user");
    items[count++] = parseId(fields[1], path, lineNumber, "item");
  });
  const dense = (ids: Uint32Array) => denseIds(ids.subarray(0, count));
  const u = dense(users);
  const it = dense(items);
  return { count, users: u.mapped, items: it.mapped, userIds: u.ids, itemIds: it.ids };
}

function parseId(field: string, path: string, line: number, what: string): number {
  const text = field.trim();
  const id = Number(text);
  if (!INTEGER.test(text) || id > MAX_ID) throw new InputError(path, line, `${what} id ${quote(text)}, expected an integer from 0 to ${MAX_ID}`);
  return id;
}


/** The distinct ids in increasing order, and each value's index among them (found by bisection). */
export function denseIds(values: Uint32Array): { ids: Uint32Array; mapped: Uint32Array } {
  const sorted = values.slice().sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
  const ids = sorted.slice(0, n);
  const mapped = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) mapped[i] = lowerBound(ids, values[i]);
  return { ids, mapped };
}
