import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { userIdentities, users } from "@/lib/db/schema";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { resolveSsoAdmin, ssoClaims, type AdminSsoPolicy, type SsoClaims } from "./sso";
import { authenticate } from "./users";

beforeAll(setupDatabase);

// Each test its own issuer and domain, so a shared database holds nothing that answers for it.
function world(overrides: Partial<AdminSsoPolicy> = {}) {
  const domain = `p${randomUUID().slice(0, 8)}.example`;
  const policy: AdminSsoPolicy = { issuer: `https://login.${domain}`, adminDomains: [domain], adminGroup: null, groupsClaim: "groups", ...overrides };
  const person = (local: string, extra: Partial<SsoClaims> = {}): SsoClaims => ({
    subject: randomUUID(),
    email: `${local}@${domain}`,
    emailVerified: true,
    name: `Person ${local}`,
    groups: [],
    ...extra,
  });
  return { domain, policy, person };
}

const identitiesOf = (userId: string) => getDb().select().from(userIdentities).where(eq(userIdentities.userId, userId));

describe("admin single sign-on", () => {
  it("makes an admin account just in time for a verified e-mail of an admin domain, without a password, and finds it again by its subject", async () => {
    const { domain, policy, person } = world();
    const ada = person("ada");
    const first = await resolveSsoAdmin(policy, ada);
    expect(first).toMatchObject({ ok: true, user: { email: ada.email, name: "Person ada", sessionVersion: 0 } });
    if (!first.ok) return;
    const [row] = await getDb().select().from(users).where(eq(users.id, first.user.id));
    expect(row).toMatchObject({ role: "admin", organizationId: null, passwordHash: null });
    // No password signs in to it, the empty one included.
    expect(await authenticate(ada.email!, "")).toBeNull();
    expect(await authenticate(ada.email!, "anything at all")).toBeNull();
    // The same subject later, with another e-mail of the domain, is the same account; outside it, refused.
    expect(await resolveSsoAdmin(policy, { ...ada, email: `renamed@${domain}` })).toEqual(first);
    expect(await resolveSsoAdmin(policy, { ...ada, email: "ada@elsewhere.example" })).toEqual({ ok: false, refusal: "SsoNotAllowed" });
    expect(await identitiesOf(first.user.id)).toHaveLength(1);
  });

  it("refuses e-mails outside the admin domains, and unverified ones inside them", async () => {
    const { policy, person } = world();
    expect(await resolveSsoAdmin(policy, person("eve", { email: "eve@elsewhere.example" }))).toEqual({ ok: false, refusal: "SsoNotAllowed" });
    expect(await resolveSsoAdmin(policy, person("eve", { emailVerified: false }))).toEqual({ ok: false, refusal: "SsoNotAllowed" });
    // A look-alike domain is another domain.
    expect(await resolveSsoAdmin(policy, person("eve", { email: `eve@x${policy.adminDomains[0]}` }))).toEqual({ ok: false, refusal: "SsoNotAllowed" });
    expect(await resolveSsoAdmin(policy, person("eve", { email: null }))).toEqual({ ok: false, refusal: "SsoNotAllowed" });
  });

  it("links an existing admin's password account only when the provider vouches for its e-mail in an admin domain", async () => {
    const admin = await newAdmin();
    const domain = admin.email.split("@")[1]!;
    const trusted: AdminSsoPolicy = { issuer: `https://login.${randomUUID()}.example`, adminDomains: [domain], adminGroup: null, groupsClaim: "groups" };
    const claims: SsoClaims = { subject: randomUUID(), email: admin.email, emailVerified: true, name: null, groups: [] };
    const linked = await resolveSsoAdmin(trusted, claims);
    expect(linked).toMatchObject({ ok: true, user: { id: admin.userId, email: admin.email } });
    expect((await identitiesOf(admin.userId)).map((i) => [i.issuer, i.subject])).toEqual([[trusted.issuer, claims.subject]]);
    // The password still works too.
    expect(await authenticate(admin.email, "correct horse battery")).toMatchObject({ userId: admin.userId });
  });

  it("never takes over an account on a group's word alone: the owner must link it; a new e-mail gets an account", async () => {
    const admin = await newAdmin();
    const byGroup: AdminSsoPolicy = { issuer: `https://login.${randomUUID()}.example`, adminDomains: [], adminGroup: "rolegate-admins", groupsClaim: "groups" };
    const claims: SsoClaims = { subject: randomUUID(), email: admin.email, emailVerified: true, name: null, groups: ["staff", "rolegate-admins"] };
    expect(await resolveSsoAdmin(byGroup, claims)).toEqual({ ok: false, refusal: "SsoLinkRequired" });
    expect(await identitiesOf(admin.userId)).toEqual([]);
    expect(await resolveSsoAdmin(byGroup, { ...claims, groups: ["staff"] })).toEqual({ ok: false, refusal: "SsoNotAllowed" });
    const newcomer = await resolveSsoAdmin(byGroup, { ...claims, subject: randomUUID(), email: `new-${randomUUID()}@example.test` });
    expect(newcomer.ok).toBe(true);
    // Taken out of the group, the newcomer no longer gets in.
    if (newcomer.ok) {
      const [identity] = await identitiesOf(newcomer.user.id);
      expect(await resolveSsoAdmin(byGroup, { ...claims, subject: identity!.subject, email: identity!.email, groups: [] })).toEqual({ ok: false, refusal: "SsoNotAllowed" });
    }
  });

  it("links an identity to the signed-in admin who asked, whatever its e-mail, and to nobody else after", async () => {
    const admin = await newAdmin();
    const other = await newAdmin();
    const byGroup: AdminSsoPolicy = { issuer: `https://login.${randomUUID()}.example`, adminDomains: [], adminGroup: "rolegate-admins", groupsClaim: "groups" };
    const claims: SsoClaims = { subject: randomUUID(), email: `someone-${randomUUID()}@idp.example`, emailVerified: false, name: null, groups: ["rolegate-admins"] };
    expect(await resolveSsoAdmin(byGroup, claims, new Date(), admin.userId)).toMatchObject({ ok: true, user: { id: admin.userId } });
    // Now it signs in to that account, and another admin's link request cannot take it over.
    expect(await resolveSsoAdmin(byGroup, claims)).toMatchObject({ ok: true, user: { id: admin.userId } });
    expect(await resolveSsoAdmin(byGroup, claims, new Date(), other.userId)).toEqual({ ok: false, refusal: "SsoIdentityTaken" });
    // A person the settings do not make an admin is not linked, even on request; nor is a customer's account.
    expect(await resolveSsoAdmin(byGroup, { ...claims, subject: randomUUID(), groups: [] }, new Date(), other.userId)).toEqual({ ok: false, refusal: "SsoNotAllowed" });
    const member = await newMember(admin, await newOrganization(admin));
    expect(await resolveSsoAdmin(byGroup, { ...claims, subject: randomUUID() }, new Date(), member.userId)).toEqual({ ok: false, refusal: "SsoNotAllowed" });
    expect(await identitiesOf(member.userId)).toEqual([]);
  });

  it("refuses an e-mail that belongs to a customer's account, and a provider that gives no e-mail", async () => {
    const admin = await newAdmin();
    const member = await newMember(admin, await newOrganization(admin));
    const policy: AdminSsoPolicy = { issuer: `https://login.${randomUUID()}.example`, adminDomains: [member.email.split("@")[1]!], adminGroup: null, groupsClaim: "groups" };
    const claims: SsoClaims = { subject: randomUUID(), email: member.email, emailVerified: true, name: null, groups: [] };
    expect(await resolveSsoAdmin(policy, claims)).toEqual({ ok: false, refusal: "SsoAccountConflict" });
    expect(await identitiesOf(member.userId)).toEqual([]);
    const groupOnly: AdminSsoPolicy = { ...policy, adminDomains: [], adminGroup: "admins" };
    expect(await resolveSsoAdmin(groupOnly, { ...claims, email: null, groups: ["admins"] })).toEqual({ ok: false, refusal: "SsoNoEmail" });
  });

  it("believes a subject only from its own issuer", async () => {
    const { policy, person } = world();
    const ada = person("ada");
    const first = await resolveSsoAdmin(policy, ada);
    const other = { ...policy, issuer: `${policy.issuer}/other` };
    // Another issuer's same subject with a new e-mail is another person.
    const second = await resolveSsoAdmin(other, { ...ada, email: `grace@${policy.adminDomains[0]}` });
    expect(first.ok && second.ok && first.user.id !== second.user.id).toBe(true);
  });

  it("makes one account when the same person's first sign-ins arrive at once", async () => {
    const { policy, person } = world();
    const ada = person("ada");
    const results = await Promise.all(Array.from({ length: 6 }, () => resolveSsoAdmin(policy, ada)));
    const ids = new Set(results.map((r) => (r.ok ? r.user.id : r.refusal)));
    expect(ids.size).toBe(1);
    expect(results.every((r) => r.ok)).toBe(true);
  });
});

