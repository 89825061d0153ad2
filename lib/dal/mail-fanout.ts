import "server-only";
import { sql } from "drizzle-orm";
import { getConfig } from "@/lib/config";
import { getDb, type Db } from "@/lib/db/client";
import { mailQueued } from "@/lib/mail/notify";
import {
  digestMessage,
  type MfaChange,
  mfaChangedMessage,
  partnerCredentialMessage,
  rotationMessage,
  signInFailuresMessage,
  type StatusChange,
  statusChangeMessage,
} from "@/lib/mail/templates";
import { isoTime } from "./event-data";
import { settled } from "./events";
import { enqueueMail, type OutboxEntry } from "./mail-outbox";
import { adminsWanting, membersWanting } from "./mail-preferences";
import { queryRows } from "./rows";

/**
 * Mail that events cause. The event log is the durable record (each event was written in its
 * cause's transaction); this reads it after the `mail` cursor and queues the messages in the same
 * transaction that moves the cursor, so each event is turned into mail once, by one instance.
 */

const CURSOR = "mail";
const STATUS_TYPES: Record<string, StatusChange> = {
  "connection.verified": "verified",
  "connection.failed": "failed",
  "connection.insecure": "insecure",
  "connection.disconnected": "disconnected",
};

type EventRow = {
  id: string;
  type: string;
  txId: string;
  seq: string;
  organizationId: string | null;
  organizationName: string | null;
  data: { id?: string; accountId?: string; roleName?: string; lastFailure?: { message?: string } | null };
  createdAt: string;
  draft: boolean | null;
  wasVerified: boolean;
};

/**
 * Queues the mail of the next settled events (at most `batch`) and moves the cursor past them. An
 * instance finding the cursor held by another does nothing. Returns how many events were read.
 */
export async function fanOutMailEvents(batch: number): Promise<number> {
  const { appUrl } = getConfig();
  let queued = 0;
  const taken = await getDb().transaction(async (tx) => {
    const [cursor] = await queryRows<{ txId: string; seq: string }>(
      tx,
      sql`select tx_id::text as "txId", seq::text as seq from event_cursors where name = ${CURSOR} for update skip locked`,
    );
    if (!cursor) return 0;
    // A status mail is news only about a connection people rely on: not a draft that a member is
    // fixing on screen, and `verified` only when it had been verified before (a recovery).
    const rows = await queryRows<EventRow>(
      tx,
      sql`select e.id, e.type, e.tx_id::text as "txId", e.seq::text as seq, e.organization_id as "organizationId",
          o.name as "organizationName", e.data, ${isoTime(sql`e.created_at`)} as "createdAt", c.draft,
          (c.id is not null and exists (select 1 from verifications v where v.connection_id = c.id and v.status = 'verified'
            and v.started_at < coalesce((e.data->>'lastCheckedAt')::timestamptz, e.created_at))) as "wasVerified"
        from events e
        left join organizations o on o.id = e.organization_id
        left join connections c on e.type in ('connection.verified', 'connection.failed', 'connection.insecure', 'connection.disconnected')
          and c.id = (case when e.type like 'connection.%' then (e.data->>'id')::uuid end)
        where (e.tx_id, e.seq) > (${cursor.txId}::bigint, ${cursor.seq}::bigint) and ${settled(sql`e.tx_id`)}
        order by e.tx_id, e.seq limit ${batch}`,
    );
    const last = rows.at(-1);
    if (!last) return 0;
    queued = await enqueueMail(tx, await messagesFor(tx, rows, appUrl));
    await tx.execute(sql`update event_cursors set tx_id = ${last.txId}::bigint, seq = ${last.seq}::bigint, updated_at = now() where name = ${CURSOR}`);
    return rows.length;
  });
  if (queued > 0) mailQueued();
  return taken;
}

