import "server-only";
import { and, eq, inArray, ne } from "drizzle-orm";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { organizations, organizationSso, organizationSsoDomains, users } from "@/lib/db/schema";
import { openSecret, sealSecret } from "@/lib/security/secret-box";
import { recordAudit } from "./audit";
import { DalError, pgErrorCode, UNIQUE_VIOLATION } from "./errors";
import { isUuid } from "./ids";
import { domainOf } from "./sso";
import type { MemberSsoPolicy } from "./sso-member";
import { assertAdmin, userIdOf, type Viewer } from "./viewer";

/** The purpose the client secrets are sealed under (lib/security/secret-box.ts). */
const SECRET_PURPOSE = "organization-sso-client-secret";

/** An organisation's single sign-on as its admin page shows it: never the client secret. */
export type OrganizationSsoView = {
  displayName: string;
  issuer: string;
  clientId: string;
  domains: string[];
  trustEmailForLinking: boolean;
  enabled: boolean;
  updatedAt: Date;
  updatedBy: string | null;
};

/** What a saved setting is made of; `clientSecret` null keeps the stored one. */
export type OrganizationSsoInput = { displayName: string; issuer: string; clientId: string; clientSecret: string | null; domains: string[]; trustEmailForLinking: boolean };

const domainsOf = async (organizationId: string) =>
  (await getDb().select({ domain: organizationSsoDomains.domain }).from(organizationSsoDomains).where(eq(organizationSsoDomains.organizationId, organizationId)).orderBy(organizationSsoDomains.domain)).map((r) => r.domain);

/** An organisation's single sign-on settings, or null (partner admins only). */
export async function getOrganizationSso(viewer: Viewer, organizationId: string): Promise<OrganizationSsoView | null> {
  assertAdmin(viewer);
  if (!isUuid(organizationId)) throw new DalError("not_found", "Organisation not found.");
  const [row] = await getDb()
    .select({
      displayName: organizationSso.displayName,
      issuer: organizationSso.issuer,
      clientId: organizationSso.clientId,
      trustEmailForLinking: organizationSso.trustEmailForLinking,
      enabled: organizationSso.enabled,
      updatedAt: organizationSso.updatedAt,
      updatedBy: users.email,
    })
    .from(organizationSso)
    .leftJoin(users, eq(users.id, organizationSso.updatedBy))
    .where(eq(organizationSso.organizationId, organizationId))
    .limit(1);
  return row ? { ...row, domains: await domainsOf(organizationId) } : null;
}

const takenMessage = (domain: string) => `${domain} already signs in through another organisation's single sign-on; a domain can belong to one organisation only.`;

/** Sets up or changes an organisation's single sign-on (partner admins only); a new one is on. */
export async function saveOrganizationSso(viewer: Viewer, organizationId: string, input: OrganizationSsoInput): Promise<void> {
  assertAdmin(viewer);
  const actor = userIdOf(viewer);
  const adminDomain = input.domains.find((d) => getConfig().oidc?.adminDomains.includes(d));
  if (adminDomain) throw new DalError("invalid", `${adminDomain} is the partner admins' own domain (OIDC_ADMIN_DOMAINS); a customer's sign-in cannot have it.`, "domains");
  try {
    await getDb().transaction(async (tx) => {
      const [organization] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).for("update").limit(1);
      if (!organization) throw new DalError("not_found", "Organisation not found.");
      const [existing] = await tx.select({ sealed: organizationSso.clientSecretSealed }).from(organizationSso).where(eq(organizationSso.organizationId, organizationId)).limit(1);
      if (!existing && !input.clientSecret) throw new DalError("invalid", "Enter the client secret.", "clientSecret");
      const [taken] = await tx
        .select({ domain: organizationSsoDomains.domain })
        .from(organizationSsoDomains)
        .where(and(inArray(organizationSsoDomains.domain, input.domains), ne(organizationSsoDomains.organizationId, organizationId)))
        .limit(1);
      if (taken) throw new DalError("conflict", takenMessage(taken.domain), "domains");
      const now = new Date();
      const values = {
        displayName: input.displayName,
        issuer: input.issuer,
        clientId: input.clientId,
        clientSecretSealed: input.clientSecret ? sealSecret(input.clientSecret, SECRET_PURPOSE) : existing!.sealed,
        trustEmailForLinking: input.trustEmailForLinking,
        updatedAt: now,
        updatedBy: actor,
      };
      await tx.insert(organizationSso).values({ organizationId, ...values, enabled: true }).onConflictDoUpdate({ target: organizationSso.organizationId, set: values });
      await tx.delete(organizationSsoDomains).where(eq(organizationSsoDomains.organizationId, organizationId));
      await tx.insert(organizationSsoDomains).values(input.domains.map((domain) => ({ domain, organizationId })));
      await recordAudit(tx, {
        actorUserId: actor,
        organizationId,
        action: existing ? "organization.sso-update" : "organization.sso-create",
        targetId: organizationId,
        detail: { issuer: input.issuer, clientId: input.clientId, domains: input.domains, trustEmailForLinking: input.trustEmailForLinking, secretChanged: Boolean(input.clientSecret) },
      });
    });
  } catch (error) {
    // Another organisation took one of the domains at the same moment.
    if (pgErrorCode(error) === UNIQUE_VIOLATION) throw new DalError("conflict", "One of these domains was just taken by another organisation's single sign-on; reload and check.", "domains");
    throw error;
  }
}

