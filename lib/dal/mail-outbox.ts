import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb, type Db } from "@/lib/db/client";
import { mailOutbox } from "@/lib/db/schema";
import type { MailMessage } from "@/lib/mail/compose";
import { queryRows } from "./rows";
import { ms } from "./interval";

/**
 * The mail outbox as its writers and the mail worker see it. Writers pass their own transaction,
 * so a message exists exactly when its cause committed; the worker claims due rows with FOR UPDATE
 * SKIP LOCKED and a lease, and every write to a claimed row is fenced by its attempt count.
 */

/** Anything that can insert: the database or a transaction. */
export type MailWriter = Pick<Db, "insert">;

/** One message to one person; `dedupeKey` makes it exist once however often it is enqueued. */
export type OutboxEntry = { recipient: string; userId?: string | null; message: MailMessage; dedupeKey?: string };

/** Queues messages in the caller's transaction; a message whose dedupe key is already queued is skipped. Returns how many were added. */
export async function enqueueMail(db: MailWriter, entries: readonly OutboxEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const rows = await db
    .insert(mailOutbox)
    .values(
      entries.map((e) => ({
        category: e.message.category,
        recipient: e.recipient,
        userId: e.userId ?? null,
        subject: e.message.subject,
        text: e.message.text,
        html: e.message.html,
        link: e.message.link,
        dedupeKey: e.dedupeKey ?? null,
      })),
    )
    .onConflictDoNothing({ target: mailOutbox.dedupeKey })
    .returning({ id: mailOutbox.id });
  return rows.length;
}

/** A message a worker holds: `attempts` (this attempt's number) is its fencing token. */
export type ClaimedMail = { id: string; attempts: number; recipient: string; subject: string; text: string; html: string };

/** Claims up to `limit` due pending messages (or ones whose lease passed: their worker died), oldest due first. */
export async function claimMail(limit: number, leaseMs: number): Promise<ClaimedMail[]> {
  return queryRows<ClaimedMail>(
    getDb(),
    sql`with due as (
        select id from mail_outbox
        where status = 'pending' and next_attempt_at <= now() and (lease_until is null or lease_until < now())
        order by next_attempt_at limit ${limit}
        for update skip locked
      )
      update mail_outbox m set attempts = m.attempts + 1, lease_until = now() + ${ms(leaseMs)}, last_attempt_at = now()
      from due where m.id = due.id
      returning m.id, m.attempts, m.recipient, m.subject, m.text, m.html`,
  );
}

/** How one attempt ended: sent, to be retried after `retryInMs`, or failed for good (`retryInMs` null). */
export type MailOutcome = { id: string; attempts: number } & ({ ok: true } | { ok: false; error: string; retryInMs: number | null });

/** Records an attempt; false when the row's lease was taken over meanwhile (another worker holds it now). */
export async function recordMailOutcome(outcome: MailOutcome): Promise<boolean> {
  const fence = and(eq(mailOutbox.id, outcome.id), eq(mailOutbox.attempts, outcome.attempts), eq(mailOutbox.status, "pending"));
  const set = outcome.ok
    ? { status: "sent" as const, sentAt: sql`now()`, leaseUntil: null, lastError: null }
    : outcome.retryInMs === null
      ? { status: "failed" as const, leaseUntil: null, lastError: outcome.error }
      : { nextAttemptAt: sql`now() + ${ms(outcome.retryInMs)}`, leaseUntil: null, lastError: outcome.error };
  const rows = await getDb().update(mailOutbox).set(set).where(fence).returning({ id: mailOutbox.id });
  return rows.length === 1;
}

/** Hands a claimed message back untried (a stopping worker), for any instance to claim again at once. */
export async function releaseMail(claimed: { id: string; attempts: number }): Promise<void> {
  await getDb()
    .update(mailOutbox)
    .set({ attempts: sql`${mailOutbox.attempts} - 1`, leaseUntil: null })
    .where(and(eq(mailOutbox.id, claimed.id), eq(mailOutbox.attempts, claimed.attempts), eq(mailOutbox.status, "pending")));
}

