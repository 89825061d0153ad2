import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { registrationRequests } from "@/lib/db/schema";
import { queryRows } from "./rows";
import { ms } from "./interval";

/**
 * Custom-resource requests (zero-paste registration) as the registration worker sees them. No
 * viewer here: the receiver and the worker call these. Requests are claimed with FOR UPDATE SKIP
 * LOCKED and a lease, so several instances on one PostgreSQL share them; every write is fenced by
 * the claim's attempt count, so a worker whose lease was taken over changes nothing.
 */

/** The answer CloudFormation gets, decided once and sent as often as it takes. */
export type CustomResourceResponse = {
  Status: "SUCCESS" | "FAILED";
  Reason: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  Data?: Record<string, string>;
};

export type NewRegistrationRequest = typeof registrationRequests.$inferInsert;

/** Stores a request; false when it is a replay (the same SNS message, or the same stack request). */
export async function storeRegistrationRequest(request: NewRegistrationRequest): Promise<boolean> {
  const stored = await getDb().insert(registrationRequests).values(request).onConflictDoNothing().returning({ id: registrationRequests.id });
  return stored.length > 0;
}

/** A claimed request: `attempts` is this claim's fencing token. */
export type ClaimedRequest = {
  id: string;
  attempts: number;
  putAttempts: number;
  requestType: string;
  stackId: string;
  requestId: string;
  logicalResourceId: string;
  region: string;
  topicArn: string;
  responseUrl: string;
  physicalResourceId: string | null;
  properties: Record<string, unknown>;
  oldProperties: Record<string, unknown> | null;
  tokenId: string | null;
  response: CustomResourceResponse | null;
  /** When it arrived, in epoch milliseconds. */
  receivedMs: number;
};

/** Claims up to `limit` due requests (or ones whose lease passed), oldest due first. */
export async function claimRegistrationRequests(limit: number, leaseMs: number): Promise<ClaimedRequest[]> {
  return queryRows<ClaimedRequest>(
    getDb(),
    sql`with due as (
        select id from registration_requests
        where status = 'pending' and next_attempt_at <= now() and (lease_until is null or lease_until < now())
        order by next_attempt_at limit ${limit}
        for update skip locked
      )
      update registration_requests r set attempts = r.attempts + 1, lease_until = now() + ${ms(leaseMs)}
      where r.id = any(array(select id from due))
      returning r.id, r.attempts, r.put_attempts as "putAttempts", r.request_type as "requestType", r.stack_id as "stackId",
        r.request_id as "requestId", r.logical_resource_id as "logicalResourceId", r.region, r.topic_arn as "topicArn",
        r.response_url as "responseUrl", r.physical_resource_id as "physicalResourceId", r.properties,
        r.old_properties as "oldProperties", r.token_id as "tokenId", r.response, (extract(epoch from r.received_at) * 1000)::float8 as "receivedMs"`,
  );
}

const fence = (claim: { id: string; attempts: number }) =>
  sql`id = ${claim.id} and attempts = ${claim.attempts} and status = 'pending'`;

/** Keeps the decided answer (the first decision stands: a retried PUT sends the same one). */
export async function saveDecision(claim: { id: string; attempts: number }, response: CustomResourceResponse, connectionId: string | null): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    getDb(),
    sql`update registration_requests set response = coalesce(response, ${JSON.stringify(response)}::jsonb), connection_id = coalesce(connection_id, ${connectionId})
      where ${fence(claim)} returning id`,
  );
  return rows.length > 0;
}

/**
 * Notes a PUT about to be made, before it is made: a crash between the PUT and its outcome then
 * leaves a trace, and the next attempt knows an earlier one may have landed. Returns false when
 * the claim was lost.
 */
export async function notePutAttempt(claim: { id: string; attempts: number }): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(getDb(), sql`update registration_requests set put_attempts = put_attempts + 1 where ${fence(claim)} returning id`);
  return rows.length > 0;
}

/** How processing a claimed request ended: answered, to try again later, or given up. */
export type RequestOutcome =
  | { kind: "answered"; statusCode: number | null; note: string | null }
  | { kind: "retry"; delayMs: number; statusCode: number | null; error: string }
  | { kind: "failed"; statusCode: number | null; error: string };

/** Records the outcome; a lost claim changes nothing. */
export async function recordOutcome(claim: { id: string; attempts: number }, outcome: RequestOutcome): Promise<void> {
  const error = outcome.kind === "answered" ? outcome.note : outcome.error;
  await getDb().execute(sql`
    update registration_requests set
      status = ${outcome.kind === "retry" ? "pending" : outcome.kind}::registration_request_status,
      last_status_code = ${outcome.statusCode}, last_error = ${error}, lease_until = null,
      next_attempt_at = ${outcome.kind === "retry" ? sql`now() + ${ms(outcome.delayMs)}` : sql`next_attempt_at`},
      answered_at = ${outcome.kind === "answered" ? sql`now()` : sql`answered_at`}
    where ${fence(claim)}`);
}

/** Hands claimed requests back untried (a stopping worker). */
export async function releaseRegistrationRequests(claimed: readonly { id: string; attempts: number }[]): Promise<void> {
  for (const claim of claimed) {
    await getDb().execute(sql`update registration_requests set attempts = attempts - 1, lease_until = null where ${fence(claim)}`);
  }
}

/** Whether this stack was answered SUCCESS with this connection: only then may its Delete disconnect it. */
export async function stackRegisteredConnection(stackId: string, connectionId: string): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    getDb(),
    sql`select 1 as one from registration_requests
      where stack_id = ${stackId} and connection_id = ${connectionId} and response->>'Status' = 'SUCCESS' limit 1`,
  );
  return rows.length > 0;
}
