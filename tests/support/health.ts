import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { VerificationResult } from "@/lib/aws/verify";
import { getDb } from "@/lib/db/client";
import { auditEvents, connections, events, verifications } from "@/lib/db/schema";
import type { VerificationTarget } from "@/lib/dal/verifications";
import { HealthScheduler, type SchedulerOptions } from "@/lib/health/scheduler";
import { fakeResult } from "./jobs";

/** A result whose failure has this explanation code (an inconclusive or partner-side one, or access-denied). */
export function failedWith(target: VerificationTarget, code: string): VerificationResult {
  return fakeResult(target, "failed", { failure: { code: code as never, title: code, detail: "", causes: [], nextStep: "", side: "aws" } });
}

/** Makes connections due now (as if their time had come). */
export async function makeDue(ids: readonly string[]): Promise<void> {
  await getDb().update(connections).set({ nextCheckAt: sql`now() - interval '1 second'` }).where(inArray(connections.id, [...ids]));
}

/** A started scheduler limited to one organisation, with quick ticks and no STS budget unless given. */
export function testScheduler(organizationId: string, options: Partial<SchedulerOptions> = {}): HealthScheduler {
  return new HealthScheduler({
    intervalMs: 3_600_000,
    budget: null,
    organizationIds: [organizationId],
    ...options,
    settings: { tickMs: 20, aheadMs: 50, ...options.settings },
  }).start();
}

/** A connection's row. */
export async function connectionRow(id: string) {
  const [row] = await getDb().select().from(connections).where(eq(connections.id, id));
  if (!row) throw new Error("no such connection");
  return row;
}

/** A connection's history, oldest first. */
export async function historyOf(id: string) {
  return getDb().select().from(verifications).where(eq(verifications.connectionId, id)).orderBy(asc(verifications.startedAt));
}

/** The event types written about a connection. */
export async function eventTypesOf(id: string): Promise<string[]> {
  const rows = await getDb().select({ type: events.type }).from(events).where(sql`${events.data}->'connection'->>'id' = ${id} or ${events.data}->>'id' = ${id}`);
  return rows.map((r) => r.type);
}

/** How many audit events of an action there are. */
export async function auditCount(action: string, targetId: string): Promise<number> {
  const rows = await getDb().select({ id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)));
  return rows.length;
}
