import type { APIRequestContext } from "@playwright/test";
import { ACTIONS, ROUTES, type Caller, type World } from "./support/access-table";
import { actionByKey, callAction, serverActions } from "./support/actions";
import { adminApi, anonymousApi } from "./support/api-session";
import { expectNoLeak, fetchPage, organizationsNamed, saying, stateOf } from "./support/observe";
import { appRoutes, isPartnerApi, workerPattern } from "./support/surface";
import { createKey } from "./support/api-keys";
import { newTenant, secretsOf } from "./support/tenants";
import { bulkJob, inviteMailOf } from "./support/world";
import { createEndpoint, deleteEndpoint } from "./support/webhook-endpoints";
import { expect, test, unique } from "./fixtures";

// Tenant isolation, exhaustively: every page, route handler and server action of the build is in
// the access table (support/access-table.ts), and each is tried by a stranger and by organisation
// A's member against organisation B's ids, after its rightful user has shown that the same request
// works. Nothing of B may appear in their answers, and B must look the same to the admin afterwards.

const FOREIGN_ORIGIN = "https://evil.example";
const world = {} as World;
const api = {} as Record<Caller, APIRequestContext>;
let before: Record<string, string>;
const observe = () => stateOf(api.admin, world.b, [`/admin/jobs/${world.jobId}`]);

test.beforeAll(async () => {
  test.setTimeout(120_000);
  api.admin = await adminApi();
  api.anonymous = await anonymousApi();
  world.b = await newTenant(api.admin, "Theirs");
  world.a = await newTenant(api.admin, "Mine", { verified: 0, pending: 1 });
  world.forged = unique("Forged");
  api.memberA = world.a.member.api;
  api.memberB = world.b.member.api;
  world.jobId = await bulkJob(api.admin, world.b.connections[0]!.id);
  world.mailId = await inviteMailOf(api.admin, world.b.pendingInvite.email);
  // Subscribed to an event no other test causes, so that nothing is sent to its closed port.
  world.webhook = await createEndpoint(api.admin, `http://127.0.0.1:9/${unique("surface")}`, ["organization.external_id_rotated"]);
  world.apiKey = await createKey(api.admin, unique("Surface"), "write");
  before = await observe();
});
test.afterAll(async () => {
  if (world.webhook) await deleteEndpoint(api.admin, world.webhook.id);
  await Promise.all(Object.values(api).map((a) => a?.dispose()));
});

test("every page, route handler and server action is in the access table", () => {
  // The partner API authenticates with keys, not sessions: e2e/api-access.spec.ts covers /api/v1.
  const routes = appRoutes()
    .map((r) => r.pattern)
    .filter((p) => !isPartnerApi(p));
  expect(routes.filter((r) => !(r in ROUTES)), "pages and route handlers missing from ROUTES").toEqual([]);
  expect(Object.keys(ROUTES).filter((r) => !routes.includes(r)), "ROUTES entries that no longer exist").toEqual([]);
  const actions = serverActions();
  expect(actions.length).toBeGreaterThan(10);
  expect(actions.map((a) => a.key).filter((k) => !(k in ACTIONS)), "server actions missing from ACTIONS").toEqual([]);
  expect(Object.keys(ACTIONS).filter((k) => !actions.some((a) => a.key === k)), "ACTIONS entries that no longer exist").toEqual([]);
});

test.describe("pages and route handlers", () => {
  const kinds = new Map(appRoutes().map((r) => [r.pattern, r.kind]));
  for (const [pattern, entry] of Object.entries(ROUTES)) {
    test(`${pattern} (${entry.access})`, async () => {
      const url = entry.url(world);
      // Values the attacker put in the URL may come back (Next.js echoes the URL in its payload).
      const secrets = secretsOf(world.b).filter((s) => !url.includes(s));
      const own = await fetchPage(api[entry.control.as], entry.control.url?.(world) ?? url);
      expect(own.status, `${entry.control.as} at ${url}`).toBeLessThan(400);
      expect(`${own.location} ${own.text}`.includes(entry.control.shows(world)), `${entry.control.as} sees ${entry.control.shows(world)}`).toBe(true);

      const stranger = await fetchPage(api.anonymous, url);
      if (entry.access === "public") expect(stranger.status).toBeLessThan(500);
      else if (kinds.get(pattern) === "route") expect(stranger.status).toBe(401);
      else expect(stranger.location, "signed-out visitors go to sign-in").toMatch(/^\/sign-in/);
      expectNoLeak(stranger.text, secrets, `anonymous GET ${url}`);

      const member = await fetchPage(api.memberA, url);
      if (entry.access !== "admin") expect(member.status).toBeLessThan(400);
      else if (kinds.get(pattern) === "route") expect(member.status).toBe(403);
      else expect(member.location, "members are sent home from admin pages").toBe("/onboarding");
      expectNoLeak(member.text, secrets, `A's member GET ${url}`);
    });
  }
});

test.describe("server actions", () => {
  for (const [key, entry] of Object.entries(ACTIONS)) {
    test(`${key.split("#")[1]} (${entry.access})`, async () => {
      const action = actionByKey(key);
      const page = entry.page(world);
      const hosts = action.workers.map((w) => new RegExp(`^${workerPattern(w).replace(/\[[^\]]+\]/g, "[^/]+")}$`));
      expect(hosts.some((h) => h.test(page.split("?")[0]!)), `${page} hosts the action`).toBe(true);
      const secrets = secretsOf(world.b).filter((s) => !(entry.echoes?.(world) ?? []).includes(s));

      const own = await callAction(api[entry.control.as], action, page, entry.control.args(world));
      expect(saying(own), `${entry.control.as} (status ${own.status})`).toMatch(entry.control.says);

      const stranger = await callAction(api.anonymous, action, page, entry.attack(world));
      expect(stranger.status).toBeLessThan(500);
      expect(saying(stranger)).toMatch(entry.access === "public" ? (entry.memberA ?? /./) : /session has ended/);
      expectNoLeak(stranger.text, secrets, "anonymous call");

      const member = await callAction(api.memberA, action, page, entry.attack(world));
      expect(member.status).toBeLessThan(500);
      expect(saying(member)).toMatch(entry.memberA ?? (entry.access === "admin" ? /not allowed/ : /not found/));
      expectNoLeak(member.text, secrets, "A's member's call");

      // The rightful user's own request, sent from another site with its cookies (CSRF): refused before it runs.
      const forged = await callAction(api[entry.control.as], action, page, entry.control.args(world), { origin: FOREIGN_ORIGIN });
      expect(forged.status).toBeGreaterThanOrEqual(400);
      expect(saying(forged)).toBe("");

      expect(await observe(), "organisation B as the admin sees it").toEqual(before);
    });
  }

  test("the partner's webhook endpoint and API key are as they were", async () => {
    const endpoint = await api.anonymous.get(`/api/v1/webhooks/${world.webhook.id}`, { headers: { authorization: `Bearer ${world.apiKey.key}` } });
    expect(endpoint.status(), "the key still works").toBe(200);
    expect(await endpoint.json()).toMatchObject({ id: world.webhook.id, url: world.webhook.url, enabled: true });
  });

  test("nothing an attack tried to create exists", async () => {
    expect(await organizationsNamed(api.admin, world.forged)).toBe(0);
    const { text: theirs } = await fetchPage(api.admin, `/admin/organizations/${world.b.id}`);
    expect(theirs).not.toContain(world.forged);
  });
});
