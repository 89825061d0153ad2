import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { userIdentities, users } from "@/lib/db/schema";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import type { SsoClaims } from "./sso";
import { resolveSsoMember, type MemberSsoPolicy } from "./sso-member";
import { authenticate } from "./users";

beforeAll(setupDatabase);

const identitiesOf = (userId: string) => getDb().select().from(userIdentities).where(eq(userIdentities.userId, userId));
const claimsFor = (email: string | null, extra: Partial<SsoClaims> = {}): SsoClaims => ({ subject: randomUUID(), email, emailVerified: true, name: "Grace Hopper", groups: [], ...extra });

async function world(overrides: Partial<MemberSsoPolicy> = {}) {
  const admin = await newAdmin();
  const organizationId = await newOrganization(admin);
  const domain = `c${randomUUID().slice(0, 8)}.example`;
  const policy: MemberSsoPolicy = { organizationId, issuer: `https://login.${domain}`, domains: [domain], trustEmailForLinking: false, ...overrides };
  return { admin, organizationId, domain, policy };
}

describe("a customer organisation's single sign-on", () => {
  it("makes a member of the organisation just in time for a verified e-mail of its domains, with no password, and finds it again by its subject", async () => {
    const { organizationId, domain, policy } = await world();
    const grace = claimsFor(`grace@${domain}`);
    const first = await resolveSsoMember(policy, grace);
    expect(first).toMatchObject({ ok: true, user: { email: grace.email, name: "Grace Hopper" } });
    if (!first.ok) return;
    const [row] = await getDb().select().from(users).where(eq(users.id, first.user.id));
    expect(row).toMatchObject({ role: "member", organizationId, passwordHash: null });
    expect(await authenticate(grace.email!, "")).toBeNull();
    expect(await resolveSsoMember(policy, { ...grace, email: `renamed@${domain}` })).toEqual(first);
    expect(await identitiesOf(first.user.id)).toHaveLength(1);
  });

  it("refuses an e-mail of another domain, a look-alike domain, an unverified e-mail and no e-mail, and makes no account", async () => {
    const { domain, policy } = await world();
    for (const claims of [claimsFor("eve@elsewhere.example"), claimsFor(`eve@x${domain}`), claimsFor(`eve@${domain}.evil.example`), claimsFor(`eve@${domain}`, { emailVerified: false })]) {
      expect(await resolveSsoMember(policy, claims)).toEqual({ ok: false, refusal: "OrgSsoNotAllowed" });
      expect(await getDb().select().from(users).where(eq(users.email, claims.email!))).toEqual([]);
    }
    expect(await resolveSsoMember(policy, claimsFor(null))).toEqual({ ok: false, refusal: "SsoNoEmail" });
  });

  it("does not let an identity of another organisation's member in, even from the same issuer", async () => {
    const first = await world();
    const second = await world({});
    const shared = { ...second.policy, issuer: first.policy.issuer, domains: [first.domain] };
    const grace = claimsFor(`grace@${first.domain}`);
    expect((await resolveSsoMember(first.policy, grace)).ok).toBe(true);
    expect(await resolveSsoMember(shared, grace)).toEqual({ ok: false, refusal: "OrgSsoNotAllowed" });
  });

  it("never reaches a partner admin: neither by e-mail, with trust on, nor through an identity linked to an admin", async () => {
    const { admin, policy } = await world();
    const adminDomain = admin.email.split("@")[1]!;
    const trusting = { ...policy, domains: [adminDomain], trustEmailForLinking: true };
    expect(await resolveSsoMember(trusting, claimsFor(admin.email))).toEqual({ ok: false, refusal: "OrgSsoAccountConflict" });
    expect(await identitiesOf(admin.userId)).toEqual([]);
    const subject = randomUUID();
    await getDb().insert(userIdentities).values({ userId: admin.userId, issuer: trusting.issuer, subject, email: admin.email });
    expect(await resolveSsoMember(trusting, claimsFor(admin.email, { subject }))).toEqual({ ok: false, refusal: "OrgSsoNotAllowed" });
    // Nor on a link request naming the admin.
    expect(await resolveSsoMember(trusting, claimsFor(admin.email), new Date(), admin.userId)).toEqual({ ok: false, refusal: "OrgSsoNotAllowed" });
  });

  it("does not take over a password account unless the organisation trusts its provider's e-mails and the account is its member", async () => {
    const { admin, organizationId, policy } = await world();
    const member = await newMember(admin, organizationId);
    const domain = member.email.split("@")[1]!;
    const untrusted = { ...policy, domains: [domain] };
    expect(await resolveSsoMember(untrusted, claimsFor(member.email))).toEqual({ ok: false, refusal: "OrgSsoLinkRequired" });
    expect(await identitiesOf(member.userId)).toEqual([]);
    // A member of another organisation stays out, trusted or not.
    const outsider = await newMember(admin, await newOrganization(admin));
    const trusted = { ...untrusted, trustEmailForLinking: true };
    expect(await resolveSsoMember(trusted, claimsFor(outsider.email))).toEqual({ ok: false, refusal: "OrgSsoAccountConflict" });
    expect(await identitiesOf(outsider.userId)).toEqual([]);
    // Trusted, unverified: no.
    expect(await resolveSsoMember(trusted, claimsFor(member.email, { emailVerified: false }))).toEqual({ ok: false, refusal: "OrgSsoNotAllowed" });
    // Trusted and verified, for its own member: linked; the password still works.
    expect(await resolveSsoMember(trusted, claimsFor(member.email))).toMatchObject({ ok: true, user: { id: member.userId } });
    expect(await identitiesOf(member.userId)).toHaveLength(1);
    expect(await authenticate(member.email, "correct horse battery")).toMatchObject({ userId: member.userId });
  });

  it("links to the signed-in member who asked, and to nobody else after", async () => {
    const { admin, organizationId, policy } = await world();
    const member = await newMember(admin, organizationId);
    const other = await newMember(admin, organizationId);
    const claims = claimsFor(`someone@${policy.domains[0]}`);
    expect(await resolveSsoMember(policy, claims, new Date(), member.userId)).toMatchObject({ ok: true, user: { id: member.userId } });
    expect(await resolveSsoMember(policy, claims)).toMatchObject({ ok: true, user: { id: member.userId } });
    expect(await resolveSsoMember(policy, claims, new Date(), other.userId)).toEqual({ ok: false, refusal: "SsoIdentityTaken" });
    const outsider = await newMember(admin, await newOrganization(admin));
    expect(await resolveSsoMember(policy, claimsFor(`x@${policy.domains[0]}`), new Date(), outsider.userId)).toEqual({ ok: false, refusal: "OrgSsoNotAllowed" });
  });

  it("makes one account when the same person's first sign-ins arrive at once", async () => {
    const { domain, policy } = await world();
    const grace = claimsFor(`grace@${domain}`);
    const results = await Promise.all(Array.from({ length: 5 }, () => resolveSsoMember(policy, grace)));
    expect(new Set(results.map((r) => (r.ok ? r.user.id : r.refusal))).size).toBe(1);
    expect(results.every((r) => r.ok)).toBe(true);
  });
});
