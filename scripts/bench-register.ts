// npm run bench:register [-- --stacks 500 --latency 50]
// Zero-paste registration under load: N customer stacks created at once in the sandbox (its own
// process), each publishing its custom resource through SNS to Rolegate's endpoint, which verifies
// the role live and answers CloudFormation. Rolegate's side runs in this process (the SNS route,
// the topic set-up and the registration worker, as `next start` runs them) behind a plain HTTP
// server. Prints how many stacks ended CREATE_COMPLETE with a verified connection, the time from
// "create stack" to CREATE_COMPLETE (p50/p95), and that against the STS calls each registration
// needs at `latency` ms a call. Database: DATABASE_URL when set, else PGlite in a temporary directory.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { startSandboxProcess, stats } from "./support/sandbox-process";

const { values } = parseArgs({ options: { stacks: { type: "string", default: "500" }, latency: { type: "string", default: "50" } } });
const flags = z.object({ stacks: z.coerce.number().int().min(1).max(10_000), latency: z.coerce.number().int().min(0).max(5_000) }).safeParse(values);
if (!flags.success) {
  console.error(`Usage: npm run bench:register -- [--stacks 500] [--latency 50]\n${flags.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n")}`);
  process.exit(2);
}
const { stacks: count, latency: latencyMs } = flags.data;
const REGION = "us-east-1";

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createNetServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
const [appPort, sandboxPort] = [await freePort(), await freePort()];
const work = await mkdtemp(path.join(tmpdir(), "rolegate-bench-register-"));
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
  const { id } = await createAdmin({ email: `bench-register-${Date.now()}@bench.test`, name: "Bench", password: "bench password 123" });
  const admin = (await loadViewer(id))!;
  const org = await createOrganization(admin, { name: "Bench registrations" });
  const launch = await launchFor(admin, org.id, REGION);
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
  console.log(`bench:register  ${count} stacks at once on ${databaseKind()}; sandbox latency ${latencyMs} ms per STS call`);
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
  server.close();
  await sandbox.stop();
  await closeDb();
  await rm(work, { recursive: true, force: true });
  process.exit();
}
