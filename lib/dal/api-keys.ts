import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { apiKeys, users } from "@/lib/db/schema";
import type { ApiKeyScope } from "@/lib/schemas/api-keys";
import { recordAudit } from "./audit";
import { DalError } from "./errors";
import { isUuid } from "./ids";
import { actorOf, assertAdmin, type Viewer } from "./viewer";

/**
 * Keys of the partner API: `rgk_` and 256 random bits. The key is shown once; only its SHA-256 is
 * stored (a key has full entropy, so a fast hash suffices and lookups stay indexed), with its first
 * characters so that admins can tell keys apart.
 */

const KEY_PATTERN = /^rgk_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 12;
/** Last-used times are written at most this often per key. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: { name: string; email: string } | null;
};

/** A key that authenticated: who it acts as, and what it may do. */
export type ApiCaller = { viewer: Viewer & { apiKeyId: string }; scope: ApiKeyScope };

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** Whether a value has the shape of a key Rolegate issues (checked before any lookup). */
export function isApiKeyShaped(value: string): boolean {
  return KEY_PATTERN.test(value);
}

async function insertKey(input: { name: string; scope: ApiKeyScope }, actor: { actorUserId: string | null; via: "dashboard" | "shell" }) {
  const key = `rgk_${randomBytes(32).toString("base64url")}`;
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ name: input.name, scope: input.scope, prefix: key.slice(0, PREFIX_LENGTH), tokenHash: hashKey(key), createdBy: actor.actorUserId })
      .returning({ id: apiKeys.id, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt });
    if (!row) throw new Error("insert returned no row");
    await recordAudit(tx, { actorUserId: actor.actorUserId, organizationId: null, action: "api-key.create", targetId: row.id, detail: { name: input.name, scope: input.scope, via: actor.via } });
    return { key, id: row.id, prefix: row.prefix, name: input.name, scope: input.scope, createdAt: row.createdAt };
  });
}

/** Creates a key (partner admins, signed in): returns it once, with its id and prefix. */
export async function createApiKey(viewer: Viewer, input: { name: string; scope: ApiKeyScope }) {
  assertAdmin(viewer);
  if (!viewer.userId) throw new DalError("forbidden", "API keys are created by a signed-in admin, not by another key.");
  return insertKey(input, { actorUserId: viewer.userId, via: "dashboard" });
}

/** Creates a key for the operator at the shell (`npm run api-key:create`), who has the server's own access. */
export async function createApiKeyFromShell(input: { name: string; scope: ApiKeyScope }) {
  return insertKey(input, { actorUserId: null, via: "shell" });
}

/** Every key, newest first, revoked ones included (admins only). */
export async function listApiKeys(viewer: Viewer): Promise<ApiKeySummary[]> {
  assertAdmin(viewer);
  const rows = await getDb()
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scope: apiKeys.scope,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      creatorName: users.name,
      creatorEmail: users.email,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(500);
  return rows.map(({ creatorName, creatorEmail, ...key }) => ({ ...key, createdBy: creatorName && creatorEmail ? { name: creatorName, email: creatorEmail } : null }));
}

/** Revokes a key (admins only): its next request is refused. */
export async function revokeApiKey(viewer: Viewer, id: string): Promise<void> {
  assertAdmin(viewer);
  if (!isUuid(id)) throw new DalError("not_found", "API key not found.");
  await getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, name: apiKeys.name });
    if (!row) throw new DalError("not_found", "This API key does not exist or is already revoked.");
    await recordAudit(tx, { ...actorOf(viewer), organizationId: null, action: "api-key.revoke", targetId: row.id, detail: { name: row.name } });
  });
}

/**
 * The caller a bearer key stands for, or null for a key that is malformed, unknown or revoked
 * (read on every request: a revocation holds from the next one). Keys act as the partner: admin
 * level, within their scope. Notes when the key was last used, at most once a minute.
 */
export async function authenticateApiKey(key: string): Promise<ApiCaller | null> {
  if (!isApiKeyShaped(key)) return null;
  const db = getDb();
  const [row] = await db
    .select({ id: apiKeys.id, name: apiKeys.name, scope: apiKeys.scope, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.tokenHash, hashKey(key)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    const stale = sql`${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute'`;
    await db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(and(eq(apiKeys.id, row.id), stale));
  }
  const viewer = { userId: null, apiKeyId: row.id, email: "", name: row.name, role: "admin" as const, organizationId: null, passwordChangeRequired: false };
  return { viewer, scope: row.scope };
}
