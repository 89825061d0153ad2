import { inArray, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { events } from "@/lib/db/schema";
import { isoTime } from "@/lib/dal/event-data";
import { queryRows } from "@/lib/dal/rows";
import { type ApiClient, type Failures, quantile } from "./bench-api-client";
import { receivedAll, type Receiver } from "./bench-api-receivers";
import { databaseCpu, databaseCpuSince, ENDPOINT_DESCRIPTION, type RunData } from "./bench-api-setup";
import { cpuMsOf } from "./load-stack";

/**
 * Part 2 of `bench:api`: events fanned out to the receivers. A burst inserted in one statement
 * (throughput), then a steady stream made through the API (the instance that commits is nudged at
 * once) and one inserted by this process (another instance: found by the worker's poll). The lag of
 * a delivery is its first arrival at its endpoint minus the event's `timestamp`, which is its
 * transaction's start, a little before its commit.
 */

export type Lag = { deliveries: number; p50: number; p95: number; p99: number; max: number };
export type Throughput = {
  deliveries: number;
  firstMs: number;
  lastMs: number;
  /** When the first and the last statement that wrote the deliveries began, after the commit. */
  fanOutMs: [number, number];
  perSecond: number;
  /** From the first delivery to the last: the rate once fan-out has begun. */
  steadyPerSecond: number;
  appCpuMsPerDelivery: number | null;
  databaseCpuMsPerDelivery: number;
  benchCpuMsPerDelivery: number;
};

const LAG_WAIT_MS = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Registers one endpoint per receiver through the API, for every event type, and gives each its secret. */
export async function registerEndpoints(client: ApiClient, receivers: readonly Receiver[]): Promise<void> {
  for (const receiver of receivers) {
    const created = await client.json<{ secret: string }>("POST", "/api/v1/webhooks", { url: receiver.url, events: ["*"], description: ENDPOINT_DESCRIPTION }, 201);
    receiver.setSecret(created.secret);
  }
}

/** `count` organization.created events like those the app writes, inserted by this process in one statement (or one each). */
function insertEvents(label: string, count: number) {
  const data = sql`jsonb_build_object('id', gen_random_uuid(), 'name', ${label} || ' ' || g, 'externalId', 'rolegate-bench-' || g, 'createdAt', ${isoTime(sql`now()`)})`;
  return queryRows<{ id: string }>(getDb(), sql`insert into events (type, data) select 'organization.created', ${data} from generate_series(1, ${count}::int) g returning id`);
}

/** CPU used from now on by next start, the database's backends and this process; the function returns it (ms) and the wall time. */
export async function cpuMeter(appPid: number): Promise<() => Promise<{ app: number | null; database: number; bench: number; wallMs: number }>> {
  const before = { app: cpuMsOf(appPid), database: await databaseCpu(), bench: process.cpuUsage(), at: performance.now() };
  return async () => {
    const app = cpuMsOf(appPid);
    const bench = process.cpuUsage(before.bench);
    return {
      app: app !== null && before.app !== null ? app - before.app : null,
      database: databaseCpuSince(before.database, await databaseCpu()),
      bench: (bench.user + bench.system) / 1000,
      wallMs: performance.now() - before.at,
    };
  };
}

/** Inserts `count` events at once and waits until every endpoint has them all. */
export async function measureThroughput(receivers: readonly Receiver[], count: number, label: string, appPid: number, run: RunData): Promise<Throughput> {
  const meter = await cpuMeter(appPid);
  const rows = await insertEvents(label, count);
  const committed = Date.now();
  const ids = rows.map((r) => r.id);
  run.eventIds.push(...ids);
  const deliveries = ids.length * receivers.length;
  // Generous: at least 100 deliveries a second, and a minute.
  const last = await receivedAll(receivers, ids, Math.max(60_000, deliveries * 10));
  const cpu = await meter();
  let first = Infinity;
  for (const r of receivers) for (const id of ids) first = Math.min(first, r.receipts.get(id)!.at);
  // Each statement of the fan-out stamps its rows with its own start.
  const [written] = await queryRows<{ first: number; last: number }>(
    getDb(),
    sql`select (extract(epoch from min(created_at)) * 1000)::float8 as first, (extract(epoch from max(created_at)) * 1000)::float8 as last
      from webhook_deliveries where event_id = any(${`{${ids.join(",")}}`}::uuid[])`,
  );
  return {
    deliveries,
    firstMs: first - committed,
    lastMs: last - committed,
    fanOutMs: written ? [written.first - committed, written.last - committed] : [NaN, NaN],
    perSecond: (deliveries / Math.max(1, last - committed)) * 1000,
    steadyPerSecond: ((deliveries - 1) / Math.max(1, last - first)) * 1000,
    appCpuMsPerDelivery: cpu.app === null ? null : cpu.app / deliveries,
    databaseCpuMsPerDelivery: cpu.database / deliveries,
    benchCpuMsPerDelivery: cpu.bench / deliveries,
  };
}

/** Calls `act(i)` `rate` times a second for `seconds`, on schedule whatever each call takes; resolves when all have ended. */
async function steady(rate: number, seconds: number, act: (i: number) => Promise<void>): Promise<void> {
  const total = Math.round(rate * seconds);
  const start = performance.now() + 50;
  const calls: Promise<void>[] = [];
  const errors: unknown[] = [];
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    calls.push(act(i).catch((error: unknown) => void errors.push(error)));
  }
  await Promise.all(calls);
  if (errors.length > 0) throw errors[0];
}

