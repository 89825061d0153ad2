import "server-only";
import { randomBytes } from "node:crypto";
import { and, count, desc, eq, sql } from "drizzle-orm";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { events, webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import { isEventType } from "@/lib/events/types";
import { sealSecret } from "@/lib/security/secret-box";
import { checkWebhookUrl } from "@/lib/webhooks/ssrf";
import { recordAudit } from "./audit";
import { DalError } from "./errors";
import { isUuid } from "./ids";
import { decodeTimeCursor, encodeTimeCursor } from "./time-cursor";
import { actorOf, assertAdmin, type Viewer } from "./viewer";

/** The purpose webhook signing secrets are sealed under (lib/security/secret-box.ts). */
export const WEBHOOK_SECRET_PURPOSE = "webhook-signing-secret";
/** More endpoints than this is a script gone wrong, not a partner's need. */
export const MAX_ENDPOINTS = 50;

export type WebhookEndpointView = {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  createdAt: Date;
};

const endpointColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  events: webhookEndpoints.eventTypes,
  enabled: webhookEndpoints.enabled,
  disabledReason: webhookEndpoints.disabledReason,
  failingSince: webhookEndpoints.failingSince,
  createdAt: webhookEndpoints.createdAt,
};

const NOT_FOUND = () => new DalError("not_found", "Webhook endpoint not found.");

/** The event types as stored: known ones only, each once; `*` alone stands for all. */
function eventTypesOf(requested: readonly string[]): string[] {
  const unknown = requested.filter((t) => t !== "*" && !isEventType(t));
  if (unknown.length > 0) throw new DalError("invalid", `Unknown event type: ${unknown.slice(0, 3).join(", ")}.`, "events");
  if (requested.length === 0) throw new DalError("invalid", "Choose at least one event type.", "events");
  return requested.includes("*") ? ["*"] : [...new Set(requested)];
}

/**
 * Registers an endpoint (admins and write keys): its URL must be https:// on a public address
 * (unless WEBHOOKS_ALLOW_PRIVATE), checked now and again at every delivery. Returns the new
 * signing secret (`whsec_` and 32 random bytes in base64, as Standard Webhooks defines it) once;
 * it is stored only encrypted.
 */
export async function createWebhookEndpoint(
  viewer: Viewer,
  input: { url: string; events: readonly string[]; description?: string | undefined },
): Promise<WebhookEndpointView & { secret: string }> {
  assertAdmin(viewer);
  const eventTypes = eventTypesOf(input.events);
  const checked = await checkWebhookUrl(input.url, { allowPrivate: getConfig().webhooks.allowPrivate });
  if (!checked.ok) throw new DalError("invalid", checked.message, "url");
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  return getDb().transaction(async (tx) => {
    const [existing] = await tx.select({ n: count() }).from(webhookEndpoints);
    if ((existing?.n ?? 0) >= MAX_ENDPOINTS) throw new DalError("conflict", `There are already ${MAX_ENDPOINTS} webhook endpoints. Delete one first.`);
    const { actorUserId, actorApiKeyId } = actorOf(viewer);
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        url: checked.url.href,
        description: input.description ?? "",
        eventTypes,
        secretEncrypted: sealSecret(secret, WEBHOOK_SECRET_PURPOSE),
        createdBy: actorUserId,
        createdByApiKey: actorApiKeyId,
      })
      .returning(endpointColumns);
    if (!row) throw new Error("insert returned no row");
    await recordAudit(tx, { actorUserId, actorApiKeyId, organizationId: null, action: "webhook.create", targetId: row.id, detail: { url: row.url, events: eventTypes } });
    return { ...row, secret };
  });
}

/** Every endpoint, newest first (admins only). */
export async function listWebhookEndpoints(viewer: Viewer): Promise<WebhookEndpointView[]> {
  assertAdmin(viewer);
  return getDb().select(endpointColumns).from(webhookEndpoints).orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id)).limit(MAX_ENDPOINTS);
}

/** One endpoint (admins only). */
export async function getWebhookEndpoint(viewer: Viewer, id: string): Promise<WebhookEndpointView> {
  assertAdmin(viewer);
  if (!isUuid(id)) throw NOT_FOUND();
  const [row] = await getDb().select(endpointColumns).from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).limit(1);
  if (!row) throw NOT_FOUND();
  return row;
}

