import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { DISABLE_AFTER_MS } from "@/lib/webhooks/schedule";
import { isoTime } from "./event-data";
import { settled } from "./events";
import { queryRows } from "./rows";
import { ms } from "./interval";

/**
 * The webhook outbox as the delivery worker sees it. No viewer here: only the worker calls these.
 * Fan-out reads the event log from a cursor kept in `event_cursors`, so every settled event is
 * turned into deliveries once, by one instance at a time; deliveries are claimed with FOR UPDATE
 * SKIP LOCKED and a lease, and every write to one is fenced by its attempt count.
 */

const CURSOR = "webhooks";

/**
 * Turns the next settled events (at most `batch`) into one delivery per endpoint that wants each,
 * and moves the cursor past them, in one statement. Another instance doing the same at that moment
 * holds the cursor's row: this one then does nothing. Endpoints get the events that happened
 * after they were created. Returns how many events were taken.
 */
export async function fanOutEvents(batch: number): Promise<number> {
  const db = getDb();
  const [row] = await queryRows<{ taken: number }>(
    db,
    sql`with locked as (select c.name, c.tx_id, c.seq from event_cursors c where c.name = ${CURSOR} for update skip locked),
      batch as (
        select e.id, e.type, e.tx_id, e.seq, e.created_at from events e, locked l
        where (e.tx_id, e.seq) > (l.tx_id, l.seq) and ${settled(sql`e.tx_id`)}
        order by e.tx_id, e.seq limit ${batch}
      ),
      fanned as (
        insert into webhook_deliveries (endpoint_id, event_id, next_attempt_at)
        select w.id, b.id, now() from batch b
        join webhook_endpoints w on w.enabled and w.created_at <= b.created_at and (b.type = any(w.event_types) or '*' = any(w.event_types))
        on conflict (endpoint_id, event_id) do nothing
        returning 1
      ),
      moved as (
        update event_cursors c set tx_id = last.tx_id, seq = last.seq, updated_at = now()
        from (select tx_id, seq from batch order by tx_id desc, seq desc limit 1) last
        where c.name = ${CURSOR}
        returning 1
      )
      select (select count(*)::int from batch) as taken, (select count(*)::int from fanned) as fanned, (select count(*)::int from moved) as moved`,
  );
  return row?.taken ?? 0;
}

/** A delivery a worker holds, with what to send: `attempts` (this attempt's number) is its fencing token. */
export type ClaimedDelivery = {
  id: string;
  endpointId: string;
  attempts: number;
  url: string;
  secretSealed: string;
  eventId: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
};

/** Claims up to `limit` due deliveries of enabled endpoints (or whose lease passed), oldest due first. */
export async function claimDeliveries(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  return queryRows<ClaimedDelivery>(
    getDb(),
    sql`with due as (
        select d.id from webhook_deliveries d join webhook_endpoints w on w.id = d.endpoint_id and w.enabled
        where d.status = 'pending' and d.next_attempt_at <= now() and (d.lease_until is null or d.lease_until < now())
        order by d.next_attempt_at limit ${limit}
        for update of d skip locked
      ),
      claimed as (
        update webhook_deliveries d set attempts = d.attempts + 1, lease_until = now() + ${ms(leaseMs)}
        where d.id = any(array(select id from due))
        returning d.id, d.endpoint_id, d.event_id, d.attempts
      )
      select c.id, c.endpoint_id as "endpointId", c.attempts, w.url, w.secret_encrypted as "secretSealed",
        e.id as "eventId", e.type, ${isoTime(sql`e.created_at`)} as timestamp, e.data
      from claimed c join webhook_endpoints w on w.id = c.endpoint_id join events e on e.id = c.event_id`,
  );
}

/** How one attempt went, and when to try again (null: succeeded, or given up). */
export type AttemptOutcome = { id: string; attempts: number; ok: boolean; statusCode: number | null; error: string | null; retryInMs: number | null };

/**
 * Records attempts in one statement: each delivery succeeded, waits for its next attempt, or
 * failed for good; attempts whose lease was taken over meanwhile change nothing. Endpoints note
 * since when they fail, and one failing for DISABLE_AFTER_MS is disabled (the admin page says so).
 */
export async function recordAttempts(outcomes: readonly AttemptOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const payload = JSON.stringify(outcomes.map((o) => ({ id: o.id, attempts: o.attempts, ok: o.ok, code: o.statusCode, error: o.error, retry_ms: o.retryInMs })));
  await getDb().execute(sql`
    with r as (
      select * from jsonb_to_recordset(${payload}::jsonb) as r(id uuid, attempts int, ok boolean, code int, error text, retry_ms bigint)
    ),
    done as (
      update webhook_deliveries d set
        status = (case when r.ok then 'succeeded' when r.retry_ms is null then 'failed' else 'pending' end)::webhook_delivery_status,
        last_attempt_at = now(), last_status_code = r.code, last_error = r.error, lease_until = null,
        next_attempt_at = case when r.ok or r.retry_ms is null then null else now() + r.retry_ms * interval '1 millisecond' end,
        delivered_at = case when r.ok then now() else d.delivered_at end
      from r where d.id = r.id and d.attempts = r.attempts and d.status = 'pending'
      returning d.endpoint_id, r.ok
    ),
    health as (select endpoint_id, bool_or(ok) as ok from done group by endpoint_id)
    update webhook_endpoints w set
      failing_since = case when h.ok then null else coalesce(w.failing_since, now()) end,
      enabled = w.enabled and (h.ok or w.failing_since is null or w.failing_since > now() - ${ms(DISABLE_AFTER_MS)}),
      disabled_at = case when not h.ok and w.enabled and w.failing_since <= now() - ${ms(DISABLE_AFTER_MS)} then now() else w.disabled_at end,
      disabled_reason = case when not h.ok and w.enabled and w.failing_since <= now() - ${ms(DISABLE_AFTER_MS)}
        then 'Every delivery failed for ' || ${Math.round(DISABLE_AFTER_MS / 86_400_000)} || ' days.' else w.disabled_reason end
    from health h where w.id = h.endpoint_id`);
}

/** Hands claimed deliveries back untried (a stopping worker), for any instance to claim again at once. */
export async function releaseDeliveries(claimed: readonly { id: string; attempts: number }[]): Promise<void> {
  if (claimed.length === 0) return;
  const payload = JSON.stringify(claimed.map((c) => ({ id: c.id, attempts: c.attempts })));
  await getDb().execute(sql`
    update webhook_deliveries d set attempts = d.attempts - 1, lease_until = null
    from jsonb_to_recordset(${payload}::jsonb) as r(id uuid, attempts int)
    where d.id = r.id and d.attempts = r.attempts and d.status = 'pending'`);
}
