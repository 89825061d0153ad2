// npm run bench:api [-- --connections 100000 --runs 40 --events 10000 --rate 50 --lag-seconds 20]
// The partner API of the production build (`next start`, from .next) on PostgreSQL. Part 1: a page of
// connections through the API against the DAL call alone (in this process) and against the HTTP floor
// (an authenticated route with nothing to list), interleaved. Part 2: events fanned out to 5 webhook
// endpoints on loopback: a burst's throughput, and the lag from commit to first attempt of a steady
// stream made through the API and of one inserted by another process. Prints figures and ratios
// measured in this run; exits 1 only when requests failed.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { ApiClient, Failures } from "./support/bench-api-client";
import { ensureDatabase, freePort, onStop, productionBuild, startApp, stopAll } from "./support/load-stack";

const USAGE = "npm run bench:api -- [--connections 100000] [--runs 40] [--events 10000] [--rate 50] [--lag-seconds 20] [--port N] [--database-url postgres://…]";
const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "100000" },
    runs: { type: "string", default: "40" },
    events: { type: "string", default: "10000" },
    rate: { type: "string", default: "50" },
    "lag-seconds": { type: "string", default: "20" },
    port: { type: "string", default: process.env.BENCH_API_PORT },
    "database-url": { type: "string", default: process.env.BENCH_API_DATABASE_URL ?? "postgres://rolegate:rolegate@127.0.0.1:5432/rolegate_api_bench" },
  },
});
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const parsed = z
  .object({
    connections: int(1_000, 2_000_000),
    runs: int(5, 1000),
    events: int(1, 200_000),
    rate: int(1, 1000),
    "lag-seconds": int(1, 600),
    port: int(1, 65535).optional(),
    "database-url": z.url({ protocol: /^postgres(ql)?$/ }),
  })
  .safeParse(values);
if (!parsed.success) {
  console.error(`Usage: ${USAGE}\n${parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n")}`);
  process.exit(2);
}
const flags = parsed.data;
const build = productionBuild();
if (!build || !existsSync(".next/server/app/api/v1")) {
  console.error(`bench:api runs the production build, and .next has ${build ? "one without the partner API (/api/v1)" : "none"}: run \`npm run build\` first.`);
  process.exit(2);
}

