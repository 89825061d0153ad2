import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { invites, users } from "@/lib/db/schema";
import { newAdmin, newMember, newOrganization, setupDatabase, uniqueEmail } from "@/tests/support/db";
import { isDalError } from "./errors";
import { acceptInvite, countInvites, createInvite, INVITE_TTL_MS, listInvites, previewInvite, revokeInvite } from "./invites";
import { authenticate } from "./users";
import type { Viewer } from "./viewer";

let admin: Viewer;
let org: string;
const password = "a long enough password";

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
  org = await newOrganization(admin);
});

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (isDalError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
}

describe("invites", () => {
  it("are stored hashed, expire after 7 days, and sign the member into the right organisation", async () => {
    const email = uniqueEmail();
    const now = new Date();
    const { id, token, expiresAt } = await createInvite(admin, { organizationId: org, email }, now);
    expect(expiresAt.getTime() - now.getTime()).toBe(INVITE_TTL_MS);
    const [row] = await getDb().select().from(invites).where(eq(invites.id, id));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await previewInvite(token)).toMatchObject({ email });
    await acceptInvite(token, { name: "Ada", password });
    const viewer = await authenticate(email, password);
    expect(viewer).toMatchObject({ role: "member", organizationId: org, name: "Ada" });
  });

  it("work once: a second use is refused and creates nothing", async () => {
    const email = uniqueEmail();
    const { token } = await createInvite(admin, { organizationId: org, email });
    await acceptInvite(token, { name: "First", password });
    expect(await code(acceptInvite(token, { name: "Second", password: "another long password" }))).toMatch(/^conflict: .*already been used/);
    expect(await authenticate(email, "another long password")).toBeNull();
  });

  it("work once even when accepted twice at the same moment", async () => {
    const { token } = await createInvite(admin, { organizationId: org, email: uniqueEmail() });
    const results = await Promise.allSettled([1, 2, 3].map((n) => acceptInvite(token, { name: `Racer ${n}`, password })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("stop working after 7 days", async () => {
    const email = uniqueEmail();
    const { token } = await createInvite(admin, { organizationId: org, email });
    const later = new Date(Date.now() + INVITE_TTL_MS + 1000);
    expect(await code(acceptInvite(token, { name: "Late", password }, later))).toMatch(/^expired: .*expired/);
    expect(await authenticate(email, password)).toBeNull();
  });

  it("can be revoked, after which the link is refused", async () => {
    const email = uniqueEmail();
    const { id, token } = await createInvite(admin, { organizationId: org, email });
    await revokeInvite(admin, id);
    expect(await code(previewInvite(token))).toMatch(/^expired: .*withdrawn/);
    expect(await code(acceptInvite(token, { name: "Revoked", password }))).toMatch(/^expired/);
    expect(await code(revokeInvite(admin, id))).toMatch(/^not_found/);
    expect((await listInvites(admin, org)).find((i) => i.id === id)?.state).toBe("revoked");
  });

  it("are counted by state as the list shows them, also past the list's length", async () => {
    const own = await newOrganization(admin);
    const made = [];
    for (let i = 0; i < 4; i++) made.push(await createInvite(admin, { organizationId: own, email: uniqueEmail() }));
    await revokeInvite(admin, made[0]!.id);
    await acceptInvite(made[1]!.token, { name: "Counted", password });
    const counts = await countInvites(admin, own);
    expect(counts).toEqual({ pending: 2, accepted: 1, revoked: 1, expired: 0 });
    const listed = await listInvites(admin, own, new Date(), 2);
    expect(listed).toHaveLength(2);
    // Later, the pending ones have expired.
    expect(await countInvites(admin, own, new Date(Date.now() + INVITE_TTL_MS + 1000))).toEqual({ pending: 0, accepted: 1, revoked: 1, expired: 2 });
    expect(await code(countInvites(await newMember(admin, own), own))).toMatch(/^forbidden/);
  });

  it("replace an earlier pending invite for the same e-mail", async () => {
    const email = uniqueEmail();
    const first = await createInvite(admin, { organizationId: org, email });
    const second = await createInvite(admin, { organizationId: org, email });
    expect(await code(previewInvite(first.token))).toMatch(/^expired/);
    expect(await previewInvite(second.token)).toMatchObject({ email });
  });

  it("refuse an e-mail that already has an account", async () => {
    const member = await newMember(admin, org);
    expect(await code(createInvite(admin, { organizationId: org, email: member.email.toUpperCase() }))).toMatch(/^conflict: .*already exists/);
    const other = await newOrganization(admin);
    expect(await code(createInvite(admin, { organizationId: other, email: member.email }))).toMatch(/^conflict/);
  });

  it("refuse unknown and malformed tokens without a lookup error", async () => {
    for (const token of ["", "nope", "A".repeat(43), "' or 1=1 --", null, { token: 1 }]) {
      expect(await code(previewInvite(token))).toMatch(/^not_found: .*not valid/);
    }
  });

  it("refuse an unknown organisation", async () => {
    expect(await code(createInvite(admin, { organizationId: "00000000-0000-0000-0000-000000000000", email: uniqueEmail() }))).toMatch(/^not_found/);
  });

  it("never create a member when the e-mail was taken after the invite was sent", async () => {
    const email = uniqueEmail();
    const { token } = await createInvite(admin, { organizationId: org, email });
    const { createAdmin } = await import("./users");
    await createAdmin({ email, name: "Took it", password });
    expect(await code(acceptInvite(token, { name: "Late", password: "member password 123" }))).toMatch(/^conflict/);
    const rows = await getDb().select({ role: users.role }).from(users).where(eq(users.email, email));
    expect(rows).toEqual([{ role: "admin" }]);
  });
});
