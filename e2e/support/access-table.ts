import { randomUUID } from "node:crypto";
import { e2e } from "../../playwright.config";
import { formData } from "./actions";
import type { Tenant } from "./tenants";

/**
 * Who may use each page, route handler and server action, and how to aim it at another
 * organisation's things. e2e/attack-surface.spec.ts fails when the app gains one that is not here.
 *
 * public: anyone · signed-in: any account · member: a customer's member, for its own organisation
 * only · admin: partner admins only.
 */
export type Access = "public" | "signed-in" | "member" | "admin";

/** Organisation A's member attacks organisation B; `jobId` is a bulk job over B's connection. */
export type World = {
  a: Tenant;
  b: Tenant;
  jobId: string;
  /** The invite e-mail of B's pending invite, in the outbox. */
  mailId: string;
  forged: string;
  /** A webhook endpoint and an API key of the partner's, which no attack may delete, enable or revoke. */
  webhook: { id: string; url: string };
  apiKey: { id: string; key: string };
};
export type Caller = "anonymous" | "memberA" | "memberB" | "admin";

export type RouteEntry = {
  access: Access;
  /** The URL aimed at B's things (ids, filters) that A's member and strangers try. */
  url: (w: World) => string;
  /** The rightful caller sees this at `url` (or at its own `url`), so the refusals are not about a broken URL. */
  control: { as: Caller; shows: (w: World) => string; url?: (w: World) => string };
};

export type ActionEntry = {
  access: Access;
  /** A page that hosts the action (one of its workers in the build). */
  page: (w: World) => string;
  /** Arguments aimed at B's things, well-formed so that only authorisation can stop them. */
  attack: (w: World) => unknown[];
  /** What A's member is told, when it is not the default refusal for the access. */
  memberA?: RegExp;
  /** Values the attacker sent itself, which may come back (not a leak). */
  echoes?: (w: World) => string[];
  /** The rightful caller with an input that reaches the action's own checks, and what it then says. */
  control: { as: Caller; args: (w: World) => unknown[]; says: RegExp };
};

const form = (fields: Record<string, string | string[]>) => [{}, formData(fields)];
const conn = (w: World) => w.b.connections[0]!;
const unknownId = () => randomUUID();

