import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { auditEvents, organizationSso } from "@/lib/db/schema";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { isDalError } from "./errors";
import {
  getOrganizationSso,
  organizationSsoForEmail,
  organizationSsoProvider,
  removeOrganizationSso,
  saveOrganizationSso,
  setOrganizationSsoEnabled,
  type OrganizationSsoInput,
} from "./organization-sso";

beforeAll(setupDatabase);

const SECRET = "client-secret-that-must-never-show-9f2c";
const input = (domains: string[], overrides: Partial<OrganizationSsoInput> = {}): OrganizationSsoInput => ({
  displayName: "Acme login",
  issuer: "https://login.acme.example",
  clientId: "rolegate",
  clientSecret: SECRET,
  domains,
  trustEmailForLinking: false,
  ...overrides,
});
const domain = () => `d${randomUUID().slice(0, 8)}.example`;

describe("organisation single sign-on settings", () => {
  it("stores the client secret sealed, never shows it, and finds the organisation by an e-mail of its domains", async () => {
    const admin = await newAdmin();
    const org = await newOrganization(admin);
    const d = domain();
    await saveOrganizationSso(admin, org, input([d]));
    const [row] = await getDb().select().from(organizationSso).where(eq(organizationSso.organizationId, org));
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(JSON.stringify(await getOrganizationSso(admin, org))).not.toContain(SECRET);
    const audit = await getDb().select().from(auditEvents).where(eq(auditEvents.organizationId, org));
    expect(audit.map((a) => a.action)).toContain("organization.sso-create");
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    expect(await organizationSsoForEmail(`Ada@${d.toUpperCase()}`)).toEqual({ organizationId: org });
    expect(await organizationSsoForEmail(`ada@x${d}`)).toBeNull();
    expect((await organizationSsoProvider(org))?.clientSecret).toBe(SECRET);
    // Editing without a new secret keeps the old one.
    await saveOrganizationSso(admin, org, input([d], { clientSecret: null, displayName: "Acme SSO" }));
    expect(await organizationSsoProvider(org)).toMatchObject({ name: "Acme SSO", clientSecret: SECRET });
  });

  it("gives a domain to one organisation only, and refuses a new setting without a secret", async () => {
    const admin = await newAdmin();
    const [first, second] = [await newOrganization(admin), await newOrganization(admin)];
    const d = domain();
    await saveOrganizationSso(admin, first, input([d]));
    const refused = await saveOrganizationSso(admin, second, input([domain(), d])).catch((e: unknown) => e);
    expect(isDalError(refused, "conflict") && refused.field === "domains" && refused.message.includes(d)).toBe(true);
    expect(await getOrganizationSso(admin, second)).toBeNull();
    const noSecret = await saveOrganizationSso(admin, second, input([domain()], { clientSecret: null })).catch((e: unknown) => e);
    expect(isDalError(noSecret, "invalid") && noSecret.field === "clientSecret").toBe(true);
  });

  it("turned off, no e-mail finds it and no provider is built; removed, its domains are free again", async () => {
    const admin = await newAdmin();
    const org = await newOrganization(admin);
    const d = domain();
    await saveOrganizationSso(admin, org, input([d]));
    await setOrganizationSsoEnabled(admin, org, false);
    expect(await organizationSsoForEmail(`a@${d}`)).toBeNull();
    expect(await organizationSsoProvider(org)).toBeNull();
    await removeOrganizationSso(admin, org);
    expect(await getOrganizationSso(admin, org)).toBeNull();
    const other = await newOrganization(admin);
    await saveOrganizationSso(admin, other, input([d]));
    expect(await organizationSsoForEmail(`a@${d}`)).toEqual({ organizationId: other });
  });

  it("is for partner admins only", async () => {
    const admin = await newAdmin();
    const org = await newOrganization(admin);
    const member = await newMember(admin, org);
    for (const attempt of [() => saveOrganizationSso(member, org, input([domain()])), () => getOrganizationSso(member, org), () => removeOrganizationSso(member, org)]) {
      expect(isDalError(await attempt().catch((e: unknown) => e), "forbidden")).toBe(true);
    }
    expect(await getOrganizationSso(admin, org)).toBeNull();
  });
});
