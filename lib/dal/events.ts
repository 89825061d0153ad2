import "server-only";
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { events } from "@/lib/db/schema";
import type { EventType } from "@/lib/events/types";
import { isoTime } from "./event-data";
import { DalError } from "./errors";
import { isUuid } from "./ids";
import { assertAdmin, type Viewer } from "./viewer";

/** One event as the API and webhooks show it (a webhook's body is this without the id). */
export type EventRecord = { id: string; type: EventType; timestamp: string; data: Record<string, unknown> };

/**
 * Events committed for good: those of transactions older than the oldest one still running. A
 * transaction that started earlier may commit its event after a later one's; readers stop below
 * it, so that event can never land behind a position a reader has already passed.
 */
export function settled(txId: SQL = sql`${events.txId}`): SQL {
  return sql`${txId} < pg_snapshot_xmin(pg_current_snapshot())::text::bigint`;
}

/** A position in the log: (tx_id, seq) of an event. */
export type LogPosition = { txId: number; seq: number };

export const recordColumns = {
  id: events.id,
  type: sql<EventType>`${events.type}`,
  timestamp: sql<string>`${isoTime(sql`${events.createdAt}`)}`,
  data: sql<Record<string, unknown>>`${events.data}`,
};

/** Where an event sits in the log, or null for an id that is not an event. */
export async function positionOf(eventId: string): Promise<LogPosition | null> {
  if (!isUuid(eventId)) return null;
  const [row] = await getDb().select({ txId: events.txId, seq: events.seq }).from(events).where(eq(events.id, eventId)).limit(1);
  return row ?? null;
}

/** Settled events after a position, in log order, at most `limit`. */
export function eventsAfter(position: LogPosition | null, limit: number, types?: readonly EventType[]) {
  return getDb()
    .select({ ...recordColumns, txId: events.txId, seq: events.seq })
    .from(events)
    .where(
      and(
        settled(),
        position ? sql`(${events.txId}, ${events.seq}) > (${position.txId}::bigint, ${position.seq}::bigint)` : undefined,
        types && types.length > 0 ? inArray(events.type, [...types]) : undefined,
      ),
    )
    .orderBy(asc(events.txId), asc(events.seq))
    .limit(limit);
}

/**
 * The event feed of the partner API (admins and API keys): events after `after` in the order they
 * happened, so a partner can catch up after downtime. `nextCursor` is the last event's id when more
 * are waiting now; otherwise null, and the partner polls again later with the last id it has.
 */
export async function listEvents(
  viewer: Viewer,
  query: { after?: string | undefined; limit: number; types?: readonly EventType[] | undefined },
): Promise<{ data: EventRecord[]; nextCursor: string | null }> {
  assertAdmin(viewer);
  const position = query.after === undefined ? null : await positionOf(query.after);
  if (query.after !== undefined && !position) throw new DalError("invalid", "No event has this id. Use the id of an event this API returned.", "after");
  const rows = await eventsAfter(position, query.limit + 1, query.types);
  const page = rows.slice(0, query.limit).map(({ txId: _t, seq: _s, ...record }) => record);
  return { data: page, nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
}