export const ROUTES: Record<string, RouteEntry> = {
  // B's member has a verified connection (and an unfinished draft): its home is Accounts.
  "/": { access: "signed-in", url: () => "/", control: { as: "memberB", shows: () => "/accounts" } },
  "/account/password": { access: "signed-in", url: () => "/account/password", control: { as: "memberB", shows: () => "Change your password" } },
  "/account/notifications": { access: "signed-in", url: () => "/account/notifications", control: { as: "memberB", shows: () => "E-mail notifications" } },
  "/account/security": { access: "signed-in", url: () => "/account/security", control: { as: "memberB", shows: () => "Turn on two-factor authentication" } },
  "/accounts": { access: "member", url: () => "/accounts", control: { as: "memberB", shows: (w) => conn(w).roleArn } },
  "/admin": { access: "admin", url: () => "/admin?days=3", control: { as: "admin", shows: () => "Not verified lately" } },
  "/admin/api-keys": { access: "admin", url: () => "/admin/api-keys", control: { as: "admin", shows: () => "How to use" } },
  "/admin/api-keys/docs": { access: "admin", url: () => "/admin/api-keys/docs", control: { as: "admin", shows: () => "listConnections" } },
  "/admin/connections": {
    access: "admin",
    url: (w) => `/admin/connections?org=${w.b.id}&q=${conn(w).accountId}`,
    control: { as: "admin", shows: (w) => conn(w).roleArn },
  },
  "/admin/connections/[id]": { access: "admin", url: (w) => `/admin/connections/${conn(w).id}`, control: { as: "admin", shows: (w) => conn(w).roleArn } },
  "/admin/connections/export": { access: "admin", url: (w) => `/admin/connections/export?org=${w.b.id}`, control: { as: "admin", shows: (w) => conn(w).roleArn } },
  "/admin/jobs": { access: "admin", url: () => "/admin/jobs", control: { as: "admin", shows: () => "Recent jobs" } },
  "/admin/jobs/[id]": { access: "admin", url: (w) => `/admin/jobs/${w.jobId}`, control: { as: "admin", shows: () => "1 selected" } },
  "/admin/jobs/[id]/progress": { access: "admin", url: (w) => `/admin/jobs/${w.jobId}/progress`, control: { as: "admin", shows: (w) => w.jobId } },
  // The outbox holds every organisation's invites and notices: admins only.
  "/admin/mail": { access: "admin", url: () => "/admin/mail", control: { as: "admin", shows: (w) => w.b.pendingInvite.email } },
  "/admin/mail/[id]": { access: "admin", url: (w) => `/admin/mail/${w.mailId}`, control: { as: "admin", shows: (w) => w.b.pendingInvite.email } },
  "/admin/organizations": { access: "admin", url: (w) => `/admin/organizations?q=${encodeURIComponent(w.b.name)}`, control: { as: "admin", shows: (w) => w.b.name } },
  "/admin/organizations/[id]": { access: "admin", url: (w) => `/admin/organizations/${w.b.id}`, control: { as: "admin", shows: (w) => w.b.externalId } },
  // Endpoints are the partner's own, not any organisation's: what matters is that only admins get in.
  "/admin/webhooks": { access: "admin", url: () => "/admin/webhooks", control: { as: "admin", shows: (w) => w.webhook.url } },
  "/admin/webhooks/[id]": { access: "admin", url: (w) => `/admin/webhooks/${w.webhook.id}`, control: { as: "admin", shows: (w) => w.webhook.url } },
  // next-auth's endpoints: the session endpoint answers each caller about itself only.
  "/api/auth/[...nextauth]": { access: "public", url: () => "/api/auth/session", control: { as: "memberB", shows: (w) => w.b.member.email } },
  // SNS's deliveries (POST) are believed only with a valid SNS signature: lib/registration/sns/ingress.test.ts.
  "/api/aws/sns": { access: "public", url: () => "/api/aws/sns", control: { as: "anonymous", shows: () => "Rolegate's SNS endpoint" } },
  "/api/health": { access: "public", url: () => "/api/health", control: { as: "anonymous", shows: () => '"status":"ok"' } },
  // The token is the credential: with a guess (here B's invite *id*) nobody learns anything.
  "/invite/[token]": { access: "public", url: (w) => `/invite/${w.b.pendingInvite.id}`, control: { as: "anonymous", url: (w) => `/invite/${w.b.pendingInvite.token}`, shows: (w) => w.b.pendingInvite.email } },
  "/onboarding": { access: "member", url: (w) => `/onboarding?connection=${conn(w).id}`, control: { as: "memberB", shows: (w) => conn(w).roleArn } },
  // What a page waiting for its stack polls: the organisation's own newest registered connection only.
  "/onboarding/registration": { access: "member", url: () => "/onboarding/registration?since=900000", control: { as: "memberB", shows: (w) => conn(w).roleArn } },
  "/sign-in": { access: "public", url: (w) => `/sign-in?callbackUrl=/admin/organizations/${w.b.id}`, control: { as: "anonymous", shows: () => "Sign in to Rolegate" } },
  "/templates/[file]": { access: "public", url: () => "/templates/rolegate-role.yaml", control: { as: "anonymous", shows: () => "AWSTemplateFormatVersion" } },
};

const password = { password: "a new password 123", confirm: "a new password 123" };
/** The admin's password, which dangerous actions ask for again: the attacks carry it, so only the access check can stop them. */
const reauth = { currentPassword: e2e.adminPassword };
/** Someone else's password and code: what a member who took over a session would not know. */
const notMine = { currentPassword: "not my password", currentCode: "123456" };
/** Well-formed single sign-on settings (the test provider's issuer), so that only the access check can stop them. */
const ssoSettings = { displayName: "Attack SSO", issuer: e2e.idpURL, clientId: "attacker", clientSecret: "attacker-secret", domains: "attack.example" };

