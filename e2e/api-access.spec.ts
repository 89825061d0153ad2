import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { OPERATIONS } from "../lib/api/operations";
import { API_ROUTES, exportedMethods, routePattern, type ApiWorld, type HttpMethod } from "./support/api-access-table";
import { apiClient, deleteEndpoints, eventMark, eventsAfter, expectProblem, expectStatus, partnerApi, sandboxRole, walk, unusedRoleArn, type ApiEvent, type ApiResponse, type Connection, type Delivery, type Organization, type PartnerClient, type Webhook } from "./support/api-client";
import { newKey, revokeKey, type ApiKey } from "./support/api-keys";
import { adminApi, testAddress } from "./support/api-session";
import { appRoutes, isPartnerApi } from "./support/surface";
import { join } from "./support/tenants";
import { startReceiver, type Receiver } from "./support/webhook-receiver";
import { e2e, expect, test, unique } from "./fixtures";

// Who gets into the partner API: every route file and method is in the access table
// (support/api-access-table.ts), and each is tried without a key, with keys that are garbage,
// unknown, revoked or sent the wrong way, with a read key where writing is needed, and with the
// cookies of a signed-in admin and of a customer member (a browser session never opens the API,
// so a forged cross-site request has nothing to ride on). Nothing a refused request aimed at may
// change; then the rightful key shows that the same route works.

const FOREIGN_ORIGIN = "https://evil.example";
const world = {} as ApiWorld;
const keys = {} as { read: ApiKey; write: ApiKey; revoked: ApiKey };
let admin: APIRequestContext;
let writer: PartnerClient;
let reader: PartnerClient;
let memberCookies: APIRequestContext;
let receiver: Receiver;
let mark: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  admin = await adminApi();
  [keys.read, keys.write, keys.revoked] = await Promise.all([newKey(admin, "read", "access"), newKey(admin, "write", "access"), newKey(admin, "write", "access-revoked")]);
  await revokeKey(admin, keys.revoked.id);
  writer = await partnerApi(keys.write.key);
  reader = await partnerApi(keys.read.key);
  receiver = await startReceiver();

  const org = await writer.post<Organization>("/organizations", { name: unique("Access") });
  expectStatus(org, 201);
  world.organizationId = org.body.id;
  const connection = await writer.post<Connection>(`/organizations/${org.body.id}/connections`, { roleArn: await sandboxRole(org.body.externalId, "Access") });
  expectStatus(connection, 201);
  world.connectionId = connection.body.id;
  const webhook = await writer.post<Webhook>("/webhooks", { url: receiver.url, events: ["connection.created"] });
  expectStatus(webhook, 201);
  world.webhookId = webhook.body.id;
  const spareWebhook = await writer.post<Webhook>("/webhooks", { url: `${receiver.url}/spare`, events: ["job.completed"] });
  expectStatus(spareWebhook, 201);
  world.spareWebhookId = spareWebhook.body.id;
  // Created after the endpoint: its connection.created event is a delivery to retry.
  const spare = await writer.post<Connection>(`/organizations/${org.body.id}/connections`, { roleArn: unusedRoleArn("AccessSpare") });
  expectStatus(spare, 201);
  world.spareConnectionId = spare.body.id;
  const delivered = async () => (await writer.get<{ data: Delivery[] }>(`/webhooks/${world.webhookId}/deliveries?limit=200`)).body.data.find((d) => d.status === "succeeded")?.id;
  await expect.poll(delivered).toBeTruthy();
  world.deliveryId = (await delivered())!;

  // A customer member, joined through an invite the API made.
  const email = `${unique("access-member")}@tenant.test`;
  const invite = await writer.post<{ url: string }>(`/organizations/${org.body.id}/invites`, { email });
  expectStatus(invite, 201);
  memberCookies = await join(invite.body.url.split("/").pop()!, email, unique("Access Member"));

  world.forged = { name: unique("Forged"), email: `${unique("forged")}@evil.test`, roleArn: unusedRoleArn("Forged"), url: `http://127.0.0.1:9/${unique("forged")}` };
  world.controlRoleArn = unusedRoleArn("Control");
  mark = await eventMark(writer);
});

test.afterAll(async () => {
  if (writer && receiver) await deleteEndpoints(writer, (url) => url.startsWith(receiver.url) || url.startsWith("http://127.0.0.1:9/control-"));
  await Promise.all([writer?.dispose(), reader?.dispose(), memberCookies?.dispose(), admin?.dispose(), receiver?.close()]);
});

