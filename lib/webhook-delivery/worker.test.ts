import { eq, inArray, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import { claimDeliveries, fanOutEvents } from "@/lib/dal/webhook-queue";
import { createWebhookEndpoint, listDeliveries } from "@/lib/dal/webhooks";
import type { UserViewer } from "@/lib/dal/viewer";
import { newAdmin, newOrganization, setupDatabase } from "@/tests/support/db";
import type { DeliveryAttempt } from "@/lib/webhooks/send";
import { RETRY_DELAYS_MS } from "@/lib/webhooks/schedule";
import { WebhookWorker } from "./worker";

vi.hoisted(() => {
  process.env.WEBHOOKS_ALLOW_PRIVATE = "true";
});

type Sent = { url: string; headers: Record<string, string>; body: string };

let admin: UserViewer;
const endpoints: string[] = [];
const workers: WebhookWorker[] = [];

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
  // Events from before these tests are not theirs: the fan-out starts after them.
  while ((await fanOutEvents(500)) > 0);
});

// Each test's workers stop with it: a later test's deliveries are its own workers' to send.
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

afterAll(async () => {
  if (endpoints.length > 0) await getDb().delete(webhookEndpoints).where(inArray(webhookEndpoints.id, endpoints));
});

async function endpoint(events: string[] = ["*"]) {
  const created = await createWebhookEndpoint(admin, { url: `http://127.0.0.1:9/${endpoints.length}`, events });
  endpoints.push(created.id);
  return created;
}

/** A worker with a fake network: `answer` decides each attempt. */
function worker(answer: (sent: Sent) => DeliveryAttempt | Promise<DeliveryAttempt>, sent: Sent[] = []) {
  const w = new WebhookWorker({ allowPrivate: true, pollMs: 20, flushMs: 5 }, async (input) => {
    sent.push({ url: input.url, headers: input.headers, body: input.body });
    return answer({ url: input.url, headers: input.headers, body: input.body });
  });
  workers.push(w);
  return { worker: w.start(), sent };
}

const ok: DeliveryAttempt = { ok: true, statusCode: 200, error: null, durationMs: 1 };
const fail: DeliveryAttempt = { ok: false, statusCode: 500, error: "HTTP 500", durationMs: 1 };
const to = (url: string) => (s: Sent) => s.url === url;

async function deliveriesOf(endpointId: string) {
  return getDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
}

