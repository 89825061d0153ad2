import type { APIRequestContext } from "@playwright/test";
import { ADMIN_REAUTH, unique } from "../fixtures";
import { actionByKey, callAction, formData, formResult } from "./actions";

/**
 * Partner API keys, made and revoked the way an admin does it: through the server actions of the
 * page /admin/api-keys (an action is served only by the pages that import it).
 */

export type ApiKeyScope = "read" | "write";
export type ApiKey = { id: string; key: string; prefix: string; scope: ApiKeyScope };

const PAGE = "/admin/api-keys";
const CREATE = "lib/actions/api-keys/create-api-key.ts#createApiKeyAction";
const REVOKE = "lib/actions/api-keys/revoke-api-key.ts#revokeApiKeyAction";

/** Creates a key as the signed-in admin; the key itself is in this answer only. */
export async function createKey(admin: APIRequestContext, name: string, scope: ApiKeyScope): Promise<ApiKey> {
  const call = await callAction(admin, actionByKey(CREATE), PAGE, [{}, formData({ name, scope, ...ADMIN_REAUTH })]);
  const result = formResult(call);
  const data = result.data as Partial<ApiKey> | undefined;
  if (!result.ok || !data?.key || !data.id) throw new Error(`creating API key ${name} failed (HTTP ${call.status}): ${result.message ?? call.text.slice(0, 300)}`);
  return { id: data.id, key: data.key, prefix: String(data.prefix), scope };
}

/** A fresh key with a unique name (each key has its own rate limit). */
export function newKey(admin: APIRequestContext, scope: ApiKeyScope, label = "e2e"): Promise<ApiKey> {
  return createKey(admin, unique(`${label}-${scope}`), scope);
}

/** Revokes a key as the signed-in admin. */
export async function revokeKey(admin: APIRequestContext, id: string): Promise<void> {
  const call = await callAction(admin, actionByKey(REVOKE), PAGE, [{}, formData({ apiKeyId: id })]);
  const result = formResult(call);
  if (!result.ok) throw new Error(`revoking API key ${id} failed (HTTP ${call.status}): ${result.message ?? call.text.slice(0, 300)}`);
}