test("every /api/v1 route file, method and operation is in the access table", () => {
  const routes = appRoutes().filter((r) => isPartnerApi(r.pattern));
  const patterns = routes.map((r) => r.pattern);
  expect(patterns.filter((p) => !(p in API_ROUTES)), "route files missing from API_ROUTES").toEqual([]);
  expect(Object.keys(API_ROUTES).filter((p) => !patterns.includes(p)), "API_ROUTES entries that no longer exist").toEqual([]);
  for (const route of routes) {
    const listed = Object.keys(API_ROUTES[route.pattern]?.methods ?? {}).sort();
    expect(exportedMethods(readFileSync(route.file, "utf8")), `methods ${route.file} exports`).toEqual(listed);
  }
  for (const op of OPERATIONS) {
    const entry = API_ROUTES[routePattern(op.path)]?.methods[op.method];
    expect(entry?.access, `${op.method} ${op.path} (${op.operationId})`).toBe(op.scope ?? "public");
  }
  const listed = Object.entries(API_ROUTES).flatMap(([pattern, route]) =>
    Object.entries(route.methods)
      .filter(([, m]) => m.access !== "not-found")
      .map(([method]) => `${method} ${pattern}`),
  );
  const operations = OPERATIONS.map((op) => `${op.method} ${routePattern(op.path)}`);
  expect(listed.filter((l) => !operations.includes(l)), "table entries with no operation in lib/api/operations.ts").toEqual([]);
});

/** What the refused requests aimed at, as a read key sees it; equal before and after means nothing changed. */
async function observe(): Promise<Record<string, string>> {
  const urls = [`/organizations/${world.organizationId}`, `/connections?organizationId=${world.organizationId}&limit=200`, `/connections/${world.connectionId}`, `/connections/${world.spareConnectionId}`, `/webhooks/${world.webhookId}`, `/webhooks/${world.spareWebhookId}`];
  const state: Record<string, string> = {};
  for (const url of urls) state[url] = (await reader.get(url)).text;
  // The endpoint gets every organisation's connection.created (other tests' too): only the world's delivery counts.
  const deliveries = await reader.get<{ data: Delivery[] }>(`/webhooks/${world.webhookId}/deliveries?limit=200`);
  state.delivery = JSON.stringify(deliveries.body.data.find((d) => d.id === world.deliveryId) ?? null);
  state.events = JSON.stringify(await worldEvents());
  state.forged = JSON.stringify(await forgedValuesFound());
  return state;
}

/**
 * The events about the world, complete up to now: a fence (an organisation created now) is waited
 * for in the feed, and the feed shows an event only once every transaction older than it has ended.
 */
async function worldEvents(): Promise<ApiEvent[]> {
  const fence = await writer.post<Organization>("/organizations", { name: unique("Access fence") });
  expectStatus(fence, 201);
  let events: ApiEvent[] = [];
  await expect.poll(async () => (events = await eventsAfter(reader, mark)).some((e) => e.data.id === fence.body.id)).toBe(true);
  const ours = [world.organizationId, world.connectionId, world.spareConnectionId];
  return events.filter((e) => ours.includes(String(e.data.id)) || e.data.organizationId === world.organizationId);
}

/** Which of the values a refused request tried to create exist. */
async function forgedValuesFound(): Promise<string[]> {
  const found: string[] = [];
  if ((await walk<Organization>(reader, "/organizations", { limit: "200" })).some((o) => o.name === world.forged.name)) found.push(world.forged.name);
  const connections = await reader.get<{ data: Connection[] }>(`/connections?organizationId=${world.organizationId}&limit=200`);
  if (connections.body.data.some((c) => c.roleArn === world.forged.roleArn)) found.push(world.forged.roleArn);
  const webhooks = await reader.get<{ data: Webhook[] }>("/webhooks");
  if (webhooks.body.data.some((w) => w.url === world.forged.url)) found.push(world.forged.url);
  return found;
}

/** A request with no session and this Authorization header (or none). */
async function send(authorization: string | null, method: HttpMethod, url: string, body: unknown): Promise<ApiResponse> {
  const client = await apiClient(authorization, { "x-forwarded-for": testAddress() });
  try {
    return await client.request(method, url, body === undefined ? {} : { json: body });
  } finally {
    await client.dispose();
  }
}

/** The same request from a browser context that holds cookies (a session), without a key. */
async function sendWithCookies(cookies: APIRequestContext, method: HttpMethod, url: string, body: unknown): Promise<ApiResponse> {
  const headers = { origin: FOREIGN_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) };
  const response = await cookies.fetch(url, { method, headers, maxRedirects: 0, ...(body === undefined ? {} : { data: JSON.stringify(body) }) });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { method, path: url, status: response.status(), headers: response.headers(), text, body: parsed };
}

