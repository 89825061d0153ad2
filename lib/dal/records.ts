import "server-only";
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { connections, organizations } from "@/lib/db/schema";
import type { ConnectionStatus } from "./connections";
import { connectionJson, organizationJson } from "./event-data";
import { DalError } from "./errors";
import { isUuid } from "./ids";
import { decodeTimeCursor, encodeTimeCursor } from "./time-cursor";
import { assertAdmin, type Viewer } from "./viewer";

/**
 * Organisations and connections as the partner API returns them (the same JSON the events carry:
 * ./event-data.ts), for admins and API keys. Lists are in creation order with keyset cursors, so a
 * page never shifts when rows are added: new ones appear at the end.
 */

type Json = Record<string, unknown>;
export type RecordPage = { data: Json[]; nextCursor: string | null };

function decode(cursor: string | undefined): [string, string] | undefined {
  if (cursor === undefined) return undefined;
  const decoded = decodeTimeCursor(cursor);
  if (!decoded) throw new DalError("invalid", "That is not a cursor this API returned. Start again without one.", "cursor");
  return decoded;
}

/** Rows after the cursor in (created_at, id) order. */
function after(table: typeof connections | typeof organizations, cursor: [string, string] | undefined): SQL | undefined {
  return cursor ? sql`(${table.createdAt}, ${table.id}) > (${cursor[0]}::timestamptz, ${cursor[1]}::uuid)` : undefined;
}

function pageOf(rows: { data: Json; key: string; id: string }[], limit: number): RecordPage {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { data: page.map((r) => r.data), nextCursor: rows.length > limit && last ? encodeTimeCursor(last.key, last.id) : null };
}

/** One organisation (admins only). */
export async function organizationRecord(viewer: Viewer, id: string): Promise<Json> {
  assertAdmin(viewer);
  if (!isUuid(id)) throw new DalError("not_found", "Organisation not found.");
  const [row] = await getDb().select({ data: organizationJson("organizations") }).from(organizations).where(eq(organizations.id, id)).limit(1);
  if (!row) throw new DalError("not_found", "Organisation not found.");
  return row.data;
}

/** A page of organisations, oldest first (admins only). */
export async function listOrganizationRecords(viewer: Viewer, query: { limit: number; cursor?: string | undefined }): Promise<RecordPage> {
  assertAdmin(viewer);
  const rows = await getDb()
    .select({ data: organizationJson("organizations"), key: sql<string>`${organizations.createdAt}::text`, id: organizations.id })
    .from(organizations)
    .where(after(organizations, decode(query.cursor)))
    .orderBy(asc(organizations.createdAt), asc(organizations.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}

/** One connection, any organisation's (admins only). */
export async function connectionRecord(viewer: Viewer, id: string): Promise<Json> {
  assertAdmin(viewer);
  if (!isUuid(id)) throw new DalError("not_found", "Connection not found.");
  const [row] = await getDb().select({ data: connectionJson("connections") }).from(connections).where(eq(connections.id, id)).limit(1);
  if (!row) throw new DalError("not_found", "Connection not found.");
  return row.data;
}

export type ConnectionRecordQuery = {
  status?: ConnectionStatus | undefined;
  organizationId?: string | undefined;
  accountId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
};

/** The query behind a page of connections (exported for the benchmark, which times it alone). */
export function connectionRecordsQuery(query: ConnectionRecordQuery) {
  return getDb()
    .select({ data: connectionJson("connections"), key: sql<string>`${connections.createdAt}::text`, id: connections.id })
    .from(connections)
    .where(
      and(
        // Drafts (pasted ARNs not verified yet) are not connections yet; a draft that verifies joins the list.
        eq(connections.draft, false),
        query.status ? eq(connections.status, query.status) : undefined,
        query.organizationId ? eq(connections.organizationId, query.organizationId) : undefined,
        query.accountId ? eq(connections.accountId, query.accountId) : undefined,
        after(connections, decode(query.cursor)),
      ),
    )
    .orderBy(asc(connections.createdAt), asc(connections.id))
    .limit(query.limit + 1);
}

/** A page of connections of every organisation, oldest first, filtered (admins only). */
export async function listConnectionRecords(viewer: Viewer, query: ConnectionRecordQuery): Promise<RecordPage> {
  assertAdmin(viewer);
  return pageOf(await connectionRecordsQuery(query), query.limit);
}
