import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as listOrganizationsRoute, POST as createOrganizationRoute } from "@/app/api/v1/organizations/route";
import { createApiKeyFromShell } from "@/lib/dal/api-keys";
import { organizations } from "@/lib/db/schema";
import { type Db, getDb } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import { addConnection } from "@/lib/dal/connections";
import { getOrganization } from "@/lib/dal/organizations";
import type { Viewer } from "@/lib/dal/viewer";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { accountId, newConnections } from "@/tests/support/jobs";
import type { TcpProxy } from "@/tests/support/tcp-proxy";
import { panelEvents } from "./panel";
import { connectionRow, externalIdOf, type FaultSandbox, historyOf, proxyDatabase, startFaultSandbox, timed, TWO_HOURS_AGO } from "./support";

// The database falling silent: the proxy keeps every socket open and forwards nothing, as a
// network that drops packets, so neither a reset nor the server's own timeouts end a wait. Only
// the client-side deadline (DATABASE_QUERY_TIMEOUT, 2 s here) does.
const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/lib/auth/session", () => ({ getViewer: async () => session.viewer }));

const direct = process.env.DATABASE_URL;
const DEADLINE_MS = 2_000;
// Timers fire late on a loaded machine, never early.
const within = (ms: number) => {
  expect(ms).toBeGreaterThanOrEqual(DEADLINE_MS - 100);
  expect(ms).toBeLessThan(DEADLINE_MS + 1_500);
};
/** The driver's code for why a query failed (drizzle wraps the driver's error as its cause). */
const codeOf = (error: unknown) => {
  const { code, cause } = (error ?? {}) as { code?: string; cause?: { code?: string } };
  return code ?? cause?.code;
};
let proxy: TcpProxy;
let sandbox: FaultSandbox;
let admin: Viewer;
let member: Viewer;
let org: string;
let apiKey: string;