function expectUnauthorized(response: ApiResponse, who: string): void {
  expect(response.status, `${who}: ${response.text.slice(0, 200)}`).toBe(401);
  expectProblem(response, 401, "unauthorized");
  expect(response.headers["www-authenticate"], `${who}: WWW-Authenticate`).toMatch(/^Bearer realm="rolegate"/);
}

const randomKey = () => `rgk_${randomBytes(32).toString("base64url")}`;

test.describe("every route and method", () => {
  for (const [pattern, route] of Object.entries(API_ROUTES)) {
    for (const [method, entry] of Object.entries(route.methods) as [HttpMethod, (typeof route.methods)[HttpMethod] & object][]) {
      test(`${method} ${pattern} (${entry.access})`, async () => {
        const url = (entry.url ?? route.url)(world);
        const body = method === "POST" ? (entry.body?.(world) ?? {}) : undefined;

        if (entry.access === "not-found") {
          for (const auth of [null, `Bearer ${keys.write.key}`]) expectProblem(await send(auth, method, url, body), 404, "not-found");
          return;
        }
        if (entry.access === "public") {
          expectStatus(await send(null, method, url, body), 200);
          expectStatus(await sendWithCookies(admin, method, url, body), 200);
          return;
        }

        const before = await observe();
        const refusals: [string, string | null][] = [
          ["no Authorization", null],
          ["Bearer garbage", "Bearer garbage"],
          ["an unknown key", `Bearer ${randomKey()}`],
          ["a revoked key", `Bearer ${keys.revoked.key}`],
          ["the key in Basic", `Basic ${Buffer.from(`${keys.write.key}:`).toString("base64")}`],
          ["the key under another scheme", `Token ${keys.write.key}`],
          ["the key with a character changed", `Bearer ${keys.write.key.slice(0, -1)}${keys.write.key.endsWith("A") ? "B" : "A"}`],
          ["an empty bearer", "Bearer "],
        ];
        for (const [who, authorization] of refusals) expectUnauthorized(await send(authorization, method, url, body), who);
        const inQuery = `${url}${url.includes("?") ? "&" : "?"}api_key=${keys.write.key}`;
        expectUnauthorized(await send(null, method, inQuery, body), "the key in the query string");
        // Cookies of a signed-in admin (a browser tricked into a cross-site request) and of a customer member.
        expectUnauthorized(await sendWithCookies(admin, method, url, body), "the admin's session cookies");
        expectUnauthorized(await sendWithCookies(memberCookies, method, url, body), "a customer member's session cookies");
        if (entry.access === "write") expectProblem(await send(`Bearer ${keys.read.key}`, method, url, body), 403, "forbidden");
        expect(await observe(), "what the refused requests aimed at").toEqual(before);

        // The rightful key: the route does work.
        const rightful = entry.access === "write" ? keys.write : keys.read;
        const control = await send(`Bearer ${rightful.key}`, method, url, method === "POST" ? (entry.control?.(world) ?? body) : undefined);
        const op = OPERATIONS.find((o) => o.method === method && routePattern(o.path) === pattern)!;
        expectStatus(control, op.success.status);
      });
    }
  }
});

test("a revoked key is refused from the very next request", async () => {
  const key = await newKey(admin, "read", "revoke-now");
  const client = await partnerApi(key.key);
  expectStatus(await client.get("/organizations?limit=1"), 200);
  await revokeKey(admin, key.id);
  expectUnauthorized(await client.get("/organizations?limit=1"), "the key just revoked");
  expectUnauthorized(await client.get(`/organizations/${world.organizationId}`), "the key just revoked, again");
  await client.dispose();
});

test("every answer to a key carries RateLimit headers that count down, refusals included", async () => {
  const key = await newKey(admin, "read", "ratelimit");
  const client = await partnerApi(key.key);
  const answers = [
    await client.get("/organizations?limit=1"),
    await client.get("/organizations?limit=1"),
    await client.get(`/organizations/${crypto.randomUUID()}`), // 404
    await client.get("/organizations?limit=0"), // 400
  ];
  const limit = Number(answers[0]!.headers["ratelimit-limit"]);
  expect(limit).toBeGreaterThan(0);
  expect(answers.map((a) => Number(a.headers["ratelimit-remaining"])), "RateLimit-Remaining of four answers in a row").toEqual([1, 2, 3, 4].map((n) => limit - n));
  // A read key on a write route: counted against the limit like any other request, so it says so too.
  answers.push(await client.post("/organizations", { name: unique("Read key") }));
  for (const answer of answers) {
    const where = `${answer.method} ${answer.path} → ${answer.status}`;
    expect(answer.headers["ratelimit-limit"], where).toBe(String(limit));
    expect(answer.headers["ratelimit-remaining"], where).toMatch(/^\d+$/);
    const reset = Number(answer.headers["ratelimit-reset"]);
    expect(reset >= 1 && reset <= 60, `${where}: RateLimit-Reset ${answer.headers["ratelimit-reset"]}`).toBe(true);
  }
  await client.dispose();
});