/** Organisations created through the API at a steady rate: the lag of their `organization.created` deliveries, and the POSTs' times. */
export async function lagThroughApi(
  client: ApiClient,
  receivers: readonly Receiver[],
  options: { rate: number; seconds: number; label: string },
  failures: Failures,
): Promise<{ lag: Lag; post: { p50: number; p95: number }; organizations: number }> {
  const created: string[] = [];
  const posts: number[] = [];
  await steady(options.rate, options.seconds, async (i) => {
    const answer = await client.send("POST", "/api/v1/organizations", { name: `${options.label} ${i + 1}` }).catch((error: unknown) => ({ status: 0, ms: 0, text: String(error) }));
    if (answer.status !== 201) return failures.add(`POST /api/v1/organizations: ${answer.status} ${answer.text.slice(0, 120)}`);
    posts.push(answer.ms);
    const { id } = JSON.parse(answer.text) as { id: string };
    created.push(id);
  });
  const ids: string[] = [];
  for (let i = 0; i < created.length; i += 5_000) {
    const found = await getDb().select({ id: events.id }).from(events).where(inArray(events.organizationId, created.slice(i, i + 5_000)));
    ids.push(...found.map((r) => r.id));
  }
  if (ids.length !== created.length) failures.add(`${created.length - ids.length} organisations created through the API have no organization.created event`);
  await receivedAll(receivers, ids, LAG_WAIT_MS);
  return { lag: lagOf(receivers, ids), post: { p50: quantile(posts, 0.5), p95: quantile(posts, 0.95) }, organizations: created.length };
}

/** Events inserted by this process, one statement each, at a steady rate: what another instance's changes look like to the app. */
export async function lagFromAnotherInstance(receivers: readonly Receiver[], options: { rate: number; seconds: number; label: string }, run: RunData): Promise<Lag> {
  const ids: string[] = [];
  await steady(options.rate, options.seconds, async (i) => {
    const [row] = await insertEvents(`${options.label} ${i + 1}`, 1);
    ids.push(row!.id);
  });
  run.eventIds.push(...ids);
  await receivedAll(receivers, ids, LAG_WAIT_MS);
  return lagOf(receivers, ids);
}

/** First arrival minus the event's timestamp, for each event at each endpoint. */
function lagOf(receivers: readonly Receiver[], ids: readonly string[]): Lag {
  const lags: number[] = [];
  for (const r of receivers) {
    for (const id of ids) {
      const receipt = r.receipts.get(id)!;
      lags.push(receipt.at - receipt.timestamp);
    }
  }
  return { deliveries: lags.length, p50: quantile(lags, 0.5), p95: quantile(lags, 0.95), p99: quantile(lags, 0.99), max: quantile(lags, 1) };
}
