import "server-only";
import { auditEvents } from "@/lib/db/schema";
import type { Db } from "@/lib/db/client";

type Executor = Pick<Db, "insert">;

/** Appends an audit event (in the caller's transaction when given one). */
export async function recordAudit(
  db: Executor,
  event: {
    actorUserId: string | null;
    actorApiKeyId?: string | null;
    organizationId: string | null;
    action: string;
    targetId?: string;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await db.insert(auditEvents).values({
    actorUserId: event.actorUserId,
    actorApiKeyId: event.actorApiKeyId ?? null,
    organizationId: event.organizationId,
    action: event.action,
    targetId: event.targetId ?? null,
    detail: event.detail ?? null,
  });
}
