import type { APIRequestContext } from "@playwright/test";
import fc from "fast-check";
import { EVENT_TYPES } from "../lib/events/types";
import { actionByKey, callAction, formArgsOf, serverActions, type ActionCall } from "./support/actions";
import { adminApi, anonymousApi, signedInApi, testAddress } from "./support/api-session";
import { email, field, formArgs, passwords, roleArn } from "./support/form-fuzz";
import { FUZZ, fuzz, idLike, MARKUP, text } from "./support/fuzz";
import { fetchPage, saying, visibleText } from "./support/observe";
import { tenantCounts, type TenantCounts } from "./support/tenant-state";
import { newTenant, PASSWORD, type Tenant } from "./support/tenants";
import { CREATE_WEBHOOK, deleteEndpoint } from "./support/webhook-endpoints";
import { e2e, expect, test } from "./fixtures";

// Every server action with fuzzed arguments, as its rightful caller would send them (so the input,
// not the access check, is what stops them). No 5xx, no "something went wrong" (an unexpected error
// behind a polite message), and the organisation changes by exactly what the accepted cases did.

type Who = "anonymous" | "member" | "admin";
type Target = {
  as: Who;
  page: (t: Tenant) => string;
  args: (t: Tenant) => fc.Arbitrary<unknown[]>;
  /** What the accepted cases may change; without it, nothing may be accepted. */
  change?: (counts: TenantCounts, accepted: unknown[][]) => void;
};

const ids = (t: Tenant) => t.connections.map((c) => c.id);
const withConnection = (t: Tenant) => formArgs(fc.record({ connectionId: idLike(ids(t)) }));
const notAScope = text.filter((s) => s !== "all" && s !== "failed"); // those would re-verify every tenant's connections

const CREATE_KEY = "lib/actions/api-keys/create-api-key.ts#createApiKeyAction";
/** The ids of what an earlier target created (its accepted calls' `data.id`): the later targets aim at them. */
const createdBy = (key: string) => (accepted.get(key) ?? []).map(({ call }) => String((call.value as { data?: { id?: string } }).data?.id));
// Valid endpoint URLs are a small share, on a port where nothing listens: each accepted case is a real
// endpoint until the last test deletes it, and there may be only 50.
const webhookUrl = fc.oneof(
  { weight: 1, arbitrary: fc.uuid().map((u) => `http://127.0.0.1:9/fuzz/${u}`) },
  { weight: 1, arbitrary: fc.constantFrom(...MARKUP).map((m) => `http://127.0.0.1:9/${m}`) },
  { weight: 8, arbitrary: fc.oneof(text, fc.constantFrom("ftp://127.0.0.1/x", "http://user:pw@127.0.0.1:9/", "http://127.0.0.1:9/#x", "//127.0.0.1", "https://")) },
);
const eventTypes: fc.Arbitrary<string[]> = fc.oneof(fc.constant<string[]>(["*"]), fc.subarray<string>([...EVENT_TYPES], { minLength: 1 }), fc.array(text, { maxLength: 3 }), text.map((t) => [t]));

