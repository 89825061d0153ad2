import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { healthAlerts } from "@/lib/db/schema";
import { mailQueued } from "@/lib/mail/notify";
import { recordAudit } from "./audit";
import { enqueuePartnerCredentialAlert } from "./mail-fanout";
import { assertAdmin, type Viewer } from "./viewer";

/** An alert about the partner's own side that lasts until it clears. */
export type HealthAlert = { kind: string; reason: string; raisedAt: Date };

/**
 * Raises an alert unless it is already raised: returns true only for the raise that started it,
 * which also writes the audit event and queues the admins' security e-mail (same transaction), so
 * admins hear of it once until it clears. `summary` is the reason in an admin's words.
 */
export async function raiseHealthAlert(kind: string, reason: string, summary: string = reason): Promise<boolean> {
  const raised = await getDb().transaction(async (tx) => {
    const rows = await tx
      .insert(healthAlerts)
      .values({ kind, reason, raisedAt: sql`now()` })
      .onConflictDoUpdate({
        target: healthAlerts.kind,
        set: { reason, raisedAt: sql`now()`, clearedAt: null },
        setWhere: sql`${healthAlerts.clearedAt} is not null`,
      })
      .returning({ kind: healthAlerts.kind, raisedAt: healthAlerts.raisedAt });
    const [row] = rows;
    if (!row) return false;
    await recordAudit(tx, { actorUserId: null, organizationId: null, action: "health.alert.raised", targetId: kind, detail: { reason } });
    // One message per admin per incident: the incident is the alert's kind and when it was raised.
    await enqueuePartnerCredentialAlert(tx, { summary: `${summary}.`, at: row.raisedAt, dedupeKey: `${kind}:${row.raisedAt.toISOString()}` });
    return true;
  });
  if (raised) mailQueued();
  return raised;
}

/** Clears an alert if it is raised (with its audit event); true when this call cleared it. */
export async function clearHealthAlert(kind: string): Promise<boolean> {
  return getDb().transaction(async (tx) => {
    const rows = await tx
      .update(healthAlerts)
      .set({ clearedAt: sql`now()` })
      .where(and(eq(healthAlerts.kind, kind), isNull(healthAlerts.clearedAt)))
      .returning({ kind: healthAlerts.kind });
    if (rows.length === 0) return false;
    await recordAudit(tx, { actorUserId: null, organizationId: null, action: "health.alert.cleared", targetId: kind });
    return true;
  });
}

/** The alert of this kind while it lasts, else null (for the scheduler and, later, e-mail). */
export async function activeHealthAlert(kind: string): Promise<HealthAlert | null> {
  const [row] = await getDb()
    .select({ kind: healthAlerts.kind, reason: healthAlerts.reason, raisedAt: healthAlerts.raisedAt })
    .from(healthAlerts)
    .where(and(eq(healthAlerts.kind, kind), isNull(healthAlerts.clearedAt)));
  return row ?? null;
}

/** The same, for an admin's page. */
export async function healthAlertForAdmin(viewer: Viewer, kind: string): Promise<HealthAlert | null> {
  assertAdmin(viewer);
  return activeHealthAlert(kind);
}
