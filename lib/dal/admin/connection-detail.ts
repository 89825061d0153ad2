import "server-only";
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import type { VerificationCheck } from "@/lib/aws/verify";
import { getDb } from "@/lib/db/client";
import { apiKeys, connections, organizations, users, verifications } from "@/lib/db/schema";
import type { ConnectionStatus } from "../connections";
import { DalError } from "../errors";
import { isUuid } from "../ids";
import { decodeTimeCursor, encodeTimeCursor } from "../time-cursor";
import { assertAdmin, type Viewer } from "../viewer";

/** A connection as a partner admin sees it on its own page. */
export type AdminConnectionDetail = {
  id: string;
  roleArn: string;
  accountId: string;
  partition: string;
  roleName: string;
  status: ConnectionStatus;
  createdAt: Date;
  lastCheckedAt: Date | null;
  lastVerifiedAt: Date | null;
  lastFailureCode: string | null;
  lastFailureMessage: string | null;
  /** When the current status began ("healthy since", "failing since"). */
  statusSince: Date | null;
  /** When the scheduled health check is next due (null: not scheduled yet, or removed). */
  nextCheckAt: Date | null;
  externalId: string;
  organization: { id: string; name: string; externalId: string };
};

/** One verification in the history, with who (or what) ran it. */
export type HistoryEntry = {
  id: string;
  trigger: (typeof verifications.$inferSelect)["trigger"];
  status: ConnectionStatus;
  startedAt: Date;
  durationMs: number;
  failureCode: string | null;
  /** A scheduled check that could not decide: the connection's status was left as it was; `failureCode` says why. */
  inconclusive: boolean;
  externalId: string | null;
  checks: VerificationCheck[];
  /** A person (admin or member), or the partner API key that asked for the check. */
  actor: { kind: "user"; name: string; email: string } | { kind: "api-key"; name: string; prefix: string } | null;
};

const NOT_FOUND = () => new DalError("not_found", "Connection not found.");

/** Any organisation's connection with its organisation (admins only). */
export async function getAdminConnection(viewer: Viewer, id: string): Promise<AdminConnectionDetail> {
  assertAdmin(viewer);
  if (!isUuid(id)) throw NOT_FOUND();
  const [row] = await getDb()
    .select({
      id: connections.id,
      roleArn: connections.roleArn,
      accountId: connections.accountId,
      partition: connections.partition,
      roleName: connections.roleName,
      status: connections.status,
      createdAt: connections.createdAt,
      lastCheckedAt: connections.lastCheckedAt,
      lastVerifiedAt: connections.lastVerifiedAt,
      lastFailureCode: connections.lastFailureCode,
      lastFailureMessage: connections.lastFailureMessage,
      statusSince: connections.statusSince,
      nextCheckAt: connections.nextCheckAt,
      externalId: connections.externalId,
      organization: { id: organizations.id, name: organizations.name, externalId: organizations.externalId },
    })
    .from(connections)
    .innerJoin(organizations, eq(organizations.id, connections.organizationId))
    .where(eq(connections.id, id))
    .limit(1);
  if (!row) throw NOT_FOUND();
  return row;
}

export const HISTORY_PAGE_SIZE = 50;

/**
 * A connection's verification history, newest first, a page at a time (admins only); `older` continues
 * it. Reads the (connection_id, started_at) index; ties on the start time are broken by id.
 */
export async function listConnectionHistory(
  viewer: Viewer,
  connectionId: string,
  before?: string,
  pageSize = HISTORY_PAGE_SIZE,
): Promise<{ entries: HistoryEntry[]; older?: string }> {
  assertAdmin(viewer);
  if (!isUuid(connectionId)) throw NOT_FOUND();
  const cursor = decodeTimeCursor(before); // a malformed cursor reads as the newest page
  const startedAtText = sql<string>`${verifications.startedAt}::text`;
  const rows = await getDb()
    .select({
      id: verifications.id,
      trigger: verifications.trigger,
      status: verifications.status,
      startedAt: verifications.startedAt,
      durationMs: verifications.durationMs,
      failureCode: verifications.failureCode,
      inconclusive: verifications.inconclusive,
      externalId: verifications.externalId,
      checks: verifications.checks,
      actorName: users.name,
      actorEmail: users.email,
      keyName: apiKeys.name,
      keyPrefix: apiKeys.prefix,
      startedAtText,
    })
    .from(verifications)
    .leftJoin(users, eq(users.id, verifications.actorUserId))
    .leftJoin(apiKeys, eq(apiKeys.id, verifications.actorApiKeyId))
    .where(
      and(
        eq(verifications.connectionId, connectionId),
        cursor
          ? or(lt(verifications.startedAt, sql`${cursor[0]}::timestamptz`), and(eq(verifications.startedAt, sql`${cursor[0]}::timestamptz`), lt(verifications.id, cursor[1])))
          : undefined,
      ),
    )
    .orderBy(desc(verifications.startedAt), desc(verifications.id))
    .limit(pageSize + 1);
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    entries: page.map(({ actorName, actorEmail, keyName, keyPrefix, startedAtText: _cursor, checks, ...entry }) => ({
      ...entry,
      checks: Array.isArray(checks) ? (checks as VerificationCheck[]) : [],
      actor:
        actorName && actorEmail
          ? { kind: "user" as const, name: actorName, email: actorEmail }
          : keyName && keyPrefix
            ? { kind: "api-key" as const, name: keyName, prefix: keyPrefix }
            : null,
    })),
    ...(rows.length > pageSize && last ? { older: encodeTimeCursor(last.startedAtText, last.id) } : {}),
  };
}
