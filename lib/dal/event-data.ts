import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { EventType } from "@/lib/events/types";

/**
 * What the partner API and the event log say about each thing, built in SQL from a table row (or a
 * CTE with the same columns) under an alias. One definition serves the API's answers, the events
 * and the webhooks, so the three can never disagree; lib/api/schemas.ts describes the same shapes.
 */

const column = (alias: string) => (name: string) => sql.raw(`${alias}."${name}"`);

/** A timestamp as the API writes it: ISO 8601 in UTC with milliseconds, as Date#toISOString does. */
export function isoTime(expr: SQL): SQL<string | null> {
  return sql`to_char((${expr}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** A connection (table `connections`): its role, account, status, and the External ID it verifies with. */
export function connectionJson(alias: string): SQL<Record<string, unknown>> {
  const c = column(alias);
  return sql`jsonb_build_object(
    'id', ${c("id")}, 'organizationId', ${c("organization_id")}, 'accountId', ${c("account_id")},
    'roleArn', ${c("role_arn")}, 'roleName', ${c("role_name")}, 'partition', ${c("partition")},
    'externalId', ${c("external_id")}, 'status', ${c("status")},
    'lastVerifiedAt', ${isoTime(c("last_verified_at"))}, 'lastCheckedAt', ${isoTime(c("last_checked_at"))},
    'statusSince', ${isoTime(c("status_since"))}, 'nextCheckAt', ${isoTime(c("next_check_at"))},
    'lastFailure', case when ${c("last_failure_code")} is null then null
      else jsonb_build_object('code', ${c("last_failure_code")}, 'message', ${c("last_failure_message")}) end,
    'createdAt', ${isoTime(c("created_at"))})`;
}

/** An organisation (table `organizations`) with its current External ID. */
export function organizationJson(alias: string): SQL<Record<string, unknown>> {
  const c = column(alias);
  return sql`jsonb_build_object('id', ${c("id")}, 'name', ${c("name")}, 'externalId', ${c("external_id")}, 'createdAt', ${isoTime(c("created_at"))})`;
}

/** A bulk job (table `jobs`) with the outcome counts of its items. */
export function jobJson(alias: string): SQL<Record<string, unknown>> {
  const c = column(alias);
  return sql`jsonb_build_object(
    'id', ${c("id")}, 'kind', ${c("kind")}, 'status', ${c("status")}, 'scope', ${c("scope")}, 'total', ${c("total")},
    'counts', (select jsonb_build_object(
        'verified', count(*) filter (where outcome = 'verified'),
        'failed', count(*) filter (where outcome = 'failed'),
        'insecure', count(*) filter (where outcome = 'insecure'),
        'skipped', count(*) filter (where status = 'skipped'))
      from job_items where job_id = ${c("id")}),
    'createdAt', ${isoTime(c("created_at"))}, 'startedAt', ${isoTime(c("started_at"))}, 'finishedAt', ${isoTime(c("finished_at"))})`;
}

/** `insert into events` of one event per row that `from` yields; `data` and `organizationId` are expressions over it. */
export function insertEvents(type: EventType | SQL, organizationId: SQL, data: SQL, from: SQL): SQL {
  return sql`insert into events (type, organization_id, data) select ${type}::text, ${organizationId}, ${data} ${from}`;
}

/** The event for one connection as it is now (call after the change, in the same transaction). */
export function connectionEvent(type: EventType, connectionId: string): SQL {
  return insertEvents(type, sql`c.organization_id`, connectionJson("c"), sql`from connections c where c.id = ${connectionId}`);
}

/** The event for one organisation as it is now (call after the change, in the same transaction). */
export function organizationEvent(type: EventType, organizationId: string): SQL {
  return insertEvents(type, sql`o.id`, organizationJson("o"), sql`from organizations o where o.id = ${organizationId}`);
}
