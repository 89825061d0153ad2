// npm run bench:health [-- --connections 100000 --interval 1h --minutes 3 --latency 100]
// Scheduled health checks of N connections through the real scheduler (spread, claims, the shared
// STS budget, checkTarget against a sandbox in its own process whose every STS call takes `latency`
// ms, history and due times written), for a window of `minutes` of the interval: at 100,000
// connections and 1 h that is the real rate (28 checks/s), so a few minutes measure it as an hour
// would run. Prints the scheduler's own database cost per check (spreading, claiming, finishing:
// not the verification), the spread of check start times against the ideal interval ÷ N, and STS
// calls per second against the shared budget, each with a ratio to a baseline of the same run.
// Database: DATABASE_URL when set (its rows are removed afterwards), else PGlite in a temporary directory.
import { rm } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startSandboxProcess, stats } from "./support/sandbox-process";
import { benchDeployment } from "./support/bench-deployment";

const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "100000" },
    interval: { type: "string", default: "1h" },
    minutes: { type: "string", default: "3" },
    latency: { type: "string", default: "100" },
  },
});
const count = Number(values.connections);
const latencyMs = Number(values.latency);
const windowMs = Number(values.minutes) * 60_000;

const { port, work } = await benchDeployment("health");
process.env.HEALTH_CHECK_INTERVAL = values.interval;

const { getConfig, parseInterval } = await import("@/lib/config");
const parsed = parseInterval(values.interval);
if (!parsed.ok || parsed.ms === null || !(count > 0) || !(windowMs > 0)) {
  console.error(`bench:health: --interval ${parsed.ok ? "must not be off" : parsed.message}; --connections and --minutes must be positive`);
  process.exit(2);
}
const intervalMs = parsed.ms;
const { closeDb, databaseKind } = await import("@/lib/db/client");
const { migrateDatabase } = await import("@/lib/db/migrate");
const { recordVerification } = await import("@/lib/dal/verifications");
const { spreadUnscheduled } = await import("@/lib/dal/health-checks");
const { BULK_SETTINGS } = await import("@/lib/jobs/settings");
const { HealthScheduler } = await import("@/lib/health/scheduler");
const { formatInterval } = await import("@/lib/health/interval");
const { checkTarget } = await import("@/lib/verification/run");
const { seed, unseed } = await import("./support/bench-bulk-data");
const { stsCallsIn } = await import("./support/bench-bulk-calls");

await migrateDatabase();
const sandboxDir = path.join(work, "sandbox");
const seedStart = performance.now();
const data = await seed(count, sandboxDir);
const sandbox = await startSandboxProcess(port, { dataDir: sandboxDir, startTimeoutMs: 120_000 }).catch(async (error: unknown) => {
  if (databaseKind() === "postgres") await unseed(data);
  await closeDb();
  throw error;
});
console.log(`bench:health  ${count} connections on ${databaseKind()}, seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
try {
  await sandbox.control("POST", "/_sandbox/faults", { action: "*", kind: "latency", ms: latencyMs });
  // The first start: every connection gets its place in the interval (once; later only new ones do).
  const spreadStart = performance.now();
  const spreadCount = await spreadUnscheduled(intervalMs, { only: data.organizationIds });
  const spreadMs = performance.now() - spreadStart;

  const starts: number[] = [];
  const recordMs: number[] = [];
  const scheduler = new HealthScheduler({
    intervalMs,
    organizationIds: data.organizationIds,
    check: (target, signal) => {
      starts.push(performance.now());
      return checkTarget(target, signal);
    },
    recorder: {
      recordVerification: async (input) => {
        const t = performance.now();
        await recordVerification(input);
        recordMs.push(performance.now() - t);
      },
    },
  });
  const load = loadavg()[0]!;
  const cpu = process.cpuUsage();
  const started = performance.now();
  scheduler.start();
  await new Promise((r) => setTimeout(r, windowMs));
  await scheduler.stop();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);

  const { stats: s } = scheduler;
  const { calls, verifications } = await stsCallsIn(data.connectionIds, "scheduled");
  const sorted = starts.sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((t, i) => t - sorted[i]!);
  const g = stats(gaps);
  // Past the first 10 s: the start drains what fell due while the first spread ran, all at once.
  const steady = sorted.filter((t) => t > started + 10_000);
  const steadyMax = Math.max(...steady.slice(1).map((t, i) => t - steady[i]!));
  const idealGap = intervalMs / count;
  const expected = (wallMs / intervalMs) * count;
  const r = stats(recordMs);
  const perCheckQueries = s.schedulingQueries / Math.max(1, s.checks);
  const perCheckMs = s.schedulingMs / Math.max(1, s.checks);
  const callsPerSecond = (calls / wallMs) * 1000;
  const needed = ((count * BULK_SETTINGS.callsPerVerification) / intervalMs) * 1000;
  console.log(`  interval ${formatInterval(intervalMs)} (HEALTH_CHECK_INTERVAL=${values.interval}), window ${(wallMs / 60_000).toFixed(1)} min; sandbox latency ${latencyMs} ms per STS call; region ${getConfig().aws.region}`);
  console.log(`  checks             ${s.checks} in the window (${expected.toFixed(0)} due at ${((count / intervalMs) * 1000).toFixed(1)}/s), ${verifications} recorded, ${s.confirmations} re-checks, ${s.inconclusive} inconclusive`);
  console.log(`  first spread       ${spreadCount} due times in ${spreadMs.toFixed(0)} ms (one statement, once per deployment; then only new connections)`);
  console.log(`  scheduling cost    ${perCheckQueries.toFixed(3)} queries and ${perCheckMs.toFixed(3)} ms per check (${s.schedulingQueries} queries, ${s.schedulingMs.toFixed(0)} ms: claims, finishes, spreads)`);
  console.log(`                     ${Object.entries(s.byQuery).map(([k, v]) => `${k}: ${v.queries} × ${(v.ms / v.queries).toFixed(2)} ms`).join(", ")}`);
  console.log(`  baseline           recording a verification: median ${r.median.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms (1 statement)`);
  console.log(`  ratio              scheduling ÷ recording per check: ${(perCheckMs / Math.max(0.001, r.median)).toFixed(2)}`);
  console.log(`  spread             gap between check starts: median ${g.median.toFixed(1)} ms, p95 ${g.p95.toFixed(1)} ms, max ${Math.max(...gaps).toFixed(1)} ms; ideal ${idealGap.toFixed(1)} ms (interval ÷ N); max ÷ ideal ${(Math.max(...gaps) / idealGap).toFixed(1)}; after the first 10 s max ${steadyMax.toFixed(1)} ms, ÷ ideal ${(steadyMax / idealGap).toFixed(1)}`);
  console.log(`  STS                ${callsPerSecond.toFixed(1)} calls/s (${calls} calls), needed ${needed.toFixed(1)}/s (ratio ${(callsPerSecond / needed).toFixed(3)}); shared budget ${BULK_SETTINGS.stsCallsPerSecond}/s, ${((callsPerSecond / BULK_SETTINGS.stsCallsPerSecond) * 100).toFixed(1)} % of it`);
  console.log(`  machine            this process used ${(((used.user + used.system) / 1000 / wallMs) * 100).toFixed(0)}% of a core; load average ${load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
} finally {
  await sandbox.stop();
  if (databaseKind() === "postgres") await unseed(data);
  await closeDb();
  await rm(work, { recursive: true, force: true });
}