// In file order: what needs the tenant intact first, what disconnects or rotates last.
const TARGETS: Record<string, Target> = {
  "lib/actions/auth/accept-invite.ts#acceptInviteAction": {
    as: "anonymous",
    page: (t) => `/invite/${t.pendingInvite.token}`,
    args: (t) => formArgs(fc.record({ token: idLike([t.pendingInvite.token]), name: field(fc.constant("Fuzz Person")) }).chain((f) => passwords.map((p) => ({ ...f, ...p })))),
    change: (c, accepted) => ((c.members += accepted.length), (c.invites.pending -= accepted.length), (c.invites.accepted += accepted.length)),
  },
  "lib/actions/auth/change-password.ts#changePasswordAction": {
    as: "member",
    page: () => "/account/password",
    args: () => formArgs(fc.record({ current: field(fc.constant("not the password")) }).chain((f) => passwords.map((p) => ({ ...f, ...p })))),
  },
  // The member's own e-mail choices: accepted cases change nothing the admin counts.
  "lib/actions/account/update-mail-preferences.ts#updateMailPreferencesAction": {
    as: "member",
    page: () => "/account/notifications",
    args: () => formArgs(fc.record({ statusChanges: field(fc.constantFrom("on", "off")), rotationNotices: field(fc.constantFrom("on")), digest: field(fc.constantFrom("on")) })),
    change: () => {},
  },
  // Two-factor authentication with passwords and codes that are not the member's: nothing may be accepted.
  "lib/actions/account/mfa.ts#startMfaEnrolmentAction": { as: "member", page: () => "/account/security", args: () => formArgs(fc.record({ currentPassword: field(fc.constant("not the password")) })) },
  "lib/actions/account/mfa.ts#confirmMfaEnrolmentAction": { as: "member", page: () => "/account/security", args: () => formArgs(fc.record({ code: field(fc.stringMatching(/^\d{6}$/)) })) },
  "lib/actions/account/mfa.ts#regenerateRecoveryCodesAction": {
    as: "member",
    page: () => "/account/security",
    args: () => formArgs(fc.record({ currentPassword: field(fc.constant("not the password")), currentCode: field(fc.stringMatching(/^\d{6}$/)) })),
  },
  "lib/actions/account/mfa.ts#disableMfaAction": {
    as: "member",
    page: () => "/account/security",
    args: () => formArgs(fc.record({ currentPassword: field(fc.constant("not the password")), currentCode: field(fc.stringMatching(/^\d{6}$/)) })),
  },
  // Linking single sign-on: an accepted case only marks the fuzzer's own next sign-in with the
  // provider. The password is always the admin's: wrong ones would use up the admin's confirmations.
  "lib/actions/account/sso-link.ts#startSsoLinkAction": {
    as: "admin",
    page: () => "/account/security",
    args: () => formArgs(fc.record({ currentPassword: fc.constant(e2e.adminPassword) })),
    change: () => {},
  },
  "lib/actions/account/sso-link.ts#startOrgSsoLinkAction": { as: "member", page: () => "/account/security", args: () => formArgs(fc.record({ currentPassword: field(fc.constant("not the password")) })) },
  // A work e-mail: no fuzzed domain has a single sign-on, and finding one changes nothing.
  "lib/actions/auth/find-company-sso.ts#findCompanySsoAction": { as: "anonymous", page: () => "/sign-in", args: () => formArgs(fc.record({ email })), change: () => {} },
  "lib/actions/connections/add-connection.ts#addConnectionAction": {
    as: "member",
    page: () => "/onboarding",
    args: () => formArgs(fc.record({ roleArn })),
    // A member's pasted ARN is a draft until it verifies: not in the admin's export, so no count moves.
    change: () => undefined,
  },
  "lib/actions/connections/confirm-stack-update.ts#confirmStackUpdateAction": { as: "member", page: () => "/onboarding", args: withConnection },
  "lib/actions/connections/verify-connection.ts#verifyConnectionAction": {
    as: "member",
    page: () => "/onboarding",
    args: (t) =>
      fc.oneof(
        { weight: 9, arbitrary: fc.record({ connectionId: idLike(ids(t)), trigger: field(fc.constantFrom("manual", "onboarding")) }).map((a) => [{ ...a }]) },
        { weight: 1, arbitrary: fc.array(fc.jsonValue(), { maxLength: 3 }) },
      ),
    change: (c, accepted) => void (c.verifications += accepted.length),
  },
  "lib/actions/admin/cancel-job.ts#cancelJobAction": { as: "admin", page: () => "/admin/jobs", args: () => formArgs(fc.record({ jobId: idLike([]) })) },
  // Arguments of other shapes are left out: this action reads them before checking (see the report on issue 6).
  "lib/actions/admin/start-bulk-verification.ts#startBulkVerificationAction": {
    as: "admin",
    page: () => "/admin/jobs",
    args: () => formArgs(fc.record({ scope: fc.oneof(fc.constant("selection"), notAScope), connectionId: fc.array(idLike([]), { maxLength: 4 }) }), false),
  },
  "lib/actions/organizations/create-organization.ts#createOrganizationAction": {
    as: "admin",
    page: () => "/admin/organizations",
    args: () => formArgs(fc.record({ name: field(fc.uuid().map((u) => `Fuzz org ${u}`)) })),
    change: () => {}, // other organisations: checked by the test below
  },
  "lib/actions/invites/create-invite.ts#createInviteAction": {
    as: "admin",
    page: (t) => `/admin/organizations/${t.id}`,
    args: (t) => formArgs(fc.record({ organizationId: idLike([t.id]), email })),
    change: (c, accepted) => {
      // A new invite for the same address replaces the pending one.
      const distinct = new Set(accepted.map((a) => String(formArgsOf(a).get("email")).trim().toLowerCase())).size;
      c.invites.pending += distinct;
      c.invites.revoked += accepted.length - distinct;
    },
  },
  "lib/actions/invites/revoke-invite.ts#revokeInviteAction": {
    as: "admin",
    page: (t) => `/admin/organizations/${t.id}`,
    args: (t) => formArgs(fc.record({ inviteId: idLike([t.pendingInvite.id]), organizationId: idLike([t.id]) })),
    change: (c, accepted) => ((c.invites.pending -= accepted.length), (c.invites.revoked += accepted.length)),
  },
  "lib/actions/admin/rotate-external-id.ts#rotateExternalIdAction": {
    as: "admin",
    page: (t) => `/admin/organizations/${t.id}`,
    args: (t) => formArgs(fc.record({ organizationId: idLike([t.id]), currentPassword: fc.constant(e2e.adminPassword) })),
    change: (c, accepted) => void (c.externalIds += accepted.length),
  },
  // The organisation's single sign-on: accepted settings are not among the counts the admin sees.
  // The password is always the admin's; the issuer is sometimes the test provider's, which answers.
  "lib/actions/admin/organization-sso.ts#saveOrganizationSsoAction": {
    as: "admin",
    page: (t) => `/admin/organizations/${t.id}`,
    args: (t) =>
      formArgs(
        fc.record({
          organizationId: idLike([t.id]),
          displayName: field(fc.constantFrom("Fuzz SSO", ...MARKUP)),
          issuer: field(fc.constantFrom(e2e.idpURL, `${e2e.idpURL}/`, "https://127.0.0.1:9", "http://127.0.0.1:9", "https://user:pw@127.0.0.1:9", "javascript:alert(1)")),
          clientId: field(fc.constantFrom("fuzz-client", ...MARKUP)),
          clientSecret: field(fc.constant("fuzz-secret")),
          domains: field(fc.uuid().map((u) => `f${u.slice(0, 8)}.example, F${u.slice(9, 13)}.Example`)),
          trustEmailForLinking: field(fc.constantFrom("on")),
          currentPassword: fc.constant(e2e.adminPassword),
        }),
      ),
    change: () => {},
  },
  "lib/actions/admin/organization-sso.ts#setOrganizationSsoEnabledAction": {
    as: "admin",
    page: (t) => `/admin/organizations/${t.id}`,
    args: (t) => formArgs(fc.record({ organizationId: idLike([t.id]), enabled: field(fc.constantFrom("true", "false")), currentPassword: fc.constant(e2e.adminPassword) })),
    change: () => {},
  },
  "lib/actions/admin/organization-sso.ts#removeOrganizationSsoAction": {
    as: "admin",
    page: (t) => `/admin/organizations/${t.id}`,
    args: (t) => formArgs(fc.record({ organizationId: idLike([t.id]), currentPassword: fc.constant(e2e.adminPassword) })),
    change: () => {},
  },
  // The fuzzed organisation has no AWS Organization deployment: every case is refused with a message.
  "lib/actions/admin/reverify-deployment.ts#reverifyDeploymentAction": {
    as: "admin",
    page: (t) => `/admin/organizations/${t.id}`,
    args: (t) => formArgs(fc.record({ organizationId: idLike([t.id]), deploymentId: idLike([]) })),
  },
  "lib/actions/admin/revoke-registration-token.ts#revokeRegistrationTokenAction": {
    as: "admin",
    page: (t) => `/admin/organizations/${t.id}`,
    args: (t) => formArgs(fc.record({ organizationId: idLike([t.id]) })),
    change: () => {}, // a new registration token: nothing the organisation's counts show
  },
  "lib/actions/connections/remove-connection.ts#removeConnectionAction": {
    as: "member",
    page: () => "/accounts",
    args: withConnection,
    change: (c, accepted) => ((c.connections.verified -= accepted.length), (c.connections.disconnected += accepted.length)),
  },
  "lib/actions/admin/disconnect-connection.ts#disconnectConnectionAction": {
    as: "admin",
    page: (t) => `/admin/connections/${t.connections[0]!.id}`,
    args: (t) => formArgs(fc.record({ connectionId: idLike(ids(t)) })),
    change: (c, accepted) => ((c.connections.verified -= accepted.length), (c.connections.disconnected += accepted.length)),
  },
  // Keys and endpoints belong to no organisation: the tenant stays as it was; the last test checks them.
  [CREATE_KEY]: {
    as: "admin",
    page: () => "/admin/api-keys",
    // The password is always the admin's: wrong ones would be failed sign-ins, and slow the admin down.
    args: () =>
      formArgs(
        fc.record({
          name: field(fc.oneof(fc.uuid().map((u) => `Fuzz key ${u}`), fc.constantFrom(...MARKUP))),
          scope: field(fc.constantFrom("read", "write")),
          currentPassword: fc.constant(e2e.adminPassword),
        }),
      ),
    change: () => {},
  },
  "lib/actions/api-keys/revoke-api-key.ts#revokeApiKeyAction": {
    as: "admin",
    page: () => "/admin/api-keys",
    args: () => formArgs(fc.record({ apiKeyId: idLike(createdBy(CREATE_KEY)) })),
    change: () => {},
  },
  [CREATE_WEBHOOK]: {
    as: "admin",
    page: () => "/admin/webhooks",
    args: () => formArgs(fc.record({ url: webhookUrl, description: field(fc.oneof(fc.constant(""), fc.constantFrom(...MARKUP))), events: eventTypes })),
    change: () => {},
  },
  "lib/actions/webhooks/enable-webhook.ts#enableWebhookAction": {
    as: "admin",
    page: () => "/admin/webhooks",
    args: () => formArgs(fc.record({ webhookId: idLike(createdBy(CREATE_WEBHOOK)) })),
    change: () => {},
  },
  "lib/actions/webhooks/retry-delivery.ts#retryDeliveryAction": {
    as: "admin",
    page: () => `/admin/webhooks/${createdBy(CREATE_WEBHOOK)[0] ?? "x"}`,
    args: () => formArgs(fc.record({ webhookId: idLike(createdBy(CREATE_WEBHOOK)), deliveryId: idLike([]) })),
  },
  "lib/actions/webhooks/delete-webhook.ts#deleteWebhookAction": {
    as: "admin",
    page: () => "/admin/webhooks",
    args: () => formArgs(fc.record({ webhookId: idLike(createdBy(CREATE_WEBHOOK)) })),
    change: () => {},
  },
};