/** Turns an organisation's single sign-on on or off, keeping its settings (partner admins only). */
export async function setOrganizationSsoEnabled(viewer: Viewer, organizationId: string, enabled: boolean): Promise<void> {
  assertAdmin(viewer);
  const actor = userIdOf(viewer);
  await getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(organizationSso)
      .set({ enabled, updatedAt: new Date(), updatedBy: actor })
      .where(eq(organizationSso.organizationId, organizationId))
      .returning({ id: organizationSso.organizationId });
    if (!row) throw new DalError("not_found", "This organisation has no single sign-on.");
    await recordAudit(tx, { actorUserId: actor, organizationId, action: enabled ? "organization.sso-enable" : "organization.sso-disable", targetId: organizationId });
  });
}

/** Removes an organisation's single sign-on and its domains (partner admins only); linked sign-ins stop working. */
export async function removeOrganizationSso(viewer: Viewer, organizationId: string): Promise<void> {
  assertAdmin(viewer);
  const actor = userIdOf(viewer);
  await getDb().transaction(async (tx) => {
    const [row] = await tx.delete(organizationSso).where(eq(organizationSso.organizationId, organizationId)).returning({ issuer: organizationSso.issuer });
    if (!row) throw new DalError("not_found", "This organisation has no single sign-on.");
    await recordAudit(tx, { actorUserId: actor, organizationId, action: "organization.sso-remove", targetId: organizationId, detail: { issuer: row.issuer } });
  });
}

/** The organisation whose single sign-on (on) admits this e-mail's domain, or null. */
export async function organizationSsoForEmail(email: string): Promise<{ organizationId: string } | null> {
  const [row] = await getDb()
    .select({ organizationId: organizationSso.organizationId })
    .from(organizationSsoDomains)
    .innerJoin(organizationSso, eq(organizationSso.organizationId, organizationSsoDomains.organizationId))
    .where(and(eq(organizationSsoDomains.domain, domainOf(email.trim().toLowerCase())), eq(organizationSso.enabled, true)))
    .limit(1);
  return row ?? null;
}

/** The name members know their organisation's sign-in by, if it is on (for "Sign in again with …"). */
export async function organizationSsoName(organizationId: string): Promise<string | null> {
  const [row] = await getDb()
    .select({ name: organizationSso.displayName })
    .from(organizationSso)
    .where(and(eq(organizationSso.organizationId, organizationId), eq(organizationSso.enabled, true)))
    .limit(1);
  return row?.name ?? null;
}

/** Everything the sign-in needs of one organisation's provider, the secret opened; null when there is none or it is off. */
export async function organizationSsoProvider(organizationId: string): Promise<(MemberSsoPolicy & { name: string; clientId: string; clientSecret: string }) | null> {
  if (!isUuid(organizationId)) return null;
  const [row] = await getDb()
    .select()
    .from(organizationSso)
    .where(and(eq(organizationSso.organizationId, organizationId), eq(organizationSso.enabled, true)))
    .limit(1);
  if (!row) return null;
  return {
    organizationId,
    name: row.displayName,
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecret: openSecret(row.clientSecretSealed, SECRET_PURPOSE),
    domains: await domainsOf(organizationId),
    trustEmailForLinking: row.trustEmailForLinking,
  };
}
