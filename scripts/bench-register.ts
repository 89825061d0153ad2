// npm run bench:register [-- --stacks 500 --latency 50]
// Zero-paste registration under load: N customer stacks created at once in the sandbox (its own
// process), each publishing its custom resource through SNS to Rolegate's endpoint, which verifies
// the role live and answers CloudFormation. Rolegate's side runs in this process (the SNS route,
// the topic set-up and the registration worker, as `next start` runs them) behind a plain HTTP
// server. Prints how many stacks ended CREATE_COMPLETE with a verified connection, the time from
// "create stack" to CREATE_COMPLETE (p50/p95), and that against the STS calls each registration
// needs at `latency` ms a call. Database: DATABASE_URL when set, else PGlite in a temporary directory.
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { startRegistrationApp } from "./support/bench-registration-app";
import { stats } from "./support/sandbox-process";

const { values } = parseArgs({ options: { stacks: { type: "string", default: "500" }, latency: { type: "string", default: "50" } } });
const flags = z.object({ stacks: z.coerce.number().int().min(1).max(10_000), latency: z.coerce.number().int().min(0).max(5_000) }).safeParse(values);
if (!flags.success) {
  console.error(`Usage: npm run bench:register -- [--stacks 500] [--latency 50]\n${flags.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n")}`);
  process.exit(2);
}
const { stacks: count, latency: latencyMs } = flags.data;
const REGION = "us-east-1";

const app = await startRegistrationApp({ label: "bench-register", region: REGION, organizationName: "Bench registrations" });
const { sandbox, admin } = app;
const { launchFor } = await import("@/lib/registration/launch");
const { stsCallsIn } = await import("./support/bench-bulk-calls");
try {
  const launch = await launchFor(admin, app.organizationId, REGION);
  if (!launch.autoRegister) throw new Error("the launch link does not register itself");
  await sandbox.control("POST", "/_sandbox/faults", { action: "*", kind: "latency", ms: latencyMs });

  const load = loadavg()[0]!;
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const t = performance.now();
      const stack = (await sandbox.control("POST", "/_sandbox/stacks", {
        region: REGION,
        accountId: String(400_000_000_000 + i),
        templateURL: launch.templateUrl,
        stackName: launch.stackName,
        parameters: launch.parameters,
      })) as { status: string; statusReason?: string; resources: { logicalId: string; physicalId?: string }[] };
      const connectionId = stack.resources.find((r) => r.logicalId === "Registration")?.physicalId;
      return { ms: performance.now() - t, status: stack.status, reason: stack.statusReason, connectionId };
    }),
  );
  const wallMs = performance.now() - started;

  const complete = results.filter((r) => r.status === "CREATE_COMPLETE");
  const ids = complete.flatMap((r) => (r.connectionId ? [r.connectionId] : []));
  const { calls, verifications, durationsMs } = await stsCallsIn(ids, "registration");
  const created = stats(complete.map((r) => r.ms));
  const checks = stats(durationsMs);
  const perRegistration = verifications ? calls / verifications : 0;
  console.log(`bench:register  ${count} stacks at once on ${app.databaseKind}; sandbox latency ${latencyMs} ms per STS call`);
  console.log(`  result             ${complete.length} CREATE_COMPLETE, ${ids.length} with a connection, ${verifications} verified registrations; ${count - complete.length} not complete`);
  for (const reason of new Set(results.filter((r) => r.status !== "CREATE_COMPLETE").map((r) => `${r.status}: ${r.reason ?? ""}`))) console.log(`    ${reason}`);
  console.log(`  wall time          ${(wallMs / 1000).toFixed(2)} s  (${((complete.length / wallMs) * 1000).toFixed(1)} registrations/s)`);
  console.log(`  create → complete  p50 ${created.median.toFixed(0)} ms, p95 ${created.p95.toFixed(0)} ms`);
  console.log(`  STS calls          ${calls} (${perRegistration.toFixed(1)} per registration: ${(perRegistration * latencyMs).toFixed(0)} ms at ${latencyMs} ms a call); the live check took p50 ${checks.median} ms, p95 ${checks.p95} ms`);
  console.log(`  machine            load average ${load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
  console.log(`  ratio              ${(created.median / Math.max(1, perRegistration * latencyMs)).toFixed(2)}   (create → complete p50 ÷ the STS latency a registration needs)`);
  if (complete.length !== count || ids.length !== count) process.exitCode = 1;
} catch (error) {
  console.error("bench:register failed:", error);
  process.exitCode = 1;
} finally {
  await app.stop();
  process.exit();
}
