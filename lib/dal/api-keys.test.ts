import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { apiKeys, auditEvents } from "@/lib/db/schema";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { authenticateApiKey, createApiKey, createApiKeyFromShell, listApiKeys, revokeApiKey } from "./api-keys";
import { isDalError } from "./errors";
import type { UserViewer } from "./viewer";

let admin: UserViewer;
let member: UserViewer;

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
  member = await newMember(admin, await newOrganization(admin));
});

describe("partner API keys", () => {
  it("are 256 random bits shown once, stored only as a hash with a visible prefix", async () => {
    const created = await createApiKey(admin, { name: "Backend", scope: "write" });
    expect(created.key).toMatch(/^rgk_[A-Za-z0-9_-]{43}$/);
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(JSON.stringify(row)).not.toContain(created.key.slice(12));
    expect(row!.prefix).toBe(created.key.slice(0, 12));
    expect((await listApiKeys(admin)).find((k) => k.id === created.id)).toMatchObject({ name: "Backend", scope: "write", revokedAt: null, createdBy: { email: admin.email } });
  });

  it("authenticate as the partner with their scope, and note when they were last used", async () => {
    const { key, id } = await createApiKey(admin, { name: "Reader", scope: "read" });
    const caller = await authenticateApiKey(key);
    expect(caller).toMatchObject({ scope: "read", viewer: { role: "admin", apiKeyId: id, userId: null, organizationId: null } });
    const [row] = await getDb().select({ lastUsedAt: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, id));
    expect(row!.lastUsedAt).toBeInstanceOf(Date);
  });

  it("stop working at once when revoked; unknown and malformed keys never work", async () => {
    const { key, id } = await createApiKey(admin, { name: "Doomed", scope: "write" });
    await revokeApiKey(admin, id);
    expect(await authenticateApiKey(key)).toBeNull();
    expect(await authenticateApiKey(`${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`)).toBeNull();
    for (const bad of ["", "rgk_", "Bearer x", `${key} `, key.toUpperCase()]) expect(await authenticateApiKey(bad)).toBeNull();
    await expect(revokeApiKey(admin, id)).rejects.toSatisfy((e: unknown) => isDalError(e, "not_found"));
  });

  it("are made and revoked by partner admins only, never by a key, and audited", async () => {
    await expect(createApiKey(member, { name: "Mine", scope: "write" })).rejects.toSatisfy((e: unknown) => isDalError(e, "forbidden"));
    const { key, id } = await createApiKeyFromShell({ name: "From the shell", scope: "write" });
    const caller = (await authenticateApiKey(key))!;
    await expect(createApiKey(caller.viewer, { name: "Child", scope: "write" })).rejects.toSatisfy((e: unknown) => isDalError(e, "forbidden"));
    await expect(revokeApiKey(member, id)).rejects.toSatisfy((e: unknown) => isDalError(e, "forbidden"));
    const audit = await getDb().select({ action: auditEvents.action, detail: auditEvents.detail }).from(auditEvents).where(eq(auditEvents.targetId, id));
    expect(audit).toEqual([{ action: "api-key.create", detail: { name: "From the shell", scope: "write", via: "shell" } }]);
  });
});
