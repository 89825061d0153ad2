// npm run bench:org [-- --accounts 2000 --latency 50]
// The "All accounts in my AWS Organization" path at scale: an AWS Organization of N member accounts
// in four OUs (the sandbox, its own process), one management-account stack from Rolegate's launch
// link whose service-managed StackSet gives every account the role; each account's custom resource
// registers through SNS and Rolegate verifies it live. Rolegate's side runs in this process (the SNS
// route, the template route, the topics and the registration worker, as `next start` runs them).
// Prints the time from the launch to all verified, and that against the ideal: the STS calls the
// registrations made divided by the partner's STS budget (BULK_SETTINGS.stsCallsPerSecond), as a ratio.
// Database: DATABASE_URL when set, else PGlite in a temporary directory.
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { startRegistrationApp } from "./support/bench-registration-app";
import { stats } from "./support/sandbox-process";

const { values } = parseArgs({ options: { accounts: { type: "string", default: "2000" }, latency: { type: "string", default: "50" } } });
const flags = z.object({ accounts: z.coerce.number().int().min(4).max(10_000), latency: z.coerce.number().int().min(0).max(5_000) }).safeParse(values);
if (!flags.success) {
  console.error(`Usage: npm run bench:org -- [--accounts 2000] [--latency 50]\n${flags.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n")}`);
  process.exit(2);
}
const { accounts: count, latency: latencyMs } = flags.data;
const REGION = "us-east-1";

const app = await startRegistrationApp({ label: "bench-org", region: REGION, organizationName: "Bench organization" });
const { sandbox, admin } = app;
const { launchFor } = await import("@/lib/registration/launch");
const { stsCallsIn } = await import("./support/bench-bulk-calls");
const { listDeployments } = await import("@/lib/dal/deployments");
const { getDb } = await import("@/lib/db/client");
const { connections } = await import("@/lib/db/schema");
const { BULK_SETTINGS } = await import("@/lib/jobs/settings");
const { and, eq, isNotNull } = await import("drizzle-orm");
try {
  const launch = (await launchFor(admin, app.organizationId, REGION)).organization;
  if (!launch) throw new Error("the launch has no organisation path (registration is not ready)");
  const quarter = Math.floor(count / 4);
  const awsOrg = (await sandbox.control("POST", "/_sandbox/organizations", {
    ous: [
      { name: "Apps", accounts: quarter },
      { name: "Prod", parent: "Apps", accounts: quarter },
      { name: "Data", accounts: quarter },
      { name: "Sandbox", accounts: count - 3 * quarter },
    ],
  })) as { managementAccountId: string; rootId: string };
  await sandbox.control("POST", "/_sandbox/faults", { action: "*", kind: "latency", ms: latencyMs });

  const load = loadavg()[0]!;
  const started = performance.now();
  const stack = (await sandbox.control("POST", "/_sandbox/stacks", {
    region: REGION,
    accountId: awsOrg.managementAccountId,
    templateURL: launch.templateUrl,
    stackName: launch.stackName,
    parameters: { ...launch.parameters, OrganizationalUnitIds: awsOrg.rootId },
  })) as { status: string; statusReason?: string };
  const wallMs = performance.now() - started;

  const [deployment] = await listDeployments(admin, app.organizationId);
  const rows = await getDb()
    .select({ id: connections.id })
    .from(connections)
    .where(and(eq(connections.organizationId, app.organizationId), isNotNull(connections.deploymentId)));
  const { calls, verifications, durationsMs } = await stsCallsIn(rows.map((r) => r.id), "registration");
  const checks = stats(durationsMs);
  const idealMs = (calls / BULK_SETTINGS.stsCallsPerSecond) * 1000;
  console.log(`bench:org  an AWS Organization of ${count} member accounts in 4 OUs on ${app.databaseKind}; sandbox latency ${latencyMs} ms per STS call`);
  console.log(`  management stack   ${stack.status}${stack.statusReason ? `: ${stack.statusReason}` : ""}`);
  console.log(`  deployment         ${deployment?.registered ?? 0} registered, ${deployment?.verified ?? 0} verified, ${deployment?.failing ?? 0} failing, ${deployment?.pending ?? 0} pending`);
  console.log(`  launch → verified  ${(wallMs / 1000).toFixed(2)} s  (${((verifications / wallMs) * 1000).toFixed(1)} registrations/s); the live check took p50 ${checks.median} ms, p95 ${checks.p95} ms`);
  console.log(`  STS calls          ${calls} (${verifications ? (calls / verifications).toFixed(1) : 0} per account); budget ${BULK_SETTINGS.stsCallsPerSecond} calls/s → ideal ${(idealMs / 1000).toFixed(2)} s`);
  console.log(`  machine            load average ${load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
  console.log(`  ratio              ${(wallMs / Math.max(1, idealMs)).toFixed(2)}   (launch → all verified ÷ STS calls at the budget)`);
  if (stack.status !== "CREATE_COMPLETE" || deployment?.verified !== count) process.exitCode = 1;
} catch (error) {
  console.error("bench:org failed:", error);
  process.exitCode = 1;
} finally {
  await app.stop();
  process.exit();
}
