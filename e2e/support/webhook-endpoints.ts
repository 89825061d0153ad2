import type { APIRequestContext } from "@playwright/test";
import { actionByKey, callAction, formData, formResult } from "./actions";

/**
 * Webhook endpoints registered and deleted the way an admin does it, without a browser: through
 * the server actions of the page /admin/webhooks.
 */

export const CREATE_WEBHOOK = "lib/actions/webhooks/create-webhook.ts#createWebhookAction";
export const DELETE_WEBHOOK = "lib/actions/webhooks/delete-webhook.ts#deleteWebhookAction";
const PAGE = "/admin/webhooks";

export type Endpoint = { id: string; url: string; secret: string };

/** Registers an endpoint as the signed-in admin; its signing secret is in this answer only. */
export async function createEndpoint(admin: APIRequestContext, url: string, events: string[] = ["*"], description = ""): Promise<Endpoint> {
  const call = await callAction(admin, actionByKey(CREATE_WEBHOOK), PAGE, [{}, formData({ url, events, description })]);
  const result = formResult(call);
  const data = result.data as Partial<Endpoint> | undefined;
  if (!result.ok || !data?.id || !data.secret) throw new Error(`adding webhook endpoint ${url} failed (HTTP ${call.status}): ${result.message ?? call.text.slice(0, 300)}`);
  return { id: data.id, url: String(data.url), secret: data.secret };
}

/** Deletes an endpoint as the signed-in admin; one that is already gone is no failure. */
export async function deleteEndpoint(admin: APIRequestContext, id: string): Promise<void> {
  const call = await callAction(admin, actionByKey(DELETE_WEBHOOK), PAGE, [{}, formData({ webhookId: id })]);
  const result = formResult(call);
  if (!result.ok && !/not found/.test(result.message ?? "")) throw new Error(`deleting webhook endpoint ${id} failed (HTTP ${call.status}): ${result.message ?? call.text.slice(0, 300)}`);
}