test("a key over its limit gets 429 with Retry-After; other keys go on", async () => {
  test.setTimeout(180_000);
  const key = await newKey(admin, "read", "burst");
  const client = await partnerApi(key.key);
  const first = await client.get("/organizations?limit=1");
  const limit = Number(first.headers["ratelimit-limit"]);
  expect(limit, "a limit this test can reach").toBeLessThanOrEqual(5000);
  let left = Number(first.headers["ratelimit-remaining"]);
  while (left > 0) {
    const batch = await Promise.all(Array.from({ length: Math.min(20, left) }, () => client.get("/organizations?limit=1")));
    for (const answer of batch) expectStatus(answer, 200);
    left = Math.min(...batch.map((a) => Number(a.headers["ratelimit-remaining"])));
  }
  const over = await client.get("/organizations?limit=1");
  expectProblem(over, 429, "rate-limited");
  expect(Number(over.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  expect(over.headers["ratelimit-remaining"]).toBe("0");
  expectStatus(await reader.get("/organizations?limit=1"), 200);
  await client.dispose();
});

test("live verification through a key is limited like an admin's: 120 in 10 minutes", async () => {
  test.setTimeout(180_000);
  const key = await newKey(admin, "write", "verify-burst");
  const client = await partnerApi(key.key);
  const target = `/connections/${world.connectionId}/verify`;
  let done = 0;
  while (done < 120) {
    const batch = await Promise.all(Array.from({ length: Math.min(6, 120 - done) }, () => client.post<{ verification: { status: string } }>(target)));
    for (const answer of batch) expect(answer.status, answer.text.slice(0, 200)).toBe(200);
    done += batch.length;
  }
  const checked = (await reader.get<Connection>(`/connections/${world.connectionId}`)).body.lastCheckedAt;
  const over = await client.post(target);
  expectProblem(over, 429, "rate-limited");
  expect(Number(over.headers["retry-after"])).toBeGreaterThan(60);
  expect((await reader.get<Connection>(`/connections/${world.connectionId}`)).body.lastCheckedAt, "the refused check did not run").toBe(checked);
  // Another key has its own budget.
  expectStatus(await writer.post(target), 200);
  await client.dispose();
});

test("paths the API does not have answer 404 with a problem", async () => {
  const client = await partnerApi(keys.read.key);
  for (const path of ["/api/v1/nope", "/api/v1/organizations/x/y/z", `/api/v1/connections/${world.connectionId}/nope`, "/api/v1/v2/organizations"]) {
    expectProblem(await client.get(path), 404, "not-found");
  }
  await client.dispose();
});

test("the API's root, /api/v1 itself, answers 404 as a problem too", async () => {
  const client = await partnerApi(keys.read.key);
  expectProblem(await client.get("/api/v1"), 404, "not-found");
  await client.dispose();
});

test("a method a route does not serve gets 405 as a problem, with Allow", async () => {
  const client = await partnerApi(keys.write.key);
  const put = await client.request("PUT", "/api/v1/organizations", { json: { name: unique("Put") } });
  expectProblem(put, 405, "method-not-allowed");
  expect(put.headers.allow ?? "").toMatch(/GET/);
  await client.dispose();
});

test("no CORS: a page on another site can neither preflight nor read an answer", async () => {
  const origin = { origin: FOREIGN_ORIGIN };
  const client = await partnerApi(keys.read.key);
  const answers = [
    await client.get(`/organizations/${world.organizationId}`, origin),
    await client.request("OPTIONS", "/api/v1/organizations", { headers: { ...origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" } }),
    await client.request("OPTIONS", `/api/v1/connections/${world.connectionId}`, { headers: { ...origin, "access-control-request-method": "DELETE", "access-control-request-headers": "authorization" } }),
  ];
  for (const answer of answers) {
    const cors = Object.keys(answer.headers).filter((h) => h.startsWith("access-control-"));
    expect(cors, `${answer.method} ${answer.path} → ${answer.status}`).toEqual([]);
  }
  await client.dispose();
});

test("anonymous callers get the OpenAPI document and nothing else", async () => {
  const anonymous = await playwrightRequest.newContext({ baseURL: e2e.baseURL });
  const doc = await anonymous.get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  expect(JSON.stringify(await doc.json())).not.toContain(world.organizationId);
  await anonymous.dispose();
});
