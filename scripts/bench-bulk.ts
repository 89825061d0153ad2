// npm run bench:bulk [-- --connections 5000 --latency 100 --concurrency 40]
// A bulk re-verification of N connections through the real worker (claims, STS budget, verifyTarget,
// history and status written) against a sandbox in its own process whose every STS call takes
// `latency` ms. Prints the wall time against the ideal, calls × latency ÷ concurrency, as a ratio
// (target <= 1.2). Database: DATABASE_URL when set (its rows are removed afterwards), else PGlite
// in a temporary directory. The job is a selection of every seeded connection, started through
// startBulkVerification as the admin's form starts it; the form takes at most MAX_SELECTION ids
// (lib/schemas/jobs.ts), so a larger run stands for "every connection" or "every failed one",
// whose items come from the same statement.
import { rm } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startSandboxProcess, stats } from "./support/sandbox-process";
import { benchDeployment } from "./support/bench-deployment";

const { values } = parseArgs({
  options: { connections: { type: "string", default: "5000" }, latency: { type: "string", default: "100" }, concurrency: { type: "string" } },
});
const count = Number(values.connections);
const latencyMs = Number(values.latency);

const { port, work } = await benchDeployment("bulk");

const { closeDb, databaseKind } = await import("@/lib/db/client");
const { migrateDatabase } = await import("@/lib/db/migrate");
const { getJobProgress, startBulkVerification } = await import("@/lib/dal/jobs");
const { BULK_SETTINGS } = await import("@/lib/jobs/settings");
const { JobWorker } = await import("@/lib/jobs/worker");
const { seed, unseed } = await import("./support/bench-bulk-data");
const { stsCallsIn } = await import("./support/bench-bulk-calls");
const concurrency = Number(values.concurrency ?? BULK_SETTINGS.concurrency);

await migrateDatabase();
const sandboxDir = path.join(work, "sandbox");
const seedStart = performance.now();
const data = await seed(count, sandboxDir);
const sandbox = await startSandboxProcess(port, { dataDir: sandboxDir });
console.log(`bench:bulk  ${count} connections on ${databaseKind()}, seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
try {
  await sandbox.control("POST", "/_sandbox/faults", { action: "*", kind: "latency", ms: latencyMs });
  const job = await startBulkVerification(data.admin, { kind: "selection", connectionIds: data.connectionIds });
  const worker = new JobWorker({ jobIds: [job.id], settings: { concurrency } });
  const progressMs: number[] = [];
  const load = loadavg()[0]!;
  const cpu = process.cpuUsage();
  const started = performance.now();
  worker.start();
  for (;;) {
    await new Promise((r) => setTimeout(r, 1_000)); // as often as the progress page polls
    const t = performance.now();
    const progress = await getJobProgress(data.admin, job.id); // what the progress page polls
    progressMs.push(performance.now() - t);
    if (progress.status === "completed") break;
  }
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  await worker.stop();

  const final = await getJobProgress(data.admin, job.id);
  const { calls, verifications, durationsMs } = await stsCallsIn(data.connectionIds);
  const d = stats(durationsMs);
  // Share of the worker's slots spent inside a verification's STS calls: the rest is the worker's own
  // overhead (claiming, budget, recording, completing) and the event loop's delays.
  const busy = durationsMs.reduce((a, b) => a + b, 0) / (wallMs * concurrency);
  const ideal = (calls * latencyMs) / concurrency;
  const floor = (calls / BULK_SETTINGS.stsCallsPerSecond) * 1000;
  const p = stats(progressMs);
  console.log(`  sandbox latency ${latencyMs} ms per STS call; concurrency ${concurrency}; STS budget ${BULK_SETTINGS.stsCallsPerSecond} calls/s`);
  console.log(`  result             ${final.verified} verified, ${final.failed} failed of ${final.total} (${verifications} verifications, ${calls} STS calls)`);
  console.log(`  wall time          ${(wallMs / 1000).toFixed(2)} s  (${((count / wallMs) * 1000).toFixed(1)} verifications/s, ${((calls / wallMs) * 1000).toFixed(0)} STS calls/s)`);
  console.log(`  ideal              ${(ideal / 1000).toFixed(2)} s  = ${calls} calls × ${latencyMs} ms ÷ ${concurrency}`);
  console.log(`  budget floor       ${(floor / 1000).toFixed(2)} s  = ${calls} calls ÷ ${BULK_SETTINGS.stsCallsPerSecond}/s (the rate limit is ${floor > ideal ? "" : "not "}the bound)`);
  console.log(`  one verification   median ${d.median} ms, p95 ${d.p95} ms (4 calls at ${latencyMs} ms: ${4 * latencyMs} ms at best)`);
  console.log(`  slot utilisation   ${busy.toFixed(3)} (time in STS calls ÷ wall time × concurrency)`);
  console.log(`  machine            this process used ${((cpuMs / wallMs) * 100).toFixed(0)}% of a core; load average ${load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
  console.log(`  progress query     median ${p.median.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms (${progressMs.length} polls of a ${count}-item job)`);
  console.log(`  ratio              ${(wallMs / ideal).toFixed(3)}   target <= 1.2`);
} finally {
  await sandbox.stop();
  if (databaseKind() === "postgres") await unseed(data);
  await closeDb();
  await rm(work, { recursive: true, force: true });
}
