import { expect, type APIRequestContext } from "@playwright/test";
import { e2e } from "../../playwright.config";
import { unique } from "../fixtures";
import { actionByKey, callAction, formData, formResult, type ActionCall } from "./actions";
import { anonymousApi, signedInApi } from "./api-session";
import { createRole, customerAccountId, sandboxInfo, trustPolicy } from "./sandbox";

/**
 * Customer organisations built through the app's own server actions (no browser: a few hundred
 * milliseconds each), with everything an attacker could aim at: members, invites, connections.
 */

export const PASSWORD = "customer password 123";

export type Connection = { id: string; roleArn: string; accountId: string };
export type Tenant = {
  id: string;
  name: string;
  externalId: string;
  member: { email: string; name: string; api: APIRequestContext };
  /** The link the member joined with (used up). */
  usedInviteToken: string;
  pendingInvite: { id: string; email: string; token: string };
  connections: Connection[];
};

const key = {
  createOrganization: "lib/actions/organizations/create-organization.ts#createOrganizationAction",
  createInvite: "lib/actions/invites/create-invite.ts#createInviteAction",
  acceptInvite: "lib/actions/auth/accept-invite.ts#acceptInviteAction",
  addConnection: "lib/actions/connections/add-connection.ts#addConnectionAction",
  verify: "lib/actions/connections/verify-connection.ts#verifyConnectionAction",
};

async function ok(call: Promise<ActionCall>, what: string): Promise<Record<string, unknown>> {
  const result = formResult(await call);
  if (!result.ok) throw new Error(`${what} failed: ${result.message ?? JSON.stringify(result)}`);
  return result.data ?? {};
}

/** Creates an invite (as the admin) and returns its link's token. */
export async function invite(admin: APIRequestContext, organizationId: string, email: string): Promise<string> {
  const data = await ok(callAction(admin, actionByKey(key.createInvite), `/admin/organizations/${organizationId}`, [{}, formData({ organizationId, email })]), "invite");
  return String(data.link).split("/").pop()!;
}

/** Accepts an invite anonymously and returns a client signed in as the new member. */
export async function join(token: string, email: string, name: string): Promise<APIRequestContext> {
  const visitor = await anonymousApi();
  await ok(callAction(visitor, actionByKey(key.acceptInvite), `/invite/${token}`, [{}, formData({ token, name, password: PASSWORD, confirm: PASSWORD })]), "accept");
  await visitor.dispose();
  return signedInApi(email, PASSWORD);
}

/** Pastes a role ARN as the member; returns the new connection. */
export async function addConnection(member: APIRequestContext, roleArn: string): Promise<Connection> {
  const data = await ok(callAction(member, actionByKey(key.addConnection), "/onboarding", [{}, formData({ roleArn })]), "add connection");
  return { id: String(data.id), roleArn, accountId: String(data.accountId) };
}

/** Runs the verify action and returns its events (progress…, then done or refused). */
export async function verify(api: APIRequestContext, connectionId: string): Promise<{ type: string; message?: string; result?: { status: string } }[]> {
  const call = await callAction(api, actionByKey(key.verify), "/onboarding", [{ connectionId, trigger: "manual" }]);
  return (call.stream ?? []) as never;
}

/** The organisation's External ID, as its admin page shows it. */
async function externalIdOf(admin: APIRequestContext, organizationId: string): Promise<string> {
  const html = await (await admin.get(`/admin/organizations/${organizationId}`)).text();
  // A read-only text area, so the value is its content.
  const id = /<textarea[^>]*id="external-id"[^>]*>([^<]+)<\/textarea>/.exec(html);
  if (!id) throw new Error("External ID not found on the organisation page");
  return id[1]!;
}

/** A pending invite's id, from the hidden field of its "Revoke" form. */
async function inviteIdOf(admin: APIRequestContext, organizationId: string, email: string): Promise<string> {
  const html = await (await admin.get(`/admin/organizations/${organizationId}`)).text();
  const item = html.split("<li").find((li) => li.includes(`>${email}<`));
  const id = item && /name="inviteId" value="([0-9a-f-]{36})"/.exec(item);
  if (!id) throw new Error(`no pending invite for ${email}`);
  return id[1]!;
}

/**
 * An organisation with a member, a pending invite, and connections: the first `verified` of them
 * verified live (a sandbox role that trusts the organisation's External ID), the rest pending.
 */
export async function newTenant(admin: APIRequestContext, label: string, connections = { verified: 1, pending: 1 }): Promise<Tenant> {
  const name = unique(label);
  const { id } = (await ok(callAction(admin, actionByKey(key.createOrganization), "/admin/organizations", [{}, formData({ name })]), "organisation")) as { id: string };
  const externalId = await externalIdOf(admin, id);
  const email = `${unique(label.toLowerCase())}@tenant.test`;
  const usedInviteToken = await invite(admin, id, email);
  const memberName = unique(`${label} Member`);
  const member = { email, name: memberName, api: await join(usedInviteToken, email, memberName) };
  const pendingEmail = `${unique(`${label.toLowerCase()}-pending`)}@tenant.test`;
  const pendingToken = await invite(admin, id, pendingEmail);
  const pendingInvite = { id: await inviteIdOf(admin, id, pendingEmail), email: pendingEmail, token: pendingToken };
  const { partner } = await sandboxInfo();
  const made: Connection[] = [];
  for (let i = 0; i < connections.verified + connections.pending; i++) {
    const roleArn = await createRole({ accountId: customerAccountId(), roleName: unique(label), trustPolicy: trustPolicy(partner.accountId, externalId) });
    const connection = await addConnection(member.api, roleArn);
    if (i < connections.verified) expect((await verify(member.api, connection.id)).at(-1)?.result?.status).toBe("verified");
    made.push(connection);
  }
  return { id, name, externalId, member, usedInviteToken, pendingInvite, connections: made };
}

/** Everything of a tenant that must never reach another organisation's member or a stranger. */
export function secretsOf(tenant: Tenant): string[] {
  return [
    tenant.name,
    tenant.externalId,
    tenant.member.email,
    tenant.member.name,
    tenant.pendingInvite.email,
    ...tenant.connections.flatMap((c) => [c.roleArn, c.accountId]),
  ];
}

export { e2e };
