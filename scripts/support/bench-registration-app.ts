import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { UserViewer } from "@/lib/dal/viewer";
import { type SandboxProcess, startSandboxProcess } from "./sandbox-process";

/**
 * Rolegate's side of the registration benchmarks (`bench:register`, `bench:org`), in this process:
 * a deployment of its own, configured as an operator would configure one, serving the SNS route and
 * the template route behind a plain HTTP server as `next start` serves them, with the registration
 * topics and worker running. The sandbox runs in its own process. Database: DATABASE_URL when set,
 * else PGlite in a temporary directory.
 */
export type RegistrationApp = {
  sandbox: SandboxProcess;
  admin: UserViewer;
  /** An organisation of the admin's, made for the run. */
  organizationId: string;
  databaseKind: string;
  stop(): Promise<void>;
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createNetServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export async function startRegistrationApp(o: { label: string; region: string; organizationName: string }): Promise<RegistrationApp> {
  const [appPort, sandboxPort] = [await freePort(), await freePort()];
  const work = await mkdtemp(path.join(tmpdir(), `rolegate-${o.label}-`));
  Object.assign(process.env, {
    DATA_DIR: work,
    AWS_MODE: "sandbox",
    SANDBOX_PORT: String(sandboxPort),
    APP_URL: `http://127.0.0.1:${appPort}`,
    REGISTRATION_REGIONS: o.region,
    LOG_LEVEL: "warn",
  });
  // Imported once the environment is set: configuration is read on first use.
  const { closeDb, databaseKind } = await import("@/lib/db/client");
  const { migrateDatabase } = await import("@/lib/db/migrate");
  const { createOrganization } = await import("@/lib/dal/organizations");
  const { createAdmin, loadViewer } = await import("@/lib/dal/users");
  const { registrationRegionReady } = await import("@/lib/registration/sns/topics");
  const { startRegistrationTopics } = await import("@/lib/registration/sns/runtime");
  const { startRegistrationWorker } = await import("@/lib/registration/runtime");
  const sns = await import("@/app/api/aws/sns/route");
  const templates = await import("@/app/templates/[file]/route");

  // The template as a CDN in front of it would serve it (its answer says `Cache-Control: public`).
  const templateCache = new Map<string, Promise<{ status: number; headers: Record<string, string>; body: Buffer }>>();
  const template = (request: Request, file: string) => {
    let cached = templateCache.get(file);
    if (!cached) {
      cached = templates.GET(request, { params: Promise.resolve({ file }) }).then(async (r) => ({ status: r.status, headers: Object.fromEntries(r.headers), body: Buffer.from(await r.arrayBuffer()) }));
      templateCache.set(file, cached);
    }
    return cached;
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
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
  };

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
  const stop = async () => {
    server.close();
    await sandbox.stop();
    await closeDb();
    await rm(work, { recursive: true, force: true, maxRetries: 5 });
  };
  try {
    startRegistrationTopics();
    startRegistrationWorker();
    const readySince = performance.now();
    while (!registrationRegionReady(o.region)) {
      if (performance.now() - readySince > 60_000) throw new Error(`the ${o.region} registration topic was not ready within 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const { id } = await createAdmin({ email: `${o.label}-${Date.now()}@bench.test`, name: "Bench", password: "bench password 123" });
    const admin = (await loadViewer(id))!;
    const org = await createOrganization(admin, { name: o.organizationName });
    return { sandbox, admin, organizationId: org.id, databaseKind: databaseKind(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