/** Deletes an endpoint and its deliveries (admins only): nothing more is sent to it. */
export async function deleteWebhookEndpoint(viewer: Viewer, id: string): Promise<void> {
  assertAdmin(viewer);
  if (!isUuid(id)) throw NOT_FOUND();
  await getDb().transaction(async (tx) => {
    const [row] = await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id, url: webhookEndpoints.url });
    if (!row) throw NOT_FOUND();
    await recordAudit(tx, { ...actorOf(viewer), organizationId: null, action: "webhook.delete", targetId: row.id, detail: { url: row.url } });
  });
}

/** Turns an endpoint back on after it was disabled for failing (admins only); it receives events from now on. */
export async function enableWebhookEndpoint(viewer: Viewer, id: string): Promise<void> {
  assertAdmin(viewer);
  if (!isUuid(id)) throw NOT_FOUND();
  await getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ enabled: true, disabledAt: null, disabledReason: null, failingSince: null })
      .where(eq(webhookEndpoints.id, id))
      .returning({ id: webhookEndpoints.id });
    if (!row) throw NOT_FOUND();
    await recordAudit(tx, { ...actorOf(viewer), organizationId: null, action: "webhook.enable", targetId: row.id });
  });
}

export type DeliveryView = {
  id: string;
  eventId: string;
  eventType: string;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
};

const deliveryColumns = {
  id: webhookDeliveries.id,
  eventId: webhookDeliveries.eventId,
  eventType: events.type,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  lastAttemptAt: webhookDeliveries.lastAttemptAt,
  lastStatusCode: webhookDeliveries.lastStatusCode,
  lastError: webhookDeliveries.lastError,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  createdAt: webhookDeliveries.createdAt,
};

/** An endpoint's deliveries, newest first, by keyset pages (admins only). */
export async function listDeliveries(viewer: Viewer, endpointId: string, query: { limit: number; cursor?: string | undefined }): Promise<{ data: DeliveryView[]; nextCursor: string | null }> {
  const endpoint = await getWebhookEndpoint(viewer, endpointId);
  const after = decodeCursor(query.cursor);
  const rows = await getDb()
    .select({ ...deliveryColumns, key: sql<string>`${webhookDeliveries.createdAt}::text` })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpoint.id),
        after ? sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(({ key: _key, ...delivery }) => delivery),
    nextCursor: rows.length > query.limit && last ? encodeTimeCursor(last.key, last.id) : null,
  };
}

function decodeCursor(cursor: string | undefined): [string, string] | undefined {
  if (!cursor) return undefined;
  const decoded = decodeTimeCursor(cursor);
  if (!decoded) throw new DalError("invalid", "That is not a cursor this API returned.", "cursor");
  return decoded;
}

/**
 * Sends a delivery again now (admins only): the same event with the same `webhook-id`. A delivery
 * being attempted at this moment is left to finish.
 */
export async function retryDelivery(viewer: Viewer, endpointId: string, deliveryId: string): Promise<DeliveryView> {
  const endpoint = await getWebhookEndpoint(viewer, endpointId);
  if (!isUuid(deliveryId)) throw new DalError("not_found", "Delivery not found.");
  if (!endpoint.enabled) throw new DalError("conflict", "This endpoint is disabled: nothing is sent to it. Enable it first, then send the delivery again.");
  const db = getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ status: "pending", nextAttemptAt: sql`now()`, leaseUntil: null })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpoint.id), sql`(${webhookDeliveries.leaseUntil} is null or ${webhookDeliveries.leaseUntil} < now())`))
      .returning({ id: webhookDeliveries.id });
    if (!row) {
      const [exists] = await tx.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpoint.id)));
      throw exists ? new DalError("conflict", "This delivery is being attempted right now. Look again in a few seconds.") : new DalError("not_found", "Delivery not found.");
    }
    await recordAudit(tx, { ...actorOf(viewer), organizationId: null, action: "webhook.delivery-retry", targetId: row.id, detail: { endpointId: endpoint.id } });
    const [view] = await tx.select(deliveryColumns).from(webhookDeliveries).innerJoin(events, eq(events.id, webhookDeliveries.eventId)).where(eq(webhookDeliveries.id, row.id));
    return view!;
  });
}

/** How many endpoints were disabled for failing (admins only): the dashboard warns while any are. */
export async function countDisabledWebhookEndpoints(viewer: Viewer): Promise<number> {
  assertAdmin(viewer);
  const [row] = await getDb().select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.enabled, false));
  return row?.n ?? 0;
}
