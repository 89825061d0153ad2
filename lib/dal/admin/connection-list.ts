import "server-only";
import { and, count, eq, ilike, or, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { connections, organizations } from "@/lib/db/schema";
import { CONNECTION_STATUSES, type ConnectionFilter, type ConnectionListQuery } from "@/lib/schemas/admin-connections";
import type { ConnectionStatus } from "../connections";
import { readRowCounts } from "../row-counts";
import { assertAdmin, type Viewer } from "../viewer";
import { decodeCursor, encodeCursor, keyColumns, keysOf, orderBy, seek } from "./keyset";

/** One row of the admin connection list: what a partner admin sees about a connection. */
export type AdminConnectionRow = {
  id: string;
  organizationId: string;
  organizationName: string;
  accountId: string;
  roleArn: string;
  partition: string;
  status: ConnectionStatus;
  lastCheckedAt: Date | null;
  lastVerifiedAt: Date | null;
  lastFailureCode: string | null;
  lastFailureMessage: string | null;
  /** Still on an External ID the organisation has since rotated away from. */
  onOldExternalId: boolean;
};

/** A page of connections with opaque cursors to its neighbours (absent at either end), and its own first row's. */
export type ConnectionPage = { rows: AdminConnectionRow[]; next?: string; previous?: string; first?: string };

const rowColumns = {
  id: connections.id,
  organizationId: connections.organizationId,
  organizationName: organizations.name,
  accountId: connections.accountId,
  roleArn: connections.roleArn,
  partition: connections.partition,
  status: connections.status,
  lastCheckedAt: connections.lastCheckedAt,
  lastVerifiedAt: connections.lastVerifiedAt,
  lastFailureCode: connections.lastFailureCode,
  lastFailureMessage: connections.lastFailureMessage,
  onOldExternalId: sql<boolean>`${connections.externalId} <> ${organizations.externalId}`,
};

/** `%…%` for ILIKE with the user's own `%`, `_` and `\` taken literally. */
export function containing(q: string): string {
  return `%${q.replace(/[\\%_]/g, "\\$&")}%`;
}

/** The WHERE clause of a filter (search: ARN, which holds the account id, or organisation name). */
export function filterWhere(filter: ConnectionFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    // Drafts (pasted ARNs not verified yet) are not connections yet: the organisation's page lists them.
    eq(connections.draft, false),
    filter.status ? eq(connections.status, filter.status) : undefined,
    filter.partition ? eq(connections.partition, filter.partition) : undefined,
    filter.org ? eq(connections.organizationId, filter.org) : undefined,
  ];
  if (filter.q) {
    const pattern = containing(filter.q);
    // An array of the (few) matching organisations lets the planner OR two index scans together.
    const named = sql`array(select ${organizations.id} from ${organizations} where ${ilike(organizations.name, pattern)})`;
    conditions.push(or(ilike(connections.roleArn, pattern), sql`${connections.organizationId} = any(${named})`));
  }
  return and(...conditions);
}

/** The query for one page (limit rows after `keys` in `dir`), selecting the sort keys too. Exported for the benchmark. */
export function pageQuery(filter: ConnectionFilter, dir: "asc" | "desc", keys: string[] | undefined, limit: number) {
  return getDb()
    .select({ ...rowColumns, ...keyColumns(filter.sort) })
    .from(connections)
    .innerJoin(organizations, eq(organizations.id, connections.organizationId))
    .where(and(filterWhere(filter), keys ? seek(filter.sort, dir, keys) : undefined))
    .orderBy(...orderBy(filter.sort, dir))
    .limit(limit);
}

function toRow(row: AdminConnectionRow & Record<string, unknown>): AdminConnectionRow {
  const out = {} as Record<string, unknown>;
  for (const key of Object.keys(rowColumns)) out[key] = row[key];
  return out as AdminConnectionRow;
}

/**
 * One page of every organisation's connections (admins only), filtered and sorted as asked, by keyset:
 * `after` continues past a page's last row, `before` goes back from its first. A cursor that is
 * malformed or made for another sort reads as the first page.
 */
export async function listConnectionsPage(viewer: Viewer, query: ConnectionListQuery, pageSize = query.size): Promise<ConnectionPage> {
  assertAdmin(viewer);
  const { sort, dir } = query;
  const after = decodeCursor(query.after, sort, dir);
  const before = after ? undefined : decodeCursor(query.before, sort, dir);
  // Going back reads the rows before the cursor in reverse order, then turns them round.
  const backward = before !== undefined;
  const readDir = backward ? (dir === "asc" ? "desc" : "asc") : dir;
  const fetched = await pageQuery(query, readDir, after ?? before, pageSize + 1);
  const more = fetched.length > pageSize;
  const page = fetched.slice(0, pageSize);
  if (backward) page.reverse();
  const cursorAt = (row: (typeof page)[number] | undefined) => row && encodeCursor({ sort, dir, keys: keysOf(sort, row) });
  const hasNext = backward || more;
  const hasPrevious = backward ? more : after !== undefined;
  return {
    rows: page.map(toRow),
    ...(page.length > 0 ? { first: cursorAt(page[0]) } : {}),
    ...(hasNext && page.length > 0 ? { next: cursorAt(page.at(-1)) } : {}),
    ...(hasPrevious && page.length > 0 ? { previous: cursorAt(page[0]) } : {}),
  };
}

/**
 * How many connections that match a filter come before a page's first row (its `first` cursor) in
 * the list's order (admins only): the page's position, "51–100 of 20,008". 0 without a cursor.
 */
export async function countBefore(viewer: Viewer, filter: ConnectionFilter, first: string | undefined): Promise<number> {
  assertAdmin(viewer);
  const keys = decodeCursor(first, filter.sort, filter.dir);
  if (!keys) return 0;
  const [row] = await getDb()
    .select({ n: count() })
    .from(connections)
    .innerJoin(organizations, eq(organizations.id, connections.organizationId))
    .where(and(filterWhere(filter), seek(filter.sort, filter.dir === "asc" ? "desc" : "asc", keys)));
  return row?.n ?? 0;
}

/**
 * How many connections match a filter (admins only). All of them, or all of one status, come from the
 * counters the database keeps, without a scan; narrower filters are counted.
 */
export async function countConnections(viewer: Viewer, filter: ConnectionFilter): Promise<number> {
  assertAdmin(viewer);
  if (!filter.q && !filter.partition && !filter.org) {
    const counts = await readRowCounts("connections:");
    const statuses: readonly ConnectionStatus[] = filter.status ? [filter.status] : CONNECTION_STATUSES;
    return statuses.reduce((sum, status) => sum + (counts.get(`connections:${status}`) ?? 0), 0);
  }
  const [row] = await getDb().select({ n: count() }).from(connections).where(filterWhere(filter));
  return row?.n ?? 0;
}

/**
 * Every connection matching a filter, in its sort order, in keyset batches (admins only): for exports.
 * Refuses at the call, not at the first read, so a caller can answer 403 before it starts a response.
 */
export function connectionBatches(viewer: Viewer, filter: ConnectionFilter, batchSize = 1000): AsyncGenerator<AdminConnectionRow[]> {
  assertAdmin(viewer);
  return batches(filter, batchSize);
}

async function* batches(filter: ConnectionFilter, batchSize: number): AsyncGenerator<AdminConnectionRow[]> {
  let keys: string[] | undefined;
  for (;;) {
    const batch = await pageQuery(filter, filter.dir, keys, batchSize);
    if (batch.length > 0) yield batch.map(toRow);
    if (batch.length < batchSize) return;
    keys = keysOf(filter.sort, batch.at(-1)!);
  }
}
