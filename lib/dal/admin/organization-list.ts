import "server-only";
import { and, count, ilike, inArray, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { connections, organizations, users } from "@/lib/db/schema";
import { PRINTABLE } from "@/lib/schemas/admin-connections";
import type { OrganizationListQuery, OrganizationSort } from "@/lib/schemas/admin-organizations";
import type { ConnectionStatus } from "../connections";
import { isUuid } from "../ids";
import { isTimestampText } from "../time-cursor";
import { readRowCounts } from "../row-counts";
import { assertAdmin, type Viewer } from "../viewer";
import { containing } from "./connection-list";

/** One row of the admin organisation list. */
export type AdminOrganizationRow = {
  id: string;
  name: string;
  createdAt: Date;
  memberCount: number;
  /** Connections (drafts left out) by status; absent statuses are 0. */
  byStatus: Record<ConnectionStatus, number>;
  connectionCount: number;
  /** Active connections still on an External ID the organisation has rotated away from. */
  onOldExternalId: number;
};

export type OrganizationPage = { rows: AdminOrganizationRow[]; next?: string; previous?: string };

// Each sort reads one index in order: organizations_name_idx (name, id), organizations_created_idx (created_at, id).
const SORT_KEY: Record<OrganizationSort, { expr: SQL; type: "text" | "timestamptz" }> = {
  name: { expr: sql`${organizations.name}`, type: "text" },
  created: { expr: sql`${organizations.createdAt}`, type: "timestamptz" },
};

function encodeCursor(sort: OrganizationSort, dir: string, key: string, id: string): string {
  return Buffer.from(JSON.stringify([sort, dir, key, id])).toString("base64url");
}

/** The cursor's [key, id] when it is well-formed and made for this sort and direction; else undefined. */
function decodeCursor(value: string | undefined, sort: OrganizationSort, dir: string): [string, string] | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 4 || parsed[0] !== sort || parsed[1] !== dir) return undefined;
    const [key, id] = parsed.slice(2) as unknown[];
    if (typeof key !== "string" || typeof id !== "string" || !isUuid(id)) return undefined;
    const keyOk = sort === "name" ? key.length <= 1000 && PRINTABLE.test(key) : isTimestampText(key);
    return keyOk ? [key, id] : undefined;
  } catch {
    return undefined;
  }
}

const searchWhere = (q: string | undefined) => (q ? ilike(organizations.name, containing(q)) : undefined);

/**
 * One page of organisations (admins only), searched by name and sorted by name or creation, by
 * keyset: `after` continues past a page's last row, `before` goes back from its first. The counts
 * are read for the page's organisations only, so the page costs the same at 20 or 20,000.
 */
export async function listOrganizationsPage(viewer: Viewer, query: OrganizationListQuery): Promise<OrganizationPage> {
  assertAdmin(viewer);
  const { sort, dir, size } = query;
  const after = decodeCursor(query.after, sort, dir);
  const before = after ? undefined : decodeCursor(query.before, sort, dir);
  const backward = before !== undefined;
  const readDir = backward ? (dir === "asc" ? "desc" : "asc") : dir;
  const { expr, type } = SORT_KEY[sort];
  const cursor = after ?? before;
  const seek = cursor ? sql`(${expr}, ${organizations.id}) ${readDir === "asc" ? sql`>` : sql`<`} (${cursor[0]}::${sql.raw(type)}, ${cursor[1]}::uuid)` : undefined;
  const order = readDir === "asc" ? [sql`${expr} asc`, sql`${organizations.id} asc`] : [sql`${expr} desc`, sql`${organizations.id} desc`];
  const fetched = await getDb()
    .select({ id: organizations.id, name: organizations.name, createdAt: organizations.createdAt, key: sql<string>`(${expr})::text` })
    .from(organizations)
    .where(and(searchWhere(query.q), seek))
    .orderBy(...order)
    .limit(size + 1);
  const more = fetched.length > size;
  const page = fetched.slice(0, size);
  if (backward) page.reverse();
  const counts = await countsFor(page.map((o) => o.id));
  const hasNext = backward || more;
  const hasPrevious = backward ? more : after !== undefined;
  const first = page[0];
  const last = page.at(-1);
  return {
    rows: page.map((o) => ({ id: o.id, name: o.name, createdAt: o.createdAt, ...(counts.get(o.id) ?? emptyCounts()) })),
    ...(hasNext && last ? { next: encodeCursor(sort, dir, last.key, last.id) } : {}),
    ...(hasPrevious && first ? { previous: encodeCursor(sort, dir, first.key, first.id) } : {}),
  };
}

type Counts = Pick<AdminOrganizationRow, "memberCount" | "byStatus" | "connectionCount" | "onOldExternalId">;

function emptyCounts(): Counts {
  return { memberCount: 0, byStatus: { verified: 0, failed: 0, insecure: 0, pending: 0, disconnected: 0 }, connectionCount: 0, onOldExternalId: 0 };
}

/** Members, connections by status and connections on an old External ID, for these organisations. */
async function countsFor(ids: string[]): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>(ids.map((id) => [id, emptyCounts()]));
  if (ids.length === 0) return out;
  const db = getDb();
  const [members, linked] = await Promise.all([
    db.select({ organizationId: users.organizationId, n: count() }).from(users).where(inArray(users.organizationId, ids)).groupBy(users.organizationId),
    db
      .select({
        organizationId: connections.organizationId,
        status: connections.status,
        n: count(),
        onOld: sql<number>`count(*) filter (where ${connections.externalId} <> ${organizations.externalId} and ${connections.status} <> 'disconnected')::int`,
      })
      .from(connections)
      .innerJoin(organizations, sql`${organizations.id} = ${connections.organizationId}`)
      .where(and(inArray(connections.organizationId, ids), sql`not ${connections.draft}`))
      .groupBy(connections.organizationId, connections.status),
  ]);
  for (const m of members) if (m.organizationId) out.get(m.organizationId)!.memberCount = m.n;
  for (const c of linked) {
    const row = out.get(c.organizationId)!;
    row.byStatus[c.status] = c.n;
    row.connectionCount += c.n;
    row.onOldExternalId += c.onOld;
  }
  return out;
}

/** How many organisations match a search (admins only); all of them from the database's counter, without a scan. */
export async function countOrganizations(viewer: Viewer, q: string | undefined): Promise<number> {
  assertAdmin(viewer);
  if (!q) return (await readRowCounts("organizations")).get("organizations") ?? 0;
  const [row] = await getDb().select({ n: count() }).from(organizations).where(searchWhere(q));
  return row?.n ?? 0;
}