async function messagesFor(tx: Pick<Db, "execute">, rows: EventRow[], appUrl: string): Promise<OutboxEntry[]> {
  const status = rows.filter((r) => {
    const change = STATUS_TYPES[r.type];
    return change && r.draft === false && (change !== "verified" || r.wasVerified) && r.organizationId;
  });
  const rotations = rows.filter((r) => r.type === "organization.external_id_rotated" && r.organizationId);
  const orgsOf = (list: EventRow[]) => [...new Set(list.map((r) => r.organizationId!))];
  // One after another: a transaction is one connection.
  const members = await membersWanting(tx, orgsOf(status), "status_change");
  const admins = status.length > 0 ? await adminsWanting(tx, "status_change") : [];
  const rotationMembers = await membersWanting(tx, orgsOf(rotations), "rotation");
  const entries: OutboxEntry[] = [];
  for (const event of status) {
    const connection = {
      id: event.data.id ?? "",
      accountId: event.data.accountId ?? "",
      roleName: event.data.roleName ?? "",
      status: STATUS_TYPES[event.type]!,
      failure: event.data.lastFailure?.message ?? null,
    };
    const common = { appUrl, organizationName: event.organizationName ?? "", connection, at: new Date(event.createdAt) };
    const memberMessage = statusChangeMessage({ ...common, audience: "member" });
    for (const m of members.filter((m) => m.organizationId === event.organizationId)) {
      entries.push({ recipient: m.email, userId: m.id, message: memberMessage, dedupeKey: `event:${event.id}:${m.id}` });
    }
    const adminMessage = statusChangeMessage({ ...common, audience: "admin" });
    for (const a of admins) entries.push({ recipient: a.email, userId: a.id, message: adminMessage, dedupeKey: `event:${event.id}:${a.id}` });
  }
  for (const event of rotations) {
    const message = rotationMessage({ appUrl, organizationName: event.organizationName ?? "" });
    for (const m of rotationMembers.filter((m) => m.organizationId === event.organizationId)) {
      entries.push({ recipient: m.email, userId: m.id, message, dedupeKey: `event:${event.id}:${m.id}` });
    }
  }
  return entries;
}

/** The UTC day of an instant, as the digest's dedupe key and text use it. */
export const digestDay = (now: Date) => now.toISOString().slice(0, 10);

/**
 * Queues today's digest for every admin who wants it when any connection is failed or insecure;
 * once per admin per UTC day, whichever instance gets there first. Returns how many were queued.
 */
export async function enqueueDailyDigest(now = new Date()): Promise<number> {
  const db = getDb();
  const [counts] = await queryRows<{ failed: number; insecure: number }>(
    db,
    sql`select count(*) filter (where status = 'failed')::int as failed, count(*) filter (where status = 'insecure')::int as insecure
      from connections where not draft and status in ('failed', 'insecure')`,
  );
  if (!counts || counts.failed + counts.insecure === 0) return 0;
  const day = digestDay(now);
  const message = digestMessage({ appUrl: getConfig().appUrl, failed: counts.failed, insecure: counts.insecure, day });
  const admins = await adminsWanting(db, "digest");
  const queued = await enqueueMail(db, admins.map((a) => ({ recipient: a.email, userId: a.id, message, dedupeKey: `digest:${day}:${a.id}` })));
  if (queued > 0) mailQueued();
  return queued;
}

/**
 * Queues a security alert to every partner admin that Rolegate's own AWS credentials are failing,
 * in the caller's transaction. With `dedupeKey`, repeated calls for the same incident queue it once.
 */
export async function enqueuePartnerCredentialAlert(
  tx: Pick<Db, "insert" | "execute">,
  details: { summary: string; detail?: string; at?: Date; dedupeKey?: string },
): Promise<number> {
  const message = partnerCredentialMessage({ appUrl: getConfig().appUrl, summary: details.summary, detail: details.detail, at: details.at ?? new Date() });
  const admins = await adminsWanting(tx, "security");
  return enqueueMail(
    tx,
    admins.map((a) => ({ recipient: a.email, userId: a.id, message, ...(details.dedupeKey ? { dedupeKey: `security:${details.dedupeKey}:${a.id}` } : {}) })),
  );
}

/**
 * Tells the owner of `email`, if there is one, that their account sees many failed sign-ins; once
 * per window of the account's limit (`since` is the window's start). Nothing is said to the caller,
 * so the answer does not tell whether the account exists.
 */
export async function enqueueSignInFailureAlert(email: string, failures: number, since: Date): Promise<void> {
  const [owner] = await queryRows<{ id: string; email: string }>(getDb(), sql`select id, email from users where email = ${email.trim().toLowerCase()} limit 1`);
  if (!owner) return;
  const message = signInFailuresMessage({ appUrl: getConfig().appUrl, email: owner.email, failures, since });
  const queued = await enqueueMail(getDb(), [{ recipient: owner.email, userId: owner.id, message, dedupeKey: `sign-in-failures:${owner.id}:${since.toISOString()}` }]);
  if (queued > 0) mailQueued();
}

/** Queues the owner's notice of a change to their second factor, in the change's transaction; call `mailQueued()` after it commits. */
export async function enqueueMfaChangeNotice(db: Db, owner: { userId: string; email: string }, change: MfaChange, at: Date): Promise<void> {
  const message = mfaChangedMessage({ appUrl: getConfig().appUrl, email: owner.email, change, at });
  await enqueueMail(db, [{ recipient: owner.email, userId: owner.userId, message, dedupeKey: `mfa:${owner.userId}:${change}:${at.toISOString()}` }]);
}
