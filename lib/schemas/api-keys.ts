import { z } from "zod";
import { displayName } from "./text";

export const API_KEY_SCOPES = ["read", "write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES, { error: "Choose read or write." });

export const createApiKeySchema = z.object({ name: displayName("key"), scope: apiKeyScopeSchema });

export const revokeApiKeySchema = z.object({ apiKeyId: z.uuid({ error: "Unknown API key." }) });
