// npm run bench:org [-- --accounts 2000 --latency 50]
// The "All accounts in my AWS Organization" path at scale: an AWS Organization of N member accounts
// in four OUs (the sandbox, its own process), one management-account stack from Rolegate's launch
// link whose service-managed StackSet gives every account the role; each account's custom resource
// registers through SNS and Rolegate verifies it live. Rolegate's side runs in this process (the SNS
// route, the template route, the topics and the registration worker, as `next start` runs them).
// Prints the time from the launch to all verified, and that against the ideal: the STS calls the
// registrations made divided by the partner's STS budget (BULK_SETTINGS.stsCallsPerSecond), as a ratio.
// Database: DATABASE_URL when set, else PGlite in a temporary directory.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { startSandboxProcess, stats } from "./support/sandbox-process";

const { values } = parseArgs({ options: { accounts: { type: "string", default: "2000" }, latency: { type: "string", default: "50" } } });
const flags = z.object({ accounts: z.coerce.number().int().min(4).max(10_000), latency: z.coerce.number().int().min(0).max(5_000) }).safeParse(values);
if (!flags.success) {
  console.error(`Usage: npm run bench:org -- [--accounts 2000] [--latency 50]\n${flags.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n")}`);
  process.exit(2);
}
const { accounts: count, latency: latencyMs } = flags.data;
const REGION = "us-east-1";

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createNetServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
const [appPort, sandboxPort] = [await freePort(), await freePort()];
const work = await mkdtemp(path.join(tmpdir(), "rolegate-bench-org-"));
// The benchmark is a deployment of its own, configured as an operator would configure one.
Object.assign(process.env, {
  DATA_DIR: work,
  AWS_MODE: "sandbox",
  SANDBOX_PORT: String(sandboxPort),
  APP_URL: `http://127.0.0.1:${appPort}`,
  REGISTRATION_REGIONS: REGION,
  LOG_LEVEL: "warn",
});

const { closeDb, databaseKind } = await import("@/lib/db/client");
const { migrateDatabase } = await import("@/lib/db/migrate");
const { createOrganization } = await import("@/lib/dal/organizations");
const { createAdmin, loadViewer } = await import("@/lib/dal/users");
const { launchFor } = await import("@/lib/registration/launch");
const { registrationRegionReady } = await import("@/lib/registration/sns/topics");
const { startRegistrationTopics } = await import("@/lib/registration/sns/runtime");
const { startRegistrationWorker } = await import("@/lib/registration/runtime");
const sns = await import("@/app/api/aws/sns/route");
const templates = await import("@/app/templates/[file]/route");
const { stsCallsIn } = await import("./support/bench-bulk-calls");
const { listDeployments } = await import("@/lib/dal/deployments");
const { getDb } = await import("@/lib/db/client");
const { connections } = await import("@/lib/db/schema");
const { BULK_SETTINGS } = await import("@/lib/jobs/settings");
const { and, eq, isNotNull } = await import("drizzle-orm");

/** The template as a CDN in front of it would serve it (its answer says `Cache-Control: public`). */
const templateCache = new Map<string, Promise<{ status: number; headers: Record<string, string>; body: Buffer }>>();
function template(request: Request, file: string) {
  let cached = templateCache.get(file);
  if (!cached) {
    cached = templates.GET(request, { params: Promise.resolve({ file }) }).then(async (r) => ({ status: r.status, headers: Object.fromEntries(r.headers), body: Buffer.from(await r.arrayBuffer()) }));
    templateCache.set(file, cached);
  }
  return cached;
}

/** Rolegate's two routes the registration path touches, served as `next start` serves them. */
async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? "/", process.env.APP_URL);
  const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])));
  const request = new Request(url, { method: req.method ?? "GET", headers, ...(req.method === "POST" ? { body: Buffer.concat(chunks) } : {}) });
  if (url.pathname.startsWith("/templates/")) {
    const { status, headers: answer, body } = await template(request, url.pathname.slice("/templates/".length));
    res.writeHead(status, answer).end(body);
    return;
  }
  let response: Response;
  if (url.pathname === "/api/aws/sns") response = req.method === "POST" ? await sns.POST(request) : await sns.GET();
  else response = new Response("Not found", { status: 404 });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

await migrateDatabase();
const sandbox = await startSandboxProcess(sandboxPort, { dataDir: path.join(work, "sandbox") });
const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error(error);
    res.writeHead(500).end();
  });
}).listen(appPort, "127.0.0.1");
// As `npm start` does: a keep-alive socket closed just as the sandbox reuses it would read as a reset.
server.keepAliveTimeout = 65_000;
try {
  startRegistrationTopics();
  startRegistrationWorker();
  const readySince = performance.now();
  while (!registrationRegionReady(REGION)) {
    if (performance.now() - readySince > 60_000) throw new Error(`the ${REGION} registration topic was not ready within 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const { id } = await createAdmin({ email: `bench-org-${Date.now()}@bench.test`, name: "Bench", password: "bench password 123" });
  const admin = (await loadViewer(id))!;
  const org = await createOrganization(admin, { name: "Bench organization" });
  const launch = (await launchFor(admin, org.id, REGION)).organization;
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

  const [deployment] = await listDeployments(admin, org.id);
  const rows = await getDb()
    .select({ id: connections.id })
    .from(connections)
    .where(and(eq(connections.organizationId, org.id), isNotNull(connections.deploymentId)));
  const { calls, verifications, durationsMs } = await stsCallsIn(rows.map((r) => r.id), "registration");
  const checks = stats(durationsMs);
  const idealMs = (calls / BULK_SETTINGS.stsCallsPerSecond) * 1000;
  console.log(`bench:org  an AWS Organization of ${count} member accounts in 4 OUs on ${databaseKind()}; sandbox latency ${latencyMs} ms per STS call`);
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
  server.close();
  await sandbox.stop();
  await closeDb();
  await rm(work, { recursive: true, force: true, maxRetries: 5 });
  process.exit();
}