const ENDPOINTS = 5;
const DATA_DIR = "data/bench-api";
const started = performance.now();
const stamp = `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
const number = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const log = (line: string) => console.log(line);
const failures = new Failures();
const targets: string[] = [];

try {
  await ensureDatabase(flags["database-url"]);
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  const port = flags.port ?? (await freePort(3500));
  const env: Record<string, string> = {
    DATABASE_URL: flags["database-url"],
    DATA_DIR,
    APP_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    AWS_MODE: "sandbox",
    SANDBOX_PORT: String(await freePort(4900)),
    SANDBOX_DATA_DIR: path.join(DATA_DIR, "sandbox"),
    AUTH_SECRET: randomBytes(48).toString("base64"),
    API_RATE_LIMIT: "1000000",
    WEBHOOKS_ALLOW_PRIVATE: "true",
    LOG_LEVEL: "warn",
    LOG_FILE: path.join(DATA_DIR, "app.log"),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // This process opens the same database as the server, with the same configuration.
  Object.assign(process.env, env);
  const setup = await import("./support/bench-api-setup");
  const { listingCases, listingTable, measureCase } = await import("./support/bench-api-listing");
  const fanout = await import("./support/bench-api-fanout");
  const { Receiver } = await import("./support/bench-api-receivers");
  const run: import("./support/bench-api-setup").RunData = { eventIds: [] };
  onStop(() => setup.closeDb());
  onStop(() => setup.removeRunData(run));

  log(`bench:api  ${number.format(flags.connections)} connections, ${flags.runs} runs per case; ${number.format(flags.events)} events to ${ENDPOINTS} endpoints; lag at ${flags.rate} events/s for ${flags["lag-seconds"]} s`);
  const connections = await setup.prepareDatabase(flags.connections, log);
  const leftovers = await setup.clearEndpoints();
  if (leftovers > 0) log(`  removed ${leftovers} webhook endpoints an earlier run left`);
  const { key, caller } = await setup.createKey(`bench:api ${stamp}`);
  run.apiKeyId = caller.viewer.apiKeyId;
  const app = await startApp(port, env, path.join(DATA_DIR, "server.log"));
  const client = new ApiClient(app.url, key);
  onStop(() => client.close());
  const dbName = new URL(flags["database-url"]).pathname.slice(1);
  log(`  next start at ${app.url} (build ${build.id} of ${build.builtAt.toISOString()}), PostgreSQL ${dbName} (${number.format(connections)} connections), API_RATE_LIMIT=1000000, WEBHOOKS_ALLOW_PRIVATE=true`);
  log(`  setup ${seconds(performance.now() - started)}; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);

  // Part 1
  const cases = await listingCases(caller, await setup.filterValues(), connections);
  log(`\nListing connections: GET /api/v1/connections (HTTP, keep-alive) vs listConnectionRecords in this process (DAL)`);
  log(`vs the floor GET /api/v1/webhooks (no endpoints); ${flags.runs} interleaved runs per case after 5 warm-up runs; ms`);
  const listing = [];
  for (const c of cases) listing.push(await measureCase(client, caller, c, flags.runs, failures));
  for (const line of listingTable(listing)) log(`  ${line}`);
  log("  HTTP is from sending the request to the answer's last byte; ratios use medians; targets: (HTTP−floor)/DAL ≤ 1.5, HTTP/(1.5·DAL+floor) ≤ 1");

  // Part 2
  const receivers = await Promise.all(Array.from({ length: ENDPOINTS }, (_, i) => Receiver.start(i)));
  onStop(() => Promise.all(receivers.map((r) => r.close())).then(() => undefined));
  await fanout.registerEndpoints(client, receivers);
  const verified = () => {
    const each = receivers.map((r) => r.verifyKept());
    const checked = each.reduce((n, e) => n + e.checked, 0);
    const passed = each.reduce((n, e) => n + e.passed, 0);
    if (passed < checked) failures.add(`${checked - passed} of ${checked} signatures did not verify`);
    return `${passed} of ${checked} sampled signatures verified`;
  };
  log(`\nEvent fan-out: ${ENDPOINTS} endpoints registered through POST /api/v1/webhooks (events ["*"]), receivers on 127.0.0.1 answering 204 at once`);
  const burst = await fanout.measureThroughput(receivers, flags.events, `API bench ${stamp} burst`, app.pid, run);
  const perDelivery = (ms: number | null) => (ms === null ? "–" : `${ms.toFixed(2)} ms`);
  log(`  throughput: ${number.format(flags.events)} events inserted in one statement → ${number.format(burst.deliveries)} deliveries`);
  log(`    ${number.format(burst.perSecond)} deliveries/s from the commit to the last delivery (${number.format(burst.steadyPerSecond)}/s from the first); first delivery ${seconds(burst.firstMs)}, last ${seconds(burst.lastMs)} after the commit`);
  log(`    fan-out (events to delivery rows, before any is claimed) from ${seconds(burst.fanOutMs[0])} to ${seconds(burst.fanOutMs[1])} after the commit`);
  log(`    CPU per delivery: next start ${perDelivery(burst.appCpuMsPerDelivery)}, PostgreSQL ${perDelivery(burst.databaseCpuMsPerDelivery)}, receivers (this process) ${perDelivery(burst.benchCpuMsPerDelivery)}; ${verified()}`);

  const lagLine = (name: string, lag: import("./support/bench-api-fanout").Lag) =>
    `  ${name.padEnd(44)} ${number.format(lag.deliveries).padStart(6)} ${[lag.p50, lag.p95, lag.p99, lag.max].map((ms) => number.format(ms).padStart(6)).join(" ")}`;
  const steadyOptions = { rate: flags.rate, seconds: flags["lag-seconds"] };
  const apiClient = new ApiClient(app.url, key, 32);
  onStop(() => apiClient.close());
  const share = async (meter: Awaited<ReturnType<typeof fanout.cpuMeter>>) => {
    const cpu = await meter();
    const pct = (ms: number | null) => (ms === null ? "–" : `${Math.round((ms / cpu.wallMs) * 100)}%`);
    return `next start ${pct(cpu.app)} of a core, PostgreSQL ${pct(cpu.database)}`;
  };
  // Warm-up (unmeasured): the POST route's first requests load its code.
  await fanout.lagThroughApi(apiClient, receivers, { rate: 5, seconds: 1, label: `API bench ${stamp} warm-up` }, failures);
  let meter = await fanout.cpuMeter(app.pid);
  const throughApi = await fanout.lagThroughApi(apiClient, receivers, { ...steadyOptions, label: `API bench ${stamp}` }, failures);
  const throughApiCpu = await share(meter);
  meter = await fanout.cpuMeter(app.pid);
  const fromOther = await fanout.lagFromAnotherInstance(receivers, { ...steadyOptions, label: `API bench ${stamp} other` }, run);
  const fromOtherCpu = await share(meter);
  log(`\nLag from commit to first attempt: each endpoint's first receipt − the event's timestamp (its transaction's start), ms`);
  log(`  ${"".padEnd(44)} ${"deliv.".padStart(6)} ${["p50", "p95", "p99", "max"].map((h) => h.padStart(6)).join(" ")}`);
  log(`${lagLine(`POST /api/v1/organizations, ${flags.rate}/s for ${flags["lag-seconds"]} s`, throughApi.lag)}   ${throughApiCpu}`);
  log(`${lagLine(`from another instance (SQL inserts, ${flags.rate}/s)`, fromOther)}   ${fromOtherCpu}`);
  log(`  the ${number.format(throughApi.organizations)} POSTs took ${throughApi.post.p50.toFixed(1)} ms (p50), ${throughApi.post.p95.toFixed(1)} ms (p95) (their organisations stay in the database); ${verified()}`);
  const duplicates = receivers.map((r) => r.duplicates);
  log(`  duplicates (same webhook-id received again), per endpoint: ${duplicates.join(", ")}`);

  log(`  machine: load average ${loadavg()[0]!.toFixed(1)} at the end (${availableParallelism()} cores shared by next start, PostgreSQL and this process)`);
  const serverProblems = readFileSync(env.LOG_FILE!, { encoding: "utf8", flag: "a+" })
    .split("\n")
    .filter((line) => /"level":(4|5|6)\d/.test(line)).length;
  if (serverProblems > 0) log(`  the server logged ${serverProblems} warnings or errors: ${env.LOG_FILE}`);

  const overheads = listing.map((f) => f.overhead);
  const budgets = listing.map((f) => f.budget);
  const met = listing.filter((f) => f.overhead <= 1.5).length;
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
  targets.push(`listing through the API: (HTTP−floor)/DAL ${range(overheads)} (HTTP/(1.5·DAL+floor) ${range(budgets)}) over ${listing.length} cases, target ≤ 1.5: met in ${met} of ${listing.length}`);
  for (const [name, lag] of [["through the API", throughApi.lag], ["from another instance", fromOther]] as const) {
    targets.push(`lag from commit to first attempt, ${name}: p95 ${number.format(lag.p95)} ms, target ≤ 1,000 ms: ${lag.p95 <= 1000 ? "met" : "not met"}`);
  }
} catch (error) {
  console.error("\nbench:api failed:", error instanceof Error ? error.message : error);
  failures.add("bench:api stopped");
} finally {
  await stopAll();
  for (const [reason, n] of failures.byReason) console.log(`  failed ×${n}: ${reason}`);
  console.log(`\n${failures.count === 0 ? "No request failed" : `${failures.count} failures`}; ${seconds(performance.now() - started)} in all.`);
  if (targets.length > 0) console.log(`\nTargets\n${targets.map((t) => `  ${t}`).join("\n")}`);
}
process.exit(failures.count > 0 ? 1 : 0);
