// npm run bench:load [-- --customers 200 --admins 20 --seconds 60 --latency 50]
// The production build (`next start`, from .next) on PostgreSQL with the sandbox in its own process,
// all on loopback: customers, each alone in an organisation, run the verify server action over HTTP
// for a bounded time while admins page the connection list. First, in the same run, one customer
// verifies alone: the unloaded time. Prints count, throughput, p50/p95/p99 and errors of each, and
// the loaded p95 against the unloaded one (target <= 1.5). Exits 1 when any request failed.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { actionByKey } from "./support/load-actions";
import { adminLoop, customerLoop, Recorder, verifyOnce } from "./support/load-run";
import { cpuMsOf, ensureDatabase, freePort, onStop, productionBuild, startApp, stopAll } from "./support/load-stack";
import { startSandboxProcess } from "./support/sandbox-process";

const USAGE = "npm run bench:load -- [--customers 200] [--admins 20] [--seconds 60] [--latency 50] [--baseline 40] [--think 2000] [--dashboard 20000] [--instances 1] [--port N] [--sandbox-port N] [--database-url postgres://…]";
const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "200" },
    admins: { type: "string", default: "20" },
    seconds: { type: "string", default: "60" },
    latency: { type: "string", default: "50" },
    baseline: { type: "string", default: "40" },
    think: { type: "string", default: "2000" },
    dashboard: { type: "string", default: "20000" },
    instances: { type: "string", default: "1" },
    port: { type: "string", default: process.env.BENCH_LOAD_PORT },
    "sandbox-port": { type: "string", default: process.env.BENCH_LOAD_SANDBOX_PORT },
    "database-url": { type: "string", default: process.env.BENCH_LOAD_DATABASE_URL ?? "postgres://rolegate:rolegate@127.0.0.1:5432/rolegate_load" },
  },
});
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const parsed = z
  .object({
    customers: int(1, 5000),
    admins: int(0, 500),
    seconds: int(1, 3600),
    latency: int(0, 10_000),
    baseline: int(1, 200),
    think: int(0, 60_000),
    dashboard: int(0, 2_000_000),
    instances: int(1, 16),
    port: int(1, 65535).optional(),
    "sandbox-port": int(1, 65535).optional(),
    "database-url": z.url({ protocol: /^postgres(ql)?$/ }),
  })
  .safeParse(values);
if (!parsed.success) {
  console.error(`Usage: ${USAGE}\n${parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n")}`);
  process.exit(2);
}
const flags = parsed.data;
const build = productionBuild();
if (!build) {
  console.error("bench:load runs the production build, and there is none in .next: run `npm run build` first.");
  process.exit(2);
}

const DATA_DIR = "data/bench-load";
const ADMIN_EMAIL = "admin@load.bench.test";
const ADMIN_PASSWORD = "load bench admin password 123";
const log = (line: string) => console.log(line);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const fmt = (ms: number) => (Number.isNaN(ms) ? "–" : ms.toFixed(0)).padStart(7);
let failed = 0;

