import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { connections, lastCheckedKey, organizations } from "@/lib/db/schema";
import type { ConnectionSort, SortDirection } from "@/lib/schemas/admin-connections";
import { CONNECTION_STATUSES, PRINTABLE } from "@/lib/schemas/admin-connections";
import { isUuid } from "../ids";
import { isTimestampText } from "../time-cursor";

/**
 * Keyset ("seek") pagination of the admin connection list. Every sort is a tuple of keys ending in
 * the connection id, all in one direction, so a page is `WHERE (keys) < (cursor) ORDER BY keys LIMIT n`
 * and each sort reads one index in order (see the indexes on `connections` and `organizations`).
 */

type KeyType = "timestamptz" | "uuid" | "text" | "connection_status";
type Key = { expr: SQL | typeof connections.id; type: KeyType };

const id: Key = { expr: connections.id, type: "uuid" };
// The expression the indexes hold, so that each sort reads one of them in order.
const lastChecked: Key = { expr: lastCheckedKey(connections.lastCheckedAt), type: "timestamptz" };

const SORT_KEYS: Record<ConnectionSort, Key[]> = {
  lastChecked: [lastChecked, id],
  status: [{ expr: sql`${connections.status}`, type: "connection_status" }, lastChecked, id],
  organization: [{ expr: sql`${organizations.name}`, type: "text" }, { expr: sql`${organizations.id}`, type: "uuid" }, lastChecked, id],
};

/** A page boundary: the sort it belongs to and the key values of its row, as the database printed them. */
type Cursor = { sort: ConnectionSort; dir: SortDirection; keys: string[] };

/** The key values of each row, selected as text so a cursor round-trips exactly (timestamps keep their microseconds). */
export function keyColumns(sort: ConnectionSort): Record<string, SQL<string>> {
  return Object.fromEntries(SORT_KEYS[sort].map((key, i) => [`k${i}`, sql<string>`(${key.expr})::text`]));
}

/** The keys of a selected row, in order. */
export function keysOf(sort: ConnectionSort, row: Record<string, unknown>): string[] {
  return SORT_KEYS[sort].map((_, i) => String(row[`k${i}`]));
}

/** An opaque cursor for the URL. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.dir, ...cursor.keys])).toString("base64url");
}

const VALID: Record<KeyType, (v: string) => boolean> = {
  timestamptz: (v) => v === "-infinity" || isTimestampText(v),
  uuid: isUuid,
  // Organisation names have no control characters; NUL would fail the query rather than match nothing.
  text: (v) => v.length <= 1000 && PRINTABLE.test(v),
  connection_status: (v) => (CONNECTION_STATUSES as readonly string[]).includes(v),
};

/** The cursor's keys if it is well-formed and made for this sort; anything else reads as "no cursor". */
export function decodeCursor(value: string | undefined, sort: ConnectionSort, dir: SortDirection): string[] | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed[0] !== sort || parsed[1] !== dir) return undefined;
    const keys = parsed.slice(2);
    const types = SORT_KEYS[sort].map((k) => k.type);
    if (keys.length !== types.length || keys.some((k, i) => typeof k !== "string" || !VALID[types[i]!](k))) return undefined;
    return keys as string[];
  } catch {
    return undefined;
  }
}

/** ORDER BY for a sort, ascending or descending throughout. */
export function orderBy(sort: ConnectionSort, dir: SortDirection): SQL[] {
  return SORT_KEYS[sort].map((key) => (dir === "asc" ? sql`${key.expr} asc` : sql`${key.expr} desc`));
}

/** Rows strictly after the cursor in the order `dir`. */
export function seek(sort: ConnectionSort, dir: SortDirection, keys: string[]): SQL {
  const defs = SORT_KEYS[sort];
  const op = dir === "asc" ? sql`>` : sql`<`;
  const tuple = (n: number) => sql.join(defs.slice(0, n).map((k) => sql`${k.expr}`), sql`, `);
  const values = (n: number) => sql.join(defs.slice(0, n).map((k, i) => sql`${keys[i]}::${sql.raw(k.type)}`), sql`, `);
  const full = sql`(${tuple(defs.length)}) ${op} (${values(defs.length)})`;
  if (sort !== "organization") return full;
  // The organisation keys live in the joined table: bound them on their own too, so the scan of
  // organisations (by name, id) starts at the cursor instead of at the first organisation.
  const bound = dir === "asc" ? sql`>=` : sql`<=`;
  return sql`(${tuple(2)}) ${bound} (${values(2)}) and ${full}`;
}