let tenant: Tenant;
const api = {} as Record<Who, APIRequestContext>;
const accepted = new Map<string, { args: unknown[]; call: ActionCall }[]>();

test.beforeAll(async () => {
  test.setTimeout(120_000);
  api.admin = await adminApi();
  api.anonymous = await anonymousApi();
  tenant = await newTenant(api.admin, "FuzzActions", { verified: 2, pending: 0 });
  api.member = tenant.member.api;
});
test.afterAll(async () => Promise.all(Object.values(api).map((a) => a?.dispose())));

test("every server action has a fuzz target", () => {
  expect(serverActions().map((a) => a.key).filter((k) => !(k in TARGETS))).toEqual([]);
});

/** Whether the action did what was asked: a form's `ok`, a finished verification, a redirect to the new job. */
function wasAccepted(call: ActionCall): boolean {
  if (call.stream) return call.stream.some((e) => (e as { type?: string }).type === "done");
  return (call.value as { ok?: boolean } | undefined)?.ok === true || Boolean(call.headers["x-action-redirect"]);
}

for (const [key, target] of Object.entries(TARGETS)) {
  const name = key.split("#")[1]!;
  test(`fuzz ${name}`, async ({ adminPage }) => {
    test.setTimeout(90_000 + FUZZ.runs * 300);
    const action = actionByKey(key);
    const before = await tenantCounts(adminPage, tenant);
    const mine: { args: unknown[]; call: ActionCall }[] = [];
    await fuzz(name, target.args(tenant), async (args) => {
      // Every call from an address of its own: invite lookups and password checks are limited per
      // address, and the hundreds of wrong passwords sent here must not hold back the other tests.
      const headers = { "x-forwarded-for": testAddress() };
      const call = await callAction(api[target.as], action, target.page(tenant), args, { headers });
      expect(call.status, call.text.slice(0, 300)).toBeLessThan(500);
      expect(call.error, "the action threw").toBeUndefined();
      expect(saying(call)).not.toMatch(/went wrong on our side|could not be completed or saved/);
      if (!wasAccepted(call)) return "refused";
      mine.push({ args, call });
      return "accepted";
    });
    accepted.set(key, mine);
    const after = structuredClone(before);
    if (target.change) target.change(after, mine.map((m) => m.args));
    else expect(mine.length, "cases accepted where none may be").toBe(0);
    expect(await tenantCounts(adminPage, tenant), "the organisation, as the admin counts it").toEqual(after);
  });
}

