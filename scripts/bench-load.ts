// npm run bench:load [-- --admins 20 --step-seconds 20 --latency 50 --instances 1]  capacity per core
// npm run bench:load -- --customers 200 [--admins 20 --seconds 60 --instances 1]     a fixed load
// The production build (`next start`, from .next) on PostgreSQL with the sandbox in its own process,
// all on loopback. First, in the same run, one customer verifies alone: the unloaded time.
// Without --customers it measures the capacity per core: the app alone on core 0 and the sandbox,
// PostgreSQL and this load generator on the others (taskset; it says when it cannot), the app's CPU
// per verification and per dashboard page against the floor of a verification's irreducible work,
// then the highest offered verification rate, with the admins paging alongside, at which the p95
// stays within 1.5× the unloaded p95 with no error. Its last line:
//   capacity: N verifications/s per core (p95 X ms vs Y ms unloaded), CPU per verification A ms, per dashboard page B ms
// With --instances N (2 or more) the instances share PostgreSQL and the sandbox behind nginx (the
// system's package) on loopback, each pinned to a core of its own where there are N + 1 cores, and
// the run prints the total capacity and each instance's share of it.
// With --customers, customers each alone in an organisation run the verify server action over HTTP
// for a bounded time while admins page the connection list: count, throughput, p50/p95/p99 and errors
// of each, and the loaded p95 against the unloaded one. Exits 1 when any request failed (in the
// capacity run: when even its lowest step failed with errors).
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { actionByKey } from "./support/load-actions";
import { adminLoop, customerLoop, Recorder, verifyOnce } from "./support/load-run";
import { type App, cpuMsOf, ensureDatabase, freePort, onStop, productionBuild, startApp, stopAll } from "./support/load-stack";
import { cpuPerRequest, findCapacity } from "./support/load-capacity";
import { verificationFloorCpuMs } from "./support/load-floor";
import { planPinning } from "./support/load-pinning";
import { nginxAvailable, startProxy } from "./support/load-proxy";
import type { Admin, Customer } from "./support/load-setup";
import type { ServerAction } from "./support/load-actions";
import type { Terms } from "./support/load-run";
import type { Viewer } from "@/lib/dal/viewer";
import { type SandboxProcess, startSandboxProcess } from "./support/sandbox-process";

const USAGE =
  "npm run bench:load -- [--customers 200 [--seconds 60]] [--instances 1] [--admins 20] [--step-seconds 20] [--max-rate 400] [--no-pin] [--profile DIR] [--latency 50] [--baseline 40] [--think 2000] [--dashboard 20000] [--port N] [--sandbox-port N] [--database-url postgres://…]";