describe("ID token claims", () => {
  it("reads the subject, e-mail, its verification, the name and the groups, whatever their shape", () => {
    expect(ssoClaims({ sub: "abc", email: " Ada@Partner.Example ", email_verified: "true", name: " Ada ", groups: ["a", 3, "b"] }, "groups")).toEqual({
      subject: "abc",
      email: "ada@partner.example",
      emailVerified: true,
      name: "Ada",
      groups: ["a", "b"],
    });
    expect(ssoClaims({ sub: "abc", roles: "admins" }, "roles")).toEqual({ subject: "abc", email: null, emailVerified: false, name: null, groups: ["admins"] });
    expect(ssoClaims({ sub: "abc", email: "not an e-mail", email_verified: 1 }, "groups")).toMatchObject({ email: null, emailVerified: false });
    expect(ssoClaims({ sub: "" }, "groups")).toBeNull();
    // Text that would display other than it reads is not taken from a provider either.
    expect(ssoClaims({ sub: "abc", email: "ada\u200b@partner.example", name: "Ada\u202Egnp.exe" }, "groups")).toMatchObject({ email: null, name: null });
    expect(ssoClaims({ sub: "abc", name: "x".repeat(101) }, "groups")).toMatchObject({ name: null });
    expect(ssoClaims({ sub: 42 }, "groups")).toBeNull();
    expect(ssoClaims({ sub: "x".repeat(256) }, "groups")).toBeNull();
  });
});
