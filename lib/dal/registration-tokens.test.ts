import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { auditEvents, registrationTokens } from "@/lib/db/schema";
import type { UserViewer } from "@/lib/dal/viewer";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { findRegistrationToken, registrationTokenFor, revokeRegistrationToken } from "./registration-tokens";

let admin: UserViewer;

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
});

const rowsOf = (organizationId: string) => getDb().select().from(registrationTokens).where(eq(registrationTokens.organizationId, organizationId));

describe("registration tokens", () => {
  it("are issued on first need, shown the same every time, and stored only as a hash", async () => {
    const org = await newOrganization(admin);
    expect(await rowsOf(org)).toEqual([]);
    const token = await registrationTokenFor(admin, org);
    expect(token).toMatch(/^rgr_[A-Za-z0-9_-]{43}$/);
    expect(await registrationTokenFor(admin, org)).toBe(token);
    const rows = await rowsOf(org);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));
    expect(await findRegistrationToken(token)).toEqual({ id: rows[0]!.id, organizationId: org, live: true });
  });

  it("issue one live token per organisation when many ask at once, and a different one to each organisation", async () => {
    const org = await newOrganization(admin);
    const tokens = await Promise.all(Array.from({ length: 8 }, () => registrationTokenFor(admin, org)));
    expect(new Set(tokens).size).toBe(1);
    expect(await rowsOf(org)).toHaveLength(1);
    expect(await registrationTokenFor(admin, await newOrganization(admin))).not.toBe(tokens[0]);
  });

  it("are revoked by an admin (audited): the old one stops working at once and a new one replaces it", async () => {
    const org = await newOrganization(admin);
    const old = await registrationTokenFor(admin, org);
    await revokeRegistrationToken(admin, org);
    expect(await findRegistrationToken(old)).toMatchObject({ organizationId: org, live: false });
    const fresh = await registrationTokenFor(admin, org);
    expect(fresh).not.toBe(old);
    expect(await findRegistrationToken(fresh)).toMatchObject({ live: true });
    const audit = await getDb().select().from(auditEvents).where(and(eq(auditEvents.organizationId, org), eq(auditEvents.action, "registration_token.revoke")));
    expect(audit.map((a) => a.actorUserId)).toEqual([admin.userId]);
  });

  it("are shown to members of their own organisation only, and revoked by admins only", async () => {
    const org = await newOrganization(admin);
    const other = await newOrganization(admin);
    const member = await newMember(admin, org);
    expect(await registrationTokenFor(member, org)).toBe(await registrationTokenFor(admin, org));
    await expect(registrationTokenFor(member, other)).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeRegistrationToken(member, org)).rejects.toMatchObject({ code: "forbidden" });
    await expect(revokeRegistrationToken(admin, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "not_found" });
  });

  it("are reissued when the server key changed (the old one could no longer be shown)", async () => {
    const org = await newOrganization(admin);
    const before = await registrationTokenFor(admin, org);
    const config = getConfig() as { encryptionKey: string | undefined };
    const saved = config.encryptionKey;
    config.encryptionKey = "a-different-encryption-key-of-at-least-32-characters";
    try {
      const after = await registrationTokenFor(admin, org);
      expect(after).not.toBe(before);
      expect(await findRegistrationToken(before)).toMatchObject({ live: false });
      expect(await findRegistrationToken(after)).toMatchObject({ live: true });
    } finally {
      config.encryptionKey = saved;
    }
  });

  it("are not found for anything that is not one", async () => {
    for (const value of [undefined, "", "rgr_short", `rgr_${"A".repeat(43)}`, `rgk_${"A".repeat(43)}`, 42]) expect(await findRegistrationToken(value)).toBeNull();
  });
});