/** A call to the partner API's organisation routes, as a partner's backend makes it. */
const api = (method: "GET" | "POST", body?: unknown) => {
  const request = new Request("http://127.0.0.1/api/v1/organizations", {
    method,
    headers: { authorization: `Bearer ${apiKey}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return (method === "GET" ? listOrganizationsRoute : createOrganizationRoute)(request, { params: Promise.resolve({}) });
};

/** Every pooled connection (10) open and idle, so each query below finds one already connected. */
async function warmPool() {
  await Promise.all(Array.from({ length: 10 }, () => getDb().execute(sql`select pg_sleep(0.1)`)));
}

/** Runs 20 queries at once until every one is answered; returns how long that took. */
async function recovered(): Promise<number> {
  const started = Date.now();
  for (;;) {
    const answers = await Promise.allSettled(Array.from({ length: 20 }, () => getDb().execute(sql`select pg_sleep(0.05)`)));
    if (answers.every((a) => a.status === "fulfilled")) return Date.now() - started;
    if (Date.now() - started > 10_000) throw new Error("the pool did not recover");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!direct)("the database falling silent (PostgreSQL only)", () => {
  beforeAll(async () => {
    process.env.DATABASE_QUERY_TIMEOUT = String(DEADLINE_MS / 1000);
    proxy = await proxyDatabase(direct!);
    sandbox = await startFaultSandbox();
    await setupDatabase();
    admin = await newAdmin();
    org = await newOrganization(admin);
    member = await newMember(admin, org);
    session.viewer = admin;
    apiKey = (await createApiKeyFromShell({ name: "silence", scope: "write" })).key;
  });

  afterEach(() => proxy.restore());

  afterAll(async () => {
    await sandbox?.stop();
    await proxy?.close();
    process.env.DATABASE_URL = direct;
    delete process.env.DATABASE_QUERY_TIMEOUT;
  });

  it("a slow answer inside the deadline is not cut off, in a transaction or not", async () => {
    // The server says nothing for 1.2 s while it sleeps: under the 2 s deadline, so that is fine.
    const slowAnswer = (db: Pick<Db, "select">, answer: number) => db.select({ answer: sql<number>`${answer}::int` }).from(sql`pg_sleep(1.2)`);
    const { value, ms } = await timed(() => slowAnswer(getDb(), 1));
    expect(ms).toBeGreaterThanOrEqual(1_200);
    expect(value).toEqual([{ answer: 1 }]);
    const inTransaction = await getDb().transaction(async (tx) => [...(await slowAnswer(tx, 2)), ...(await slowAnswer(tx, 3))]);
    expect(inTransaction).toEqual([{ answer: 2 }, { answer: 3 }]);
  });

  it("every request waiting on it fails within the deadline, and the pool answers again once it is back", async () => {
    await warmPool();
    proxy.silence();
    const times = <T>(n: number, request: () => Promise<T>) => Promise.all(Array.from({ length: n }, () => timed(request)));
    const arn = () => `arn:aws:iam::${accountId()}:role/Silent${Math.floor(Math.random() * 1e9)}`;
    const unwritten = `Silent ${Math.floor(Math.random() * 1e9)}`;
    const [checks, reads, writes, apiCalls] = await Promise.all([
      times(3, () => health()),
      times(3, () => getOrganization(admin, org)),
      times(2, () => addConnection(member, { roleArn: arn() })),
      Promise.all([timed(() => api("GET")), timed(() => api("POST", { name: unwritten }))]),
    ]);
    for (const { ms } of [...checks, ...reads, ...writes, ...apiCalls]) within(ms);
    // The partner's backend is told to come back, not that Rolegate broke.
    for (const { value } of apiCalls) {
      expect(value!.status).toBe(503);
      expect(value!.headers.get("content-type")).toBe("application/problem+json");
      expect(value!.headers.get("retry-after")).toBe("5");
      expect(await value!.json()).toMatchObject({ type: "urn:rolegate:problem:unavailable", status: 503 });
    }
    for (const { value } of checks) {
      expect(value!.status).toBe(503);
      expect(await value!.json()).toEqual({ status: "degraded", database: "unreachable" });
    }
    for (const { error } of [...reads, ...writes]) expect(codeOf(error)).toBe("QUERY_TIMEOUT");

    // Still silent, once those connections are gone: a new request needs a new connection, which
    // hears nothing either. It waits out the reconnect back-off (at most 2 s), then the deadline.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const later = await timed(() => health());
    expect(later.value!.status).toBe(503);
    expect(later.ms).toBeLessThan(2_000 + DEADLINE_MS + 1_500);

    proxy.restore();
    expect(await recovered()).toBeLessThan(5_000);
    expect(await recovered()).toBeLessThan(2_000);
    expect((await health()).status).toBe(200);
    expect((await getOrganization(admin, org)).id).toBe(org);
    expect((await api("GET")).status).toBe(200);
    expect(await getDb().select().from(organizations).where(eq(organizations.name, unwritten))).toEqual([]);
  }, 60_000);

  it("silent in the middle of a transaction: it fails as a whole within the deadline and nothing of it is written", async () => {
    const arn = `arn:aws:iam::${accountId()}:role/SilentTx${Date.now()}`;
    const silent = proxy.silenceOn('insert into "connections"');
    const { error, ms } = await timed(() => addConnection(member, { roleArn: arn }));
    await silent;
    // The transaction ends as its connection is destroyed, whichever of the two errors arrives first.
    expect(["QUERY_TIMEOUT", "CONNECTION_CLOSED"]).toContain(codeOf(error));
    within(ms);

    proxy.restore();
    await recovered();
    expect(await getDb().select().from(connections).where(eq(connections.roleArn, arn))).toEqual([]);
    expect((await addConnection(member, { roleArn: arn })).roleArn).toBe(arn);
  }, 60_000);

  it("silent as a check's outcome is written: the panel says nothing changed within the deadline, and the next check records", async () => {
    const arn = await sandbox.role(await externalIdOf(admin, org));
    const [id] = await newConnections(org, 1, { roleArn: () => arn, createdAt: TWO_HOURS_AGO() });
    const before = await connectionRow(id!);
    await warmPool();
    const silent = proxy.silenceOn('update "connections"');
    let silentAt = 0;
    void silent.then(() => (silentAt = Date.now()));
    const events = await panelEvents(id!);
    await silent;
    within(Date.now() - silentAt);
    expect(events.at(-1)).toEqual({
      type: "refused",
      message: "The check could not be completed or saved, so nothing was changed. Try again in a moment.",
    });

    proxy.restore();
    await recovered();
    expect(await connectionRow(id!)).toEqual(before);
    expect(await historyOf(id!)).toEqual([]);
    expect((await panelEvents(id!)).at(-1)).toMatchObject({ type: "done", result: { status: "verified" } });
    expect((await historyOf(id!)).map((h) => h.status)).toEqual(["verified"]);
  }, 60_000);
});