describe("webhook delivery", () => {
  it("sends each event an endpoint wants once, signed as Standard Webhooks defines it", async () => {
    const all = await endpoint();
    const some = await endpoint(["connection.verified"]);
    const { worker: w, sent } = worker(() => ok);
    const org = await newOrganization(admin, "Hooked Org");
    await vi.waitFor(() => expect(sent.filter(to(all.url))).toHaveLength(1), { timeout: 10_000 });
    await w.stop();
    const [delivery] = sent.filter(to(all.url));
    const payload = new Webhook(all.secret).verify(delivery!.body, delivery!.headers) as { type: string; timestamp: string; data: { id: string } };
    expect(payload).toMatchObject({ type: "organization.created", data: { id: org, name: "Hooked Org" } });
    expect(delivery!.headers["webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => new Webhook(some.secret).verify(delivery!.body, delivery!.headers)).toThrow(); // each endpoint its own secret
    expect(sent.filter(to(some.url))).toEqual([]); // not subscribed to organisation events
    expect((await deliveriesOf(all.id)).map((d) => [d.status, d.attempts])).toEqual([["succeeded", 1]]);
  });

  it("gives an endpoint only the events after it was created", async () => {
    await newOrganization(admin);
    while ((await fanOutEvents(500)) > 0);
    const late = await endpoint();
    while ((await fanOutEvents(500)) > 0);
    expect(await deliveriesOf(late.id)).toEqual([]);
  });

  it("retries a failed attempt later with the same webhook-id and a fresh signature, then succeeds", async () => {
    const flaky = await endpoint(["organization.created"]);
    let calls = 0;
    const { worker: w, sent } = worker((s) => (to(flaky.url)(s) && ++calls === 1 ? fail : ok));
    await newOrganization(admin);
    // The claim counts the attempt before it is sent; wait for its outcome to be recorded.
    await vi.waitFor(async () => expect((await deliveriesOf(flaky.id))[0]).toMatchObject({ attempts: 1, lastStatusCode: 500 }), { timeout: 10_000 });
    const [waiting] = await deliveriesOf(flaky.id);
    expect(waiting).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, lastError: "HTTP 500" });
    const delay = waiting!.nextAttemptAt!.getTime() - waiting!.lastAttemptAt!.getTime();
    expect(delay).toBeGreaterThan(3_000);
    expect(delay).toBeLessThanOrEqual(10_000); // the first retry comes within 10 s
    await getDb().update(webhookDeliveries).set({ nextAttemptAt: sql`now()` }).where(eq(webhookDeliveries.id, waiting!.id));
    w.nudge();
    await vi.waitFor(async () => expect((await deliveriesOf(flaky.id))[0]?.status).toBe("succeeded"), { timeout: 10_000 });
    const attempts = sent.filter(to(flaky.url));
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.headers["webhook-id"]).toBe(attempts[0]!.headers["webhook-id"]);
    for (const a of attempts) expect(() => new Webhook(flaky.secret).verify(a.body, a.headers)).not.toThrow();
    const listed = await listDeliveries(admin, flaky.id, { limit: 10 });
    expect(listed.data[0]).toMatchObject({ status: "succeeded", attempts: 2, lastStatusCode: 200, nextAttemptAt: null });
  });

  it("gives up after the last attempt of the schedule", async () => {
    const dead = await endpoint(["organization.created"]);
    const { worker: w } = worker(() => fail);
    await newOrganization(admin);
    await vi.waitFor(async () => expect((await deliveriesOf(dead.id))[0]).toMatchObject({ attempts: 1, lastStatusCode: 500 }), { timeout: 10_000 });
    const [d] = await deliveriesOf(dead.id);
    await getDb().update(webhookDeliveries).set({ attempts: RETRY_DELAYS_MS.length, nextAttemptAt: sql`now()` }).where(eq(webhookDeliveries.id, d!.id));
    w.nudge();
    await vi.waitFor(async () => expect((await deliveriesOf(dead.id))[0]).toMatchObject({ status: "failed", nextAttemptAt: null }), { timeout: 10_000 });
  });

  it("disables an endpoint that has failed for days, and sends it nothing more", async () => {
    const failing = await endpoint(["organization.created"]);
    await getDb().update(webhookEndpoints).set({ failingSince: sql`now() - interval '6 days'` }).where(eq(webhookEndpoints.id, failing.id));
    worker(() => fail);
    await newOrganization(admin);
    await vi.waitFor(async () => {
      const [row] = await getDb().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, failing.id));
      expect(row).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/failed for 5 days/) });
    }, { timeout: 10_000 });
    await newOrganization(admin);
    while ((await fanOutEvents(500)) > 0);
    expect(await deliveriesOf(failing.id)).toHaveLength(1);
  });

  it("shares deliveries between instances: each is sent once", async () => {
    const busy = await endpoint(["organization.created"]);
    const sent: Sent[] = [];
    worker(() => ok, sent);
    worker(() => ok, sent);
    for (let i = 0; i < 30; i++) await newOrganization(admin);
    await vi.waitFor(() => expect(new Set(sent.filter(to(busy.url)).map((s) => s.headers["webhook-id"])).size).toBe(30), { timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 200));
    expect(sent.filter(to(busy.url))).toHaveLength(30);
  });

  it("sends again, with the same webhook-id, what a worker claimed and never finished", async () => {
    const orphan = await endpoint(["organization.created"]);
    await newOrganization(admin);
    while ((await fanOutEvents(500)) > 0);
    const claimed = (await claimDeliveries(100, 60_000)).filter((d) => d.endpointId === orphan.id); // then "dies"
    expect(claimed).toHaveLength(1);
    const { worker: w, sent } = worker(() => ok);
    await new Promise((r) => setTimeout(r, 300));
    expect(sent.filter(to(orphan.url))).toEqual([]); // leased: not sent twice at once
    await getDb().update(webhookDeliveries).set({ leaseUntil: sql`now() - interval '1 second'` }).where(eq(webhookDeliveries.id, claimed[0]!.id));
    w.nudge();
    await vi.waitFor(() => expect(sent.filter(to(orphan.url))).toHaveLength(1), { timeout: 10_000 });
    expect(sent.filter(to(orphan.url))[0]!.headers["webhook-id"]).toBe(claimed[0]!.eventId);
  });
});
