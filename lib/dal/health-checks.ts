import "server-only";
import { sql } from "drizzle-orm";
import { parseRoleArn } from "@/lib/aws/arn";
import type { VerificationResult } from "@/lib/aws/verify";
import { getDb } from "@/lib/db/client";
import { verifications } from "@/lib/db/schema";
import type { ConnectionStatus } from "./connections";
import { anyOf } from "./any-of";
import { ms } from "./interval";
import { queryRows } from "./rows";
import type { VerificationTarget } from "./verifications";

/**
 * The schedule of health checks as the scheduler sees it (no viewer: only the scheduler calls
 * these). Each active connection has a due time in the database; a claim moves it a lease ahead
 * (FOR UPDATE SKIP LOCKED, so one instance gets it), and finishing sets the next due time, fenced
 * by the lease so an instance that lost its claim changes nothing.
 */

/** Connections the scheduler checks: not removed, not drafts (the partial index's predicate). */
const ACTIVE = sql`status <> 'disconnected' and not draft`;

/** Tests and the benchmark share a database with other work: they may limit the scheduler to some organisations. */
const onlyOrganizations = (only: readonly string[] | undefined) => (only ? sql`and ${anyOf(sql.raw("organization_id"), only)}` : sql``);

/** A connection claimed for its check: `due` is when it was due, `lease` the claim's token. */
export type ClaimedCheck = { target: VerificationTarget; status: ConnectionStatus; due: Date; lease: string; inconclusiveChecks: number };

/**
 * Gives connections that have no due time yet (new ones, or all of them at the first start) one,
 * spread evenly over the next interval: the k-th of n gets a slot of interval/n with a random
 * point inside it, so they neither bunch up nor keep a fixed order. One statement for all of them
 * (100,000 take a few seconds, once); rows another instance is spreading are skipped. Returns how many.
 */
export async function spreadUnscheduled(intervalMs: number, options: { only?: readonly string[] } = {}): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    getDb(),
    sql`with locked as materialized (
      select id, created_at from connections where ${ACTIVE} and next_check_at is null ${onlyOrganizations(options.only)}
      for update skip locked
    ), pick as (
      select id, row_number() over (order by created_at, id) - 1 as k, count(*) over () as n from locked
    ), spread as (
      update connections c set next_check_at = now() + ((p.k + random()) / p.n) * ${ms(intervalMs)}
      from pick p where c.id = p.id returning 1
    ) select count(*)::int as n from spread`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Claims up to `limit` active connections due before `now() + aheadMs`, earliest first, each by one
 * instance only: their due time moves `leaseMs` ahead until the check finishes (a crashed instance's
 * claims are due again then). Returns what to verify, with the due time to start each at.
 */
export async function claimDueChecks(input: { limit: number; aheadMs: number; leaseMs: number; only?: readonly string[] }): Promise<ClaimedCheck[]> {
  const rows = await queryRows<{
    id: string; organization_id: string; role_arn: string; external_id: string; status: ConnectionStatus;
    due: number; lease: string; inconclusive_checks: number;
  }>(
    getDb(),
    sql`with due as materialized (
      select id, next_check_at from connections
      where ${ACTIVE} and next_check_at <= now() + ${ms(input.aheadMs)} ${onlyOrganizations(input.only)}
      order by next_check_at limit ${input.limit} for update skip locked
    )
    update connections c set next_check_at = now() + ${ms(input.leaseMs)}
    from due d where c.id = d.id
    returning c.id, c.organization_id, c.role_arn, c.external_id, c.status, c.inconclusive_checks,
      (extract(epoch from d.next_check_at) * 1000)::float8 as due, c.next_check_at::text as lease`,
  );
  const claimed: ClaimedCheck[] = [];
  for (const row of rows) {
    const parsed = parseRoleArn(row.role_arn);
    if (!parsed.ok) continue; // stored ARNs were validated when added; such a row stays leased and is tried again later
    claimed.push({
      target: { connectionId: row.id, organizationId: row.organization_id, role: parsed.role, externalId: row.external_id, fresh: false },
      status: row.status,
      due: new Date(Number(row.due)),
      lease: row.lease,
      inconclusiveChecks: Number(row.inconclusive_checks),
    });
  }
  return claimed.sort((a, b) => a.due.getTime() - b.due.getTime());
}

/** A claimed check's next due time and its count of inconclusive checks in a row. */
export type CheckEnd = { claim: Pick<ClaimedCheck, "target" | "lease">; at: Date; inconclusiveChecks: number };

/**
 * Sets the next due time of claimed connections, in one statement for a whole batch, each only if
 * its claim is still this instance's (the lease is the fence). Returns how many were written.
 */
export async function finishChecks(ends: readonly CheckEnd[]): Promise<number> {
  if (ends.length === 0) return 0;
  const rows = await queryRows<{ id: string }>(
    getDb(),
    // Passed as text arrays and cast here: a driver that serialises timestamps itself drops the lease's microseconds.
    sql`update connections c set next_check_at = v.at::timestamptz, inconclusive_checks = v.n::int
      from unnest(${sql.param(ends.map((e) => e.claim.target.connectionId))}::text[], ${sql.param(ends.map((e) => e.claim.lease))}::text[],
        ${sql.param(ends.map((e) => e.at.toISOString()))}::text[], ${sql.param(ends.map((e) => String(e.inconclusiveChecks)))}::text[]) as v(id, lease, at, n)
      where c.id = v.id::uuid and c.next_check_at = v.lease::timestamptz returning c.id`,
  );
  return rows.length;
}

/**
 * Records a scheduled check that could not decide: a history row marked inconclusive with why
 * (`failure_code`), and the connection's status, last check and events left as they are.
 */
export async function recordInconclusive(input: { target: VerificationTarget; result: VerificationResult; reason: string }): Promise<void> {
  const { target, result } = input;
  await getDb().insert(verifications).values({
    connectionId: target.connectionId,
    organizationId: target.organizationId,
    trigger: "scheduled",
    actorUserId: null,
    status: result.status,
    startedAt: new Date(result.startedAt),
    durationMs: Math.round(result.durationMs),
    checks: result.checks,
    failureCode: input.reason,
    inconclusive: true,
    externalId: target.externalId,
  });
}
