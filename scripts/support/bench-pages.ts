import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { createAdmin } from "@/lib/dal/users";
import { HttpClient } from "./load-http";
import { freePort, onStop, productionBuild, startApp, stopAll } from "./load-stack";
import { startSandboxProcess } from "./sandbox-process";

/** One page's figures over HTTP: time to the last byte (server time on loopback) and the HTML's size. */
export type PageFigures = { path: string; status: number; median: number; p95: number; kb: number };

const DATA_DIR = "data/bench/pages";
const PASSWORD = "bench pages password 123";

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
}

/**
 * Times admin pages as a browser gets them: `next start` (the production build) on the benchmark's
 * PostgreSQL database, a partner admin made for the run and signed in over HTTP, each page requested
 * `runs` times after 3 warm-up rounds over every page and 3 more of its own, one request at a time.
 * Null (with the reason) when there is no production build or the database is not PostgreSQL
 * (PGlite is one process's).
 */
export async function timeAdminPages(databaseUrl: string | undefined, paths: string[], runs: number): Promise<PageFigures[] | string> {
  if (!databaseUrl) return "pages over HTTP need PostgreSQL (DATABASE_URL): PGlite is open in this process";
  const build = productionBuild();
  if (!build) return "pages over HTTP need a production build: run `npx next build` first";
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  const email = `pages-${randomUUID().slice(0, 8)}@bench.test`;
  const { id } = await createAdmin({ email, name: "Bench pages", password: PASSWORD });
  try {
    const port = await freePort(3800);
    const sandboxPort = await freePort(5800);
    const sandbox = await startSandboxProcess(sandboxPort, { dataDir: path.join(DATA_DIR, "sandbox") });
    onStop(() => Promise.race([sandbox.stop(), new Promise<void>((r) => setTimeout(r, 5_000))]));
    const app = await startApp(
      port,
      {
        DATABASE_URL: databaseUrl,
        DATA_DIR,
        APP_URL: `http://127.0.0.1:${port}`,
        PORT: String(port),
        AWS_MODE: "sandbox",
        SANDBOX_PORT: String(sandboxPort),
        SANDBOX_DATA_DIR: path.join(DATA_DIR, "sandbox"),
        AUTH_SECRET: randomBytes(48).toString("base64"),
        HEALTH_CHECK_INTERVAL: "off",
        LOG_LEVEL: "warn",
        NEXT_TELEMETRY_DISABLED: "1",
      },
      path.join(DATA_DIR, "server.log"),
    );
    const client = new HttpClient(app.url);
    await client.signIn(email, PASSWORD);
    // A server just started is still compiling its hot paths: every page is asked for first, so the
    // first one timed does not carry the whole server's warm-up.
    for (let i = 0; i < 3; i++) for (const page of paths) await client.get(page);
    const figures: PageFigures[] = [];
    for (const page of paths) {
      for (let i = 0; i < 3; i++) await client.get(page);
      const samples: number[] = [];
      let last = await client.get(page);
      for (let i = 0; i < runs; i++) {
        last = await client.get(page);
        samples.push(last.ms);
      }
      figures.push({ path: page, status: last.status, ...stats(samples), kb: Buffer.byteLength(last.text) / 1024 });
    }
    return figures;
  } finally {
    await stopAll();
    await getDb().delete(users).where(eq(users.id, id));
  }
}
