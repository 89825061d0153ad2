import { Webhook as Signer } from "standardwebhooks";
import { eventMark, eventsAbout, expectProblem, expectStatus, fieldsOf, partnerApi, sandboxRole, unusedRoleArn, type Connection, type Delivery, type Organization, type PartnerClient, type Webhook, walk } from "./support/api-client";
import { newKey } from "./support/api-keys";
import { adminApi } from "./support/api-session";
import { payloadOf, startReceiver, type Answer, type Received, type Receiver } from "./support/webhook-receiver";
import { expect, test, unique } from "./fixtures";

// Webhooks as a partner's endpoint receives them: signed as Standard Webhooks defines (verified
// with the reference `standardwebhooks` package), carrying the event log's ids, retried with the
// same id after a failure, filtered by type, silent once deleted; and URLs that are no endpoint
// refused when registered.

let api: PartnerClient;
const receivers: Receiver[] = [];
const endpoints: string[] = [];

test.beforeAll(async () => {
  const admin = await adminApi();
  api = await partnerApi((await newKey(admin, "write", "webhooks")).key);
  await admin.dispose();
});
test.afterAll(async () => {
  for (const id of endpoints) await api.delete(`/webhooks/${id}`);
  await Promise.all(receivers.map((r) => r.close()));
  await api?.dispose();
});

async function receiver(respond?: (r: Received) => Answer): Promise<Receiver> {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}

async function register(url: string, events: string[]): Promise<Webhook & { secret: string }> {
  const created = await api.post<Webhook & { secret: string }>("/webhooks", { url, events });
  expectStatus(created, 201);
  endpoints.push(created.body.id);
  return created.body;
}

/** Whether a delivery verifies with this secret, as a receiver checks it. */
function verifies(secret: string, request: Received): boolean {
  try {
    new Signer(secret).verify(request.body, request.headers);
    return true;
  } catch {
    return false;
  }
}

const about = (id: string, type?: string) => (r: Received) => {
  const payload = payloadOf(r);
  return payload.data.id === id && (type === undefined || payload.type === type);
};