test("fuzzed names are stored only when accepted, and shown escaped wherever they appear", async () => {
  const created = accepted.get("lib/actions/organizations/create-organization.ts#createOrganizationAction") ?? [];
  // The list shows pages of organisations: the newest hundred, and each created one on its own page.
  const list = await fetchPage(api.admin, "/admin/organizations?sort=created&dir=desc&size=100");
  const own = await Promise.all(created.map(({ call }) => fetchPage(api.admin, `/admin/organizations/${(call.value as { data: { id: string } }).data.id}`)));
  for (const page of own) expect(page.status).toBe(200);
  const pages = [list, ...own, ...(await Promise.all([`/admin/organizations/${tenant.id}`, `/admin/connections?org=${tenant.id}`].map((p) => fetchPage(api.admin, p))))];
  pages.push(await fetchPage(api.member, "/accounts"));
  for (const page of pages) for (const payload of MARKUP) expect(page.text.includes(payload), `unescaped ${payload}`).toBe(false);
  // Rejected names (control characters, over 100 characters) were not stored.
  expect(visibleText(list.text)).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  const names = [...list.text.matchAll(/href="\/admin\/organizations\/[0-9a-f-]{36}"[^>]*>([^<]*)<\/a>/g)].map((m) => m[1]!.replace(/&(amp|lt|gt|quot|#x27);/g, "_"));
  expect(names.filter((n) => n.length > 100)).toEqual([]);
  // The member's password is unchanged: no fuzzed "current password" was right.
  await (await signedInApi(tenant.member.email, PASSWORD)).dispose();
});

test("fuzzed key names and endpoint descriptions are shown escaped; the endpoints the fuzz added are deleted", async () => {
  const keys = await fetchPage(api.admin, "/admin/api-keys");
  for (const { call } of accepted.get(CREATE_KEY) ?? []) expect(keys.text).toContain(`${(call.value as { data: { prefix: string } }).data.prefix}…`);
  const endpoints = createdBy(CREATE_WEBHOOK);
  const list = await fetchPage(api.admin, "/admin/webhooks");
  for (const page of [keys, list]) for (const payload of MARKUP) expect(page.text.includes(payload), `unescaped ${payload}`).toBe(false);
  for (const id of endpoints) await deleteEndpoint(api.admin, id);
  const after = await fetchPage(api.admin, "/admin/webhooks");
  expect(endpoints.filter((id) => after.text.includes(`/admin/webhooks/${id}`))).toEqual([]);
});