export const ACTIONS: Record<string, ActionEntry> = {
  "lib/actions/auth/accept-invite.ts#acceptInviteAction": {
    access: "public",
    page: (w) => `/invite/${w.b.pendingInvite.id}`,
    attack: (w) => form({ token: w.b.pendingInvite.id, name: "Mallory", ...password }),
    memberA: /invite link is not valid/,
    control: { as: "anonymous", args: (w) => form({ token: w.b.usedInviteToken, name: "Mallory", ...password }), says: /already been used/ },
  },
  "lib/actions/auth/change-password.ts#changePasswordAction": {
    access: "signed-in",
    page: () => "/account/password",
    attack: () => form({ current: "not my password", ...password }),
    memberA: /current password is wrong/,
    control: { as: "memberB", args: () => form({ current: "not my password", ...password }), says: /current password is wrong/ },
  },
  // Two-factor authentication: only ever the caller's own account, and each change asks for the password first.
  "lib/actions/account/mfa.ts#startMfaEnrolmentAction": {
    access: "signed-in",
    page: () => "/account/security",
    attack: () => form(notMine),
    memberA: /password is not right/,
    control: { as: "memberB", args: () => form(notMine), says: /password is not right/ },
  },
  "lib/actions/account/mfa.ts#confirmMfaEnrolmentAction": {
    access: "signed-in",
    page: () => "/account/security",
    attack: () => form({ code: "123456" }),
    memberA: /Start the enrolment again/,
    control: { as: "memberB", args: () => form({ code: "123456" }), says: /Start the enrolment again/ },
  },
  "lib/actions/account/mfa.ts#regenerateRecoveryCodesAction": {
    access: "signed-in",
    page: () => "/account/security",
    attack: () => form(notMine),
    memberA: /password is not right/,
    control: { as: "memberB", args: () => form(notMine), says: /password is not right/ },
  },
  "lib/actions/account/mfa.ts#disableMfaAction": {
    access: "signed-in",
    page: () => "/account/security",
    attack: () => form(notMine),
    memberA: /password is not right/,
    control: { as: "memberB", args: () => form(notMine), says: /password is not right/ },
  },
  // The same role in another organisation is that organisation's own connection; an "already
  // connected" here would tell A that B uses the role.
  "lib/actions/account/update-mail-preferences.ts#updateMailPreferencesAction": {
    access: "signed-in",
    page: () => "/account/notifications",
    // Only ever the caller's own choices: there is no id to aim at another person's.
    attack: () => form({ statusChanges: "on", rotationNotices: "on" }),
    memberA: /Your e-mail choices are saved/,
    control: { as: "memberB", args: () => form({ statusChanges: "maybe" }), says: /Check the highlighted fields/ },
  },
  "lib/actions/connections/add-connection.ts#addConnectionAction": {
    access: "member",
    page: () => "/onboarding",
    attack: (w) => form({ roleArn: conn(w).roleArn }),
    memberA: /will be connected through/,
    echoes: (w) => [conn(w).roleArn, conn(w).accountId],
    control: { as: "memberB", args: (w) => form({ roleArn: conn(w).roleArn }), says: /already connected/ },
  },
  "lib/actions/connections/confirm-stack-update.ts#confirmStackUpdateAction": {
    access: "signed-in",
    page: () => "/onboarding",
    attack: (w) => form({ connectionId: conn(w).id }),
    control: { as: "memberB", args: (w) => form({ connectionId: conn(w).id }), says: /already uses your current External ID/ },
  },
  "lib/actions/connections/remove-connection.ts#removeConnectionAction": {
    access: "signed-in",
    page: () => "/accounts",
    attack: (w) => form({ connectionId: conn(w).id }),
    control: { as: "memberB", args: () => form({ connectionId: unknownId() }), says: /Connection not found/ },
  },
  "lib/actions/connections/verify-connection.ts#verifyConnectionAction": {
    access: "signed-in",
    page: () => "/onboarding",
    attack: (w) => [{ connectionId: conn(w).id, trigger: "manual" }],
    control: { as: "memberB", args: () => [{ connectionId: unknownId(), trigger: "manual" }], says: /Connection not found/ },
  },
  "lib/actions/admin/cancel-job.ts#cancelJobAction": {
    access: "admin",
    page: (w) => `/admin/jobs/${w.jobId}`,
    attack: (w) => form({ jobId: w.jobId }),
    control: { as: "admin", args: () => form({ jobId: unknownId() }), says: /Job not found/ },
  },
  "lib/actions/admin/disconnect-connection.ts#disconnectConnectionAction": {
    access: "admin",
    page: (w) => `/admin/connections/${conn(w).id}`,
    attack: (w) => form({ connectionId: conn(w).id }),
    control: { as: "admin", args: () => form({ connectionId: unknownId() }), says: /Connection not found/ },
  },
  "lib/actions/admin/rotate-external-id.ts#rotateExternalIdAction": {
    access: "admin",
    page: (w) => `/admin/organizations/${w.b.id}`,
    attack: (w) => form({ organizationId: w.b.id, ...reauth }),
    control: { as: "admin", args: () => form({ organizationId: unknownId(), ...reauth }), says: /Organisation not found/ },
  },
  // Linking single sign-on: only to the caller's own account, an admin's, after the password.
  "lib/actions/account/sso-link.ts#startSsoLinkAction": {
    access: "admin",
    page: () => "/account/security",
    attack: () => form(reauth),
    control: { as: "admin", args: () => form({ currentPassword: "not my password" }), says: /password is not right/ },
  },
  // A customer organisation's single sign-on: partner admins only, after the password.
  "lib/actions/admin/organization-sso.ts#saveOrganizationSsoAction": {
    access: "admin",
    page: (w) => `/admin/organizations/${w.b.id}`,
    attack: (w) => form({ organizationId: w.b.id, ...ssoSettings, ...reauth }),
    echoes: () => Object.values(ssoSettings).filter((v) => v !== ssoSettings.clientSecret),
    control: { as: "admin", args: () => form({ organizationId: unknownId(), ...ssoSettings, ...reauth }), says: /Organisation not found/ },
  },
  "lib/actions/admin/organization-sso.ts#setOrganizationSsoEnabledAction": {
    access: "admin",
    page: (w) => `/admin/organizations/${w.b.id}`,
    attack: (w) => form({ organizationId: w.b.id, enabled: "false", ...reauth }),
    control: { as: "admin", args: () => form({ organizationId: unknownId(), enabled: "false", ...reauth }), says: /has no single sign-on/ },
  },
  "lib/actions/admin/organization-sso.ts#removeOrganizationSsoAction": {
    access: "admin",
    page: (w) => `/admin/organizations/${w.b.id}`,
    attack: (w) => form({ organizationId: w.b.id, ...reauth }),
    control: { as: "admin", args: () => form({ organizationId: unknownId(), ...reauth }), says: /has no single sign-on/ },
  },
  // Linking the organisation's single sign-on: only to the caller's own account, after its password.
  "lib/actions/account/sso-link.ts#startOrgSsoLinkAction": {
    access: "member",
    page: () => "/account/security",
    attack: () => form(notMine),
    memberA: /password is not right/,
    control: { as: "memberB", args: () => form(notMine), says: /password is not right/ },
  },
  // Says only whether an e-mail's domain has a single sign-on; B's has none.
  "lib/actions/auth/find-company-sso.ts#findCompanySsoAction": {
    access: "public",
    page: () => "/sign-in",
    attack: (w) => form({ email: w.b.member.email }),
    memberA: /no single sign-on for this e-mail's domain/,
    echoes: (w) => [w.b.member.email],
    control: { as: "anonymous", args: (w) => form({ email: w.b.member.email }), says: /no single sign-on for this e-mail's domain/ },
  },
  "lib/actions/admin/revoke-registration-token.ts#revokeRegistrationTokenAction": {
    access: "admin",
    page: (w) => `/admin/organizations/${w.b.id}`,
    attack: (w) => form({ organizationId: w.b.id }),
    control: { as: "admin", args: () => form({ organizationId: unknownId() }), says: /Organisation not found/ },
  },
  "lib/actions/admin/reverify-deployment.ts#reverifyDeploymentAction": {
    access: "admin",
    page: (w) => `/admin/organizations/${w.b.id}`,
    attack: (w) => form({ organizationId: w.b.id, deploymentId: unknownId() }),
    control: { as: "admin", args: () => form({ organizationId: unknownId(), deploymentId: unknownId() }), says: /no connected account to re-verify/ },
  },
  "lib/actions/admin/start-bulk-verification.ts#startBulkVerificationAction": {
    access: "admin",
    page: () => "/admin/jobs",
    attack: (w) => form({ scope: "selection", connectionId: w.b.connections.map((c) => c.id) }),
    control: { as: "admin", args: () => form({ scope: "selection", connectionId: unknownId() }), says: /None of the selected connections/ },
  },
  "lib/actions/invites/create-invite.ts#createInviteAction": {
    access: "admin",
    page: (w) => `/admin/organizations/${w.b.id}`,
    attack: (w) => form({ organizationId: w.b.id, email: `${w.forged}@forged.test` }),
    echoes: (w) => [`${w.forged}@forged.test`],
    control: { as: "admin", args: (w) => form({ organizationId: unknownId(), email: `${w.forged.replace(/^Forged/, "control")}@forged.test` }), says: /Organisation not found/ },
  },
  "lib/actions/invites/revoke-invite.ts#revokeInviteAction": {
    access: "admin",
    page: (w) => `/admin/organizations/${w.b.id}`,
    attack: (w) => form({ inviteId: w.b.pendingInvite.id, organizationId: w.b.id }),
    control: { as: "admin", args: (w) => form({ inviteId: unknownId(), organizationId: w.b.id }), says: /no longer pending/ },
  },
  // API keys and webhook endpoints act for the partner as a whole: no organisation's ids to aim at,
  // so the attacks are the requests an admin would send, refused to members and strangers.
  "lib/actions/api-keys/create-api-key.ts#createApiKeyAction": {
    access: "admin",
    page: () => "/admin/api-keys",
    attack: (w) => form({ name: w.forged, scope: "write", ...reauth }),
    echoes: (w) => [w.forged],
    control: { as: "admin", args: (w) => form({ name: w.forged.replace(/^Forged/, "Control"), scope: "read", ...reauth }), says: /created/ },
  },
  "lib/actions/api-keys/revoke-api-key.ts#revokeApiKeyAction": {
    access: "admin",
    page: () => "/admin/api-keys",
    attack: (w) => form({ apiKeyId: w.apiKey.id }),
    control: { as: "admin", args: () => form({ apiKeyId: unknownId() }), says: /does not exist or is already revoked/ },
  },
  "lib/actions/webhooks/create-webhook.ts#createWebhookAction": {
    access: "admin",
    page: () => "/admin/webhooks",
    attack: (w) => form({ url: `https://${w.forged.toLowerCase()}.example/hooks`, events: ["*"] }),
    control: { as: "admin", args: (w) => form({ url: `ftp://${w.forged.toLowerCase()}.example/hooks`, events: ["*"] }), says: /Use an https:\/\// },
  },
  "lib/actions/webhooks/delete-webhook.ts#deleteWebhookAction": {
    access: "admin",
    page: () => "/admin/webhooks",
    attack: (w) => form({ webhookId: w.webhook.id }),
    control: { as: "admin", args: () => form({ webhookId: unknownId() }), says: /Webhook endpoint not found/ },
  },
  "lib/actions/webhooks/enable-webhook.ts#enableWebhookAction": {
    access: "admin",
    page: () => "/admin/webhooks",
    attack: (w) => form({ webhookId: w.webhook.id }),
    control: { as: "admin", args: () => form({ webhookId: unknownId() }), says: /Webhook endpoint not found/ },
  },
  "lib/actions/webhooks/retry-delivery.ts#retryDeliveryAction": {
    access: "admin",
    page: (w) => `/admin/webhooks/${w.webhook.id}`,
    attack: (w) => form({ webhookId: w.webhook.id, deliveryId: unknownId() }),
    control: { as: "admin", args: () => form({ webhookId: unknownId(), deliveryId: unknownId() }), says: /Webhook endpoint not found/ },
  },
  "lib/actions/organizations/create-organization.ts#createOrganizationAction": {
    access: "admin",
    page: () => "/admin/organizations",
    attack: (w) => form({ name: w.forged }),
    echoes: (w) => [w.forged],
    control: { as: "admin", args: (w) => form({ name: w.forged.replace(/^Forged/, "Control") }), says: /created/ },
  },
};