const { values } = parseArgs({
  options: {
    customers: { type: "string" },
    "step-seconds": { type: "string", default: "20" },
    "max-rate": { type: "string", default: "400" },
    "no-pin": { type: "boolean", default: false },
    admins: { type: "string", default: "20" },
    seconds: { type: "string", default: "60" },
    latency: { type: "string", default: "50" },
    baseline: { type: "string", default: "40" },
    think: { type: "string", default: "2000" },
    dashboard: { type: "string", default: "20000" },
    instances: { type: "string", default: "1" },
    profile: { type: "string" },
    port: { type: "string", default: process.env.BENCH_LOAD_PORT },
    "sandbox-port": { type: "string", default: process.env.BENCH_LOAD_SANDBOX_PORT },
    "database-url": { type: "string", default: process.env.BENCH_LOAD_DATABASE_URL ?? "postgres://rolegate:rolegate@127.0.0.1:5432/rolegate_load" },
  },
});
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const parsed = z
  .object({
    customers: int(1, 5000).optional(),
    "step-seconds": int(5, 600),
    "max-rate": int(2, 5000),
    "no-pin": z.boolean(),
    admins: int(0, 500),
    seconds: int(1, 3600),
    latency: int(0, 10_000),
    baseline: int(1, 200),
    think: int(0, 60_000),
    dashboard: int(0, 2_000_000),
    instances: int(1, 16),
    profile: z.string().min(1).optional(),
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
const capacityRun = flags.customers === undefined;
const nginx = flags.instances > 1 ? nginxAvailable() : undefined;
if (nginx && !nginx.ok) {
  console.error(`--instances ${flags.instances} runs the instances behind nginx, and ${nginx.why}.`);
  process.exit(2);
}
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
let lastLine = "";

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
    // Scheduled checks of the dashboard's connections would run in the server during the measured
    // requests and be counted as theirs; their own cost is bench:health's.
    HEALTH_CHECK_INTERVAL: "off",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (flags.profile) {
    env.BENCH_PROFILE_DIR = path.resolve(flags.profile);
    mkdirSync(env.BENCH_PROFILE_DIR, { recursive: true });
    process.env.APP_NODE_ARGS = `${process.env.APP_NODE_ARGS ?? ""} --import ${pathToFileURL(path.resolve("scripts/support/profile-hook.mjs")).href}`;
  }
  Object.assign(process.env, env);
  const setup = await import("./support/load-setup");
  onStop(() => setup.closeDb());
  onStop(() => setup.removeRunData());

  const dashboardRows = await setup.prepareDatabase(flags.dashboard, log);
  const pinning = planPinning(capacityRun && !flags["no-pin"], flags.instances);
  pinning.pinNeighbours();
  onStop(() => pinning.restore());
  const sandbox = await startSandboxProcess(sandboxPort, { dataDir: env.SANDBOX_DATA_DIR, prefix: pinning.others });
  // The sandbox also hears a terminal's Ctrl-C and may be gone already: do not wait on it for ever.
  onStop(() => Promise.race([sandbox.stop(), new Promise<void>((r) => setTimeout(r, 5_000))]));
  // Several instances share the database, the sandbox and the session key, behind nginx on `port`
  // (the APP_URL every instance is told), as instances behind a load balancer do.
  const apps: App[] = [];
  for (let i = 0; i < flags.instances; i++) {
    const own = flags.instances === 1 ? port : await freePort(port + 1 + i);
    apps.push(await startApp(own, { ...env, PORT: String(own) }, path.join(DATA_DIR, i === 0 ? "server.log" : `server-${i + 1}.log`), pinning.app(i)));
  }
  const proxy = flags.instances > 1 ? await startProxy(port, apps.map((a) => a.url), path.join(DATA_DIR, "nginx"), pinning.others) : undefined;
  const urls = [proxy?.url ?? apps[0]!.url];
  const dbName = new URL(flags["database-url"]).pathname.slice(1);
  console.log(
    capacityRun
      ? `bench:load  capacity per core: ${flags.admins} admins paging, steps of ${flags["step-seconds"]} s, sandbox latency ${flags.latency} ms per STS call`
      : `bench:load  ${flags.customers} customers, ${flags.admins} admins, ${flags.seconds} s, sandbox latency ${flags.latency} ms per STS call`,
  );
  const where = proxy ? `${apps.length} instances at ${apps.map((a) => a.url).join(", ")} behind ${nginx?.ok ? nginx.version : "nginx"} at ${proxy.url}` : `at ${urls[0]}`;
  console.log(`  next start ${where} (build ${build.id} of ${build.builtAt.toISOString()}), PostgreSQL ${dbName} (${dashboardRows} dashboard connections), sandbox at :${sandboxPort}`);

  const verify = actionByKey("lib/actions/connections/verify-connection.ts#verifyConnectionAction");
  const viewer = await setup.setupViewer(ADMIN_EMAIL, ADMIN_PASSWORD);
  const perCustomer = setup.VERIFICATIONS_PER_CUSTOMER;
  const baselineCustomers = Math.ceil(flags.baseline / perCustomer);
  const admins = await setup.signInAdmins(urls, flags.admins, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  const [warm, ...alone] = await setup.makeCustomers(viewer, sandbox, urls, "alone", 1 + baselineCustomers);
  const customers = capacityRun ? [] : await setup.makeCustomers(viewer, sandbox, urls, "loaded", flags.customers!);
  const terms = await setup.searchTerms();
  await sandbox.control("POST", "/_sandbox/faults", { action: "*", kind: "latency", ms: flags.latency });
  console.log(`  setup (database, people, sign-ins, roles) ${seconds(performance.now() - setupStarted)}`);
  if (capacityRun) console.log(`  ${pinning.note}`);

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

  const instanceCpuMs = () => {
    const each = apps.map((a) => cpuMsOf(a.pid));
    return each.some((ms) => ms === null) ? null : (each as number[]);
  };
  const appCpuMs = () => instanceCpuMs()?.reduce((x, y) => x + y, 0) ?? null;
  // --profile: the servers' CPU profile of the measured phase (the steps, or the loaded phase).
  const toggleProfile = async (end: boolean) => {
    if (!flags.profile) return;
    for (const app of apps) process.kill(app.pid, "SIGUSR2");
    if (!end) return;
    await new Promise((r) => setTimeout(r, 3_000));
    console.log(`  CPU profile of the measured phase: ${env.BENCH_PROFILE_DIR}/next-start-<pid>-1.cpuprofile`);
  };
  if (capacityRun) {
    await toggleProfile(false);
    const result = await capacity({ setup, sandbox, viewer, urls, admins, terms, verify, baseline, appCpuMs, instanceCpuMs, pinned: pinning.pinned });
    await toggleProfile(true);
    failed = result.failed;
    lastLine = result.line;
  } else {
    const verifications = new Recorder();
    const pages = new Recorder();
    const durationMs = flags.seconds * 1000;
    await toggleProfile(false);
    const start = performance.now() + 500;
    const cpu = { app: appCpuMs(), bench: process.cpuUsage(), load: loadavg()[0]! };
    await Promise.all([
      ...customers.map((c) => customerLoop(c, verify, { start, durationMs, count: perCustomer }, verifications)),
      ...admins.map((a) => adminLoop(a, { deadline: start + durationMs, thinkMs: flags.think, terms }, pages)),
    ]);
    const wallMs = performance.now() - start;
    const appCpu = appCpuMs();
    const benchCpu = process.cpuUsage(cpu.bench);
    await toggleProfile(true);

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
    console.log(`\n  verification p95 loaded ÷ unloaded: ${ratio.toFixed(2)}`);
    const pct = (ms: number) => `${((ms / wallMs) * 100).toFixed(0)}% of a core`;
    const appShare = cpu.app !== null && appCpu !== null ? `next start ${pct(appCpu - cpu.app)}${apps.length > 1 ? ` (${apps.length} instances)` : ""}, ` : "";
    console.log(`  machine: ${appShare}this client ${pct((benchCpu.user + benchCpu.system) / 1000)}; load average ${cpu.load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);

    const all = [baseline, adminAlone, verifications, pages];
    failed = all.reduce((n, r) => n + r.errorCount, 0);
    for (const [name, r] of [["unloaded verification", baseline], ["unloaded admin page", adminAlone], ["verification", verifications], ["admin page", pages]] as const) {
      for (const [error, n] of r.errors) console.log(`  error (${name}) ×${n}: ${error}`);
    }
  }
  const serverProblems = readFileSync(env.LOG_FILE!, { encoding: "utf8", flag: "a+" })
    .split("\n")
    .filter((line) => /"level":(4|5|6)\d/.test(line)).length;
  if (serverProblems > 0) console.log(`  the server logged ${serverProblems} warnings or errors: ${env.LOG_FILE}`);
  if (lastLine) console.log(`\n${lastLine}`);
} catch (error) {
  console.error("\nbench:load failed:", error instanceof Error ? error.message : error);
  failed = Math.max(failed, 1);
} finally {
  await stopAll();
}
process.exit(failed > 0 ? 1 : 0);

/**
 * The capacity run: CPU per verification and per dashboard page against the floor, then the rate
 * steps. Returns the run's last line, and how many requests failed at the lowest step (0 when even
 * that step was good or only slow).
 */
async function capacity(c: {
  setup: typeof import("./support/load-setup");
  sandbox: SandboxProcess;
  viewer: Viewer;
  urls: string[];
  admins: Admin[];
  terms: Terms;
  verify: ServerAction;
  baseline: Recorder;
  appCpuMs: () => number | null;
  instanceCpuMs: () => number[] | null;
  pinned: boolean;
}): Promise<{ failed: number; line: string }> {
  const pool: Customer[] = [];
  // Each customer runs at most 5 verifications of a step (its limit is 10 per 10 minutes), its limits
  // given back before each step, so that only the app's capacity decides.
  const customersFor = async (count: number) => {
    const wanted = Math.ceil(count / 5);
    if (pool.length < wanted) pool.push(...(await c.setup.makeCustomers(c.viewer, c.sandbox, c.urls, `cap${pool.length}x`, wanted - pool.length)));
    await c.setup.resetVerifyLimits();
    return pool;
  };
  const SAMPLE = 100;
  console.log(`\nCPU of next start per request (${SAMPLE} of each, from /proc), against the floor`);
  const customers = await customersFor(SAMPLE);
  const perVerification = await cpuPerRequest(SAMPLE, 4, c.appCpuMs, async (i) => (await verifyOnce(customers[i % customers.length]!, c.verify)).error);
  const paths = ["/admin/connections", "/admin/connections?status=failed", `/admin/connections?q=${encodeURIComponent(c.terms.words[0] ?? "Load")}`, "/admin/connections?sort=organization&dir=asc", "/admin"];
  let pageBytes = 0;
  const perPage = await cpuPerRequest(SAMPLE, 2, c.appCpuMs, async (i) => {
    const answer = await c.admins[0]!.client.get(paths[i % paths.length]!);
    pageBytes += Buffer.byteLength(answer.text);
    return answer.status === 200 ? undefined : `HTTP ${answer.status}`;
  });
  const { partner } = (await c.sandbox.control("GET", "/_sandbox/info")) as { partner: { accessKeyId: string; secretAccessKey: string } };
  await c.setup.resetVerifyLimits();
  const floor = await verificationFloorCpuMs({ endpoint: c.sandbox.url, partner, databaseUrl: flags["database-url"], customers, count: SAMPLE, concurrency: 4 });
  const ms = (v: number | null) => (v === null ? "–" : v.toFixed(1));
  console.log(`  verification ${ms(perVerification.ms)} ms (${perVerification.errors} errors); floor ${floor.toFixed(1)} ms (4 STS calls, the S3 probe and 2 writes through the SDK and the driver alone): ${perVerification.ms === null ? "–" : (perVerification.ms / floor).toFixed(2)}× the floor`);
  console.log(`  dashboard page ${ms(perPage.ms)} ms, ${(pageBytes / SAMPLE / 1024).toFixed(0)} KiB of HTML on average (${perPage.errors} errors; ${paths.join(", ")})`);

  const unloadedP95 = c.baseline.percentile(0.95);
  console.log(`\nsteps (${flags["step-seconds"]} s each, ${c.admins.length} admins paging, thinking ${flags.think} ms): good while p95 ≤ 1.5 × ${unloadedP95.toFixed(0)} ms with no error`);
  const { steps, best } = await findCapacity({
    verify: c.verify,
    admins: c.admins,
    terms: c.terms,
    thinkMs: flags.think,
    stepSeconds: flags["step-seconds"],
    ratio: 1.5,
    unloadedP95,
    maxRate: flags["max-rate"],
    customersFor,
    instanceCpuMs: c.instanceCpuMs,
    log: (line) => console.log(line),
  });
  const shown = best ?? steps[0]!;
  const instances = flags.instances;
  const total = best?.rate ?? 0;
  if (instances > 1) {
    const shares = shown.instanceShares?.map((share) => `${(share * 100).toFixed(0)}%`).join(", ") ?? "–";
    console.log(`\ninstances: ${instances} behind nginx (least connections), sharing one PostgreSQL and one sandbox: ${total.toFixed(1)} verifications/s in all, ${(total / instances).toFixed(1)} per instance; each instance's CPU at that step ${shares}`);
    console.log(c.pinned ? "  each instance had a core of its own; nginx, the sandbox, PostgreSQL and the load generator shared the rest" : "  the instances were not pinned: they shared the machine's cores with nginx, the sandbox, PostgreSQL and the load generator, so per instance is a share of the machine, not of a core");
  }
  const line = `capacity: ${(total / instances).toFixed(1)} verifications/s per core (p95 ${shown.p95.toFixed(0)} ms vs ${unloadedP95.toFixed(0)} ms unloaded), CPU per verification ${ms(perVerification.ms)} ms, per dashboard page ${ms(perPage.ms)} ms`;
  return { failed: best ? 0 : (steps[0]?.errors ?? 0), line };
}