test("deliveries are signed as Standard Webhooks and carry the event log's ids", async () => {
  const inbox = await receiver();
  const endpoint = await register(inbox.url, ["*"]);
  expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
  expect(Buffer.from(endpoint.secret.slice("whsec_".length), "base64").length).toBeGreaterThanOrEqual(24);
  expect(endpoint).toMatchObject({ url: inbox.url, events: ["*"], enabled: true });

  // Shown once: never again, in the endpoint or the list.
  const shown = await api.get<Webhook>(`/webhooks/${endpoint.id}`);
  expectStatus(shown, 200);
  expect(shown.body).not.toHaveProperty("secret");
  const list = await api.get("/webhooks");
  for (const text of [shown.text, list.text]) expect(text).not.toContain(endpoint.secret.slice(6, 30));

  const mark = await eventMark(api);
  const org = (await api.post<Organization>("/organizations", { name: unique("Hook Org") })).body;
  const connection = (await api.post<Connection>(`/organizations/${org.id}/connections`, { roleArn: unusedRoleArn("Hook") })).body;

  const orgDelivery = await inbox.waitFor(about(org.id, "organization.created"));
  const connectionDelivery = await inbox.waitFor(about(connection.id, "connection.created"));
  for (const delivery of [orgDelivery, connectionDelivery]) {
    expect(verifies(endpoint.secret, delivery), "signature verifies with the endpoint's secret").toBe(true);
    expect(verifies(`whsec_${Buffer.alloc(32, 7).toString("base64")}`, delivery), "and with no other").toBe(false);
    expect(verifies(endpoint.secret, { ...delivery, body: delivery.body.replace(/"type":"/, '"type":"x') }), "a changed body does not").toBe(false);
    expect(Object.keys(payloadOf(delivery)).sort()).toEqual(["data", "timestamp", "type"]);
    expect(delivery.headers["content-type"]).toMatch(/^application\/json/);
    expect(Math.abs(Number(delivery.headers["webhook-timestamp"]) * 1000 - delivery.at)).toBeLessThan(30_000);
  }
  expect(payloadOf(orgDelivery).data).toEqual(org);
  expect(payloadOf(connectionDelivery).data).toEqual(connection);

  // webhook-id is the event's id in GET /events, and the timestamp is the event's.
  const events = await eventsAbout(api, mark, [org.id, connection.id], (e) => e.length >= 2);
  const orgEvent = events.find((e) => e.type === "organization.created")!;
  const connectionEvent = events.find((e) => e.type === "connection.created")!;
  expect(orgDelivery.headers["webhook-id"]).toBe(orgEvent.id);
  expect(connectionDelivery.headers["webhook-id"]).toBe(connectionEvent.id);
  expect(payloadOf(orgDelivery).timestamp).toBe(orgEvent.timestamp);
  // Once each, while nothing failed.
  await new Promise((r) => setTimeout(r, 1_000));
  expect(inbox.received.filter(about(org.id)).length).toBe(1);
});

test("a receiver that fails first gets the retry with the same webhook-id and a fresh signature", async () => {
  test.setTimeout(90_000);
  const name = unique("Hook Retry");
  const failedOnce = new Set<string>();
  const inbox = await receiver((r) => {
    if (payloadOf(r).data.name !== name || failedOnce.has(r.headers["webhook-id"]!)) return 200;
    failedOnce.add(r.headers["webhook-id"]!);
    return 500;
  });
  const endpoint = await register(inbox.url, ["organization.created"]);
  const org = (await api.post<Organization>("/organizations", { name })).body;

  const mine = () => inbox.received.filter(about(org.id));
  await expect.poll(() => mine().length, { timeout: 20_000, message: "the first attempt and its retry" }).toBeGreaterThanOrEqual(2);
  const [first, retry] = mine();
  expect(first!.status).toBe(500);
  expect(retry!.status).toBe(200);
  expect(retry!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
  expect(retry!.body).toBe(first!.body);
  const gap = retry!.at - first!.at;
  expect(gap > 2_000 && gap < 15_000, `retried after ${gap} ms`).toBe(true);
  expect(verifies(endpoint.secret, first!) && verifies(endpoint.secret, retry!)).toBe(true);
  expect(retry!.headers["webhook-signature"]).not.toBe(first!.headers["webhook-signature"]);

  const deliveryOf = async () => (await api.get<{ data: Delivery[] }>(`/webhooks/${endpoint.id}/deliveries`)).body.data.find((d) => d.eventId === first!.headers["webhook-id"]);
  await expect.poll(async () => (await deliveryOf())?.status).toBe("succeeded");
  expect(await deliveryOf()).toMatchObject({ attempts: 2, status: "succeeded", lastStatusCode: 200, eventType: "organization.created" });

  // Sent again on request: the same id, signed anew; never through another endpoint's id.
  const delivery = (await deliveryOf())!;
  const other = await register((await receiver()).url, ["job.completed"]);
  expectProblem(await api.post(`/webhooks/${other.id}/deliveries/${delivery.id}/retry`), 404, "not-found");
  const resent = await api.post<Delivery>(`/webhooks/${endpoint.id}/deliveries/${delivery.id}/retry`);
  expectStatus(resent, 200);
  expect(resent.body).toMatchObject({ id: delivery.id, status: "pending" });
  await expect.poll(() => mine().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  const third = mine()[2]!;
  expect(third.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
  expect(verifies(endpoint.secret, third)).toBe(true);
  // The attempt is counted when it is claimed and its outcome written once the receiver answers.
  await expect.poll(async () => { const d = await deliveryOf(); return d && { attempts: d.attempts, status: d.status }; }).toEqual({ attempts: 3, status: "succeeded" });

  // The deliveries list, page by page (limit=1): each once, newest first.
  const pages = await walk<Delivery>(api, `/webhooks/${endpoint.id}/deliveries`, { limit: "1" });
  const all = (await api.get<{ data: Delivery[] }>(`/webhooks/${endpoint.id}/deliveries?limit=200`)).body.data;
  // Deliveries of other tests' organisations may have arrived since the walk began: they are newer.
  const ids = all.map((d) => d.id);
  expect(pages.map((d) => d.id)).toEqual(ids.slice(ids.indexOf(pages[0]!.id)));
  expect(new Set(pages.map((d) => d.id)).size).toBe(pages.length);
});

test("an endpoint gets only the event types it subscribed to", async () => {
  test.setTimeout(120_000);
  const verifiedOnly = await receiver();
  const everything = await receiver();
  await register(verifiedOnly.url, ["connection.verified"]);
  await register(everything.url, ["*"]);

  const org = (await api.post<Organization>("/organizations", { name: unique("Hook Filter") })).body;
  const connection = (await api.post<Connection>(`/organizations/${org.id}/connections`, { roleArn: await sandboxRole(org.externalId, "HookFilter") })).body;
  expect((await api.post<{ connection: Connection }>(`/connections/${connection.id}/verify`)).body.connection.status).toBe("verified");

  await everything.waitFor(about(connection.id, "connection.verified"));
  await verifiedOnly.waitFor(about(connection.id, "connection.verified"));
  // Events go out in log order: by now the earlier ones have been fanned out too.
  expect(everything.received.filter(about(org.id, "organization.created"))).toHaveLength(1);
  expect(everything.received.filter(about(connection.id, "connection.created"))).toHaveLength(1);
  expect(verifiedOnly.received.map((r) => payloadOf(r).type).filter((t) => t !== "connection.verified")).toEqual([]);
  expect(verifiedOnly.received.filter(about(org.id))).toEqual([]);
});

test("a deleted endpoint gets nothing more", async () => {
  const inbox = await receiver();
  const witness = await receiver();
  const endpoint = await register(inbox.url, ["organization.created"]);
  await register(witness.url, ["organization.created"]);
  const before = (await api.post<Organization>("/organizations", { name: unique("Hook Before") })).body;
  await inbox.waitFor(about(before.id));

  const deleted = await api.delete(`/webhooks/${endpoint.id}`);
  expectStatus(deleted, 204);
  expect(deleted.text).toBe("");
  expectProblem(await api.get(`/webhooks/${endpoint.id}`), 404, "not-found");
  expectProblem(await api.get(`/webhooks/${endpoint.id}/deliveries`), 404, "not-found");
  expectProblem(await api.delete(`/webhooks/${endpoint.id}`), 404, "not-found");
  const count = inbox.received.length;

  const after = (await api.post<Organization>("/organizations", { name: unique("Hook After") })).body;
  await witness.waitFor(about(after.id));
  await new Promise((r) => setTimeout(r, 2_000));
  expect(inbox.received.length).toBe(count);
});

test("a redirect is not followed: it counts as a failed attempt", async () => {
  const target = await receiver();
  const redirecting = await receiver(() => ({ status: 307, headers: { location: target.url } }));
  const endpoint = await register(redirecting.url, ["organization.created"]);
  const org = (await api.post<Organization>("/organizations", { name: unique("Hook Redirect") })).body;
  const first = await redirecting.waitFor(about(org.id));
  const deliveryOf = async () => (await api.get<{ data: (Delivery & { lastError: string | null; nextAttemptAt: string | null })[] }>(`/webhooks/${endpoint.id}/deliveries`)).body.data.find((d) => d.eventId === first.headers["webhook-id"]);
  await expect.poll(async () => (await deliveryOf())?.lastStatusCode).toBe(307);
  expect(await deliveryOf()).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringMatching(/redirect/), nextAttemptAt: expect.any(String) });
  expect(target.received.filter(about(org.id))).toEqual([]);
  await api.delete(`/webhooks/${endpoint.id}`);
});

test("an endpoint that never answers is given up on after 10 s, and holds up no other endpoint", async () => {
  test.setTimeout(60_000);
  const hanging = await receiver(() => "hang");
  const healthy = await receiver();
  const stuck = await register(hanging.url, ["organization.created"]);
  await register(healthy.url, ["organization.created"]);
  const org = (await api.post<Organization>("/organizations", { name: unique("Hook Hang") })).body;
  const hung = await hanging.waitFor(about(org.id));
  const delivered = await healthy.waitFor(about(org.id));
  expect(Math.abs(delivered.at - hung.at), "the healthy endpoint did not wait for the stuck one").toBeLessThan(3_000);
  const deliveryOf = async () => (await api.get<{ data: (Delivery & { lastError: string | null })[] }>(`/webhooks/${stuck.id}/deliveries`)).body.data.find((d) => d.eventId === hung.headers["webhook-id"]);
  await expect.poll(async () => (await deliveryOf())?.lastError, { timeout: 20_000 }).toMatch(/timed out after 10 s/);
  const gaveUpAfter = Date.now() - hung.at;
  expect(gaveUpAfter > 9_000 && gaveUpAfter < 20_000, `gave up after ${gaveUpAfter} ms`).toBe(true);
  expect(await deliveryOf()).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
  await api.delete(`/webhooks/${stuck.id}`);
});

test("URLs that are not an http(s) endpoint are refused, naming url; nothing is registered", async () => {
  const bad = ["ftp://example.com/hooks", "https://user:pw@example.com/hooks", "not a url", "", "   ", "https://example.com/hooks#part", "javascript:alert(1)", "file:///etc/passwd", "/relative/path"];
  for (const url of bad) {
    const problem = expectProblem(await api.post("/webhooks", { url, events: ["*"] }), 400, "validation-error");
    expect(fieldsOf(problem), url).toContain("url");
  }
  const wrongEvents = expectProblem(await api.post("/webhooks", { url: "http://127.0.0.1:9/x", events: ["connection.exploded"] }), 400, "validation-error");
  expect(fieldsOf(wrongEvents).some((f) => f.startsWith("events"))).toBe(true);
  expectProblem(await api.post("/webhooks", { url: "http://127.0.0.1:9/x", events: [] }), 400, "validation-error");
  const registered = (await api.get<{ data: Webhook[] }>("/webhooks")).body.data.map((w) => w.url);
  expect(registered.filter((u) => bad.includes(u) || u.includes("example.com") || u === "http://127.0.0.1:9/x")).toEqual([]);
});