try {
  const setupStarted = performance.now();
  await ensureDatabase(flags["database-url"]);
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  const port = flags.port ?? (await freePort(3500));
  const sandboxPort = flags["sandbox-port"] ?? (await freePort(5000));
  // The benchmark's own database access (setup) and the server share this configuration.
  const env: Record<string, string> = {
    DATABASE_URL: flags["database-url"],
    DATA_DIR,
    APP_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    AWS_MODE: "sandbox",
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_DATA_DIR: path.join(DATA_DIR, "sandbox"),
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    AUTH_SECRET: randomBytes(48).toString("base64"),
    LOG_LEVEL: "warn",
    LOG_FILE: path.join(DATA_DIR, "app.log"),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  Object.assign(process.env, env);
  const setup = await import("./support/load-setup");
  onStop(() => setup.closeDb());
  onStop(() => setup.removeRunData());

  const dashboardRows = await setup.prepareDatabase(flags.dashboard, log);
  const sandbox = await startSandboxProcess(sandboxPort, { dataDir: env.SANDBOX_DATA_DIR });
  // The sandbox also hears a terminal's Ctrl-C and may be gone already: do not wait on it for ever.
  onStop(() => Promise.race([sandbox.stop(), new Promise<void>((r) => setTimeout(r, 5_000))]));
  // Instances share the database and the session key, as instances behind a load balancer do;
  // each person stays on one of them.
  const apps = [await startApp(port, env, path.join(DATA_DIR, "server.log"))];
  for (let i = 1; i < flags.instances; i++) {
    const next = await freePort(port + i);
    apps.push(await startApp(next, { ...env, PORT: String(next), APP_URL: `http://127.0.0.1:${next}` }, path.join(DATA_DIR, `server-${i + 1}.log`)));
  }
  const urls = apps.map((a) => a.url);
  const dbName = new URL(flags["database-url"]).pathname.slice(1);
  console.log(`bench:load  ${flags.customers} customers, ${flags.admins} admins, ${flags.seconds} s, sandbox latency ${flags.latency} ms per STS call`);
  console.log(`  next start at ${urls.join(", ")} (build ${build.id} of ${build.builtAt.toISOString()}), PostgreSQL ${dbName} (${dashboardRows} dashboard connections), sandbox at :${sandboxPort}`);

  const verify = actionByKey("lib/actions/connections/verify-connection.ts#verifyConnectionAction");
  const viewer = await setup.setupViewer(ADMIN_EMAIL, ADMIN_PASSWORD);
  const perCustomer = setup.VERIFICATIONS_PER_CUSTOMER;
  const baselineCustomers = Math.ceil(flags.baseline / perCustomer);
  const admins = await setup.signInAdmins(urls, flags.admins, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  const [warm, ...alone] = await setup.makeCustomers(viewer, sandbox, urls, "alone", 1 + baselineCustomers);
  const customers = await setup.makeCustomers(viewer, sandbox, urls, "loaded", flags.customers);
  const terms = await setup.searchTerms();
  await sandbox.control("POST", "/_sandbox/faults", { action: "*", kind: "latency", ms: flags.latency });
  console.log(`  setup (database, people, sign-ins, roles) ${seconds(performance.now() - setupStarted)}`);

  // Warm-up (unmeasured): the routes' first renders, the JIT, the pools.
  for (let i = 0; i < perCustomer; i++) await verifyOnce(warm!, verify);
  for (const admin of admins) await admin.client.get("/admin/connections");

  const baseline = new Recorder();
  for (let i = 0; i < flags.baseline; i++) {
    const { ms, error } = await verifyOnce(alone[Math.floor(i / perCustomer)]!, verify);
    baseline.add(ms, error);
  }
  const adminAlone = new Recorder();
  if (admins[0]) await adminLoop(admins[0], { deadline: performance.now() + 5_000, thinkMs: 0, terms }, adminAlone);
  console.log(`\nunloaded (one at a time)      count  median     p95`);
  console.log(`  verification               ${String(baseline.ms.length).padStart(5)} ${fmt(baseline.percentile(0.5))} ${fmt(baseline.percentile(0.95))}   ms (${baselineCustomers} customer(s) in turn, ${baseline.errorCount} errors)`);
  console.log(`  admin page                 ${String(adminAlone.ms.length).padStart(5)} ${fmt(adminAlone.percentile(0.5))} ${fmt(adminAlone.percentile(0.95))}   ms (one admin for 5 s, ${adminAlone.errorCount} errors)`);

  const verifications = new Recorder();
  const pages = new Recorder();
  const durationMs = flags.seconds * 1000;
  const start = performance.now() + 500;
  const appCpuMs = () => {
    const each = apps.map((a) => cpuMsOf(a.pid));
    return each.some((ms) => ms === null) ? null : (each as number[]).reduce((x, y) => x + y, 0);
  };
  const cpu = { app: appCpuMs(), bench: process.cpuUsage(), load: loadavg()[0]! };
  await Promise.all([
    ...customers.map((c) => customerLoop(c, verify, { start, durationMs, count: perCustomer }, verifications)),
    ...admins.map((a) => adminLoop(a, { deadline: start + durationMs, thinkMs: flags.think, terms }, pages)),
  ]);
  const wallMs = performance.now() - start;
  const appCpu = appCpuMs();
  const benchCpu = process.cpuUsage(cpu.bench);

  console.log(`\nloaded phase: ${seconds(wallMs)} wall; each customer at most ${perCustomer} verifications (its limit), admins think ${flags.think} ms between pages`);
  console.log(`                             count   per s     p50     p95     p99  errors`);
  for (const [name, r] of [["verification", verifications], ["admin page", pages]] as const) {
    const count = r.ms.length + r.errorCount;
    console.log(
      `  ${name.padEnd(24)} ${String(count).padStart(7)} ${((count / wallMs) * 1000).toFixed(1).padStart(7)} ${fmt(r.percentile(0.5))} ${fmt(r.percentile(0.95))} ${fmt(r.percentile(0.99))} ${String(r.errorCount).padStart(7)}`,
    );
  }
  // Little's law: time spent in requests over wall time is the mean number in flight.
  const inFlight = (r: Recorder) => (r.ms.reduce((x, y) => x + y, 0) / wallMs).toFixed(1);
  console.log(`  in flight on average: ${inFlight(verifications)} verifications, ${inFlight(pages)} admin pages`);
  const ratio = verifications.percentile(0.95) / baseline.percentile(0.95);
  console.log(`\n  verification p95 loaded ÷ unloaded: ${ratio.toFixed(2)}   target <= 1.5${ratio > 1.5 ? "   (above target)" : ""}`);
  const pct = (ms: number) => `${((ms / wallMs) * 100).toFixed(0)}% of a core`;
  const appShare = cpu.app !== null && appCpu !== null ? `next start ${pct(appCpu - cpu.app)}${apps.length > 1 ? ` (${apps.length} instances)` : ""}, ` : "";
  console.log(`  machine: ${appShare}this client ${pct((benchCpu.user + benchCpu.system) / 1000)}; load average ${cpu.load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);

  const all = [baseline, adminAlone, verifications, pages];
  failed = all.reduce((n, r) => n + r.errorCount, 0);
  for (const [name, r] of [["unloaded verification", baseline], ["unloaded admin page", adminAlone], ["verification", verifications], ["admin page", pages]] as const) {
    for (const [error, n] of r.errors) console.log(`  error (${name}) ×${n}: ${error}`);
  }
  const serverProblems = readFileSync(env.LOG_FILE!, { encoding: "utf8", flag: "a+" })
    .split("\n")
    .filter((line) => /"level":(4|5|6)\d/.test(line)).length;
  if (serverProblems > 0) console.log(`  the server logged ${serverProblems} warnings or errors: ${env.LOG_FILE}`);
} catch (error) {
  console.error("\nbench:load failed:", error instanceof Error ? error.message : error);
  failed = Math.max(failed, 1);
} finally {
  await stopAll();
}
process.exit(failed > 0 ? 1 : 0);
