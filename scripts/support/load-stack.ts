import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, openSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import postgres from "postgres";

/**
 * What `bench:load` runs and must take down again: PostgreSQL (when it had to start it), the
 * sandbox, and `next start`. Every stop is registered here and runs once, on success, failure or
 * Ctrl-C.
 */

const stops: Array<() => Promise<void> | void> = [];
let stopping: Promise<void> | undefined;

/** Registers something to stop when the benchmark ends (last registered, first stopped). */
export function onStop(stop: () => Promise<void> | void): void {
  stops.push(stop);
}

/** Stops everything registered, once. */
export function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        console.error("while stopping:", error instanceof Error ? error.message : error);
      }
    }
  })();
  return stopping;
}

// A terminal's Ctrl-C reaches this process twice (from the terminal, and relayed by tsx): the
// handler stays installed so that the second one does not end the process halfway through stopping.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    console.error(`\n${signal}: stopping what the benchmark started…`);
    void stopAll().finally(() => process.exit(130));
  });
}

/** The first port from `from` on that nothing listens on at 127.0.0.1. */
export async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 500; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
        .once("error", () => resolve(false))
        .listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${from + 499}`);
}

/** The production build's id and age, or null when `next build` has not run. */
export function productionBuild(): { id: string; builtAt: Date } | null {
  if (!existsSync(".next/BUILD_ID") || !existsSync(".next/server/server-reference-manifest.json")) return null;
  return { id: readFileSync(".next/BUILD_ID", "utf8").trim(), builtAt: statSync(".next/BUILD_ID").mtime };
}

const LOOPBACK = ["127.0.0.1", "localhost", "::1", "[::1]"];

/**
 * Makes sure the database of `url` exists on a running PostgreSQL: starts the local cluster when
 * nothing answers on loopback (and stops it again at the end), then creates the database when
 * missing, owned by the URL's role (which needs CREATEDB, as `.ci/run` grants `rolegate`).
 */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name "${name}": expected lower-case letters, digits and _`);
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const sql = postgres(maintenance.toString(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    try {
      await sql`select 1`;
    } catch (error) {
      if (!LOOPBACK.includes(target.hostname) || (error as { code?: string }).code !== "ECONNREFUSED") throw error;
      startLocalCluster();
      await sql`select 1`;
    }
    const [found] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!found) {
      console.log(`Creating database ${name}…`);
      await sql.unsafe(`create database "${name}"`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `PostgreSQL at ${target.host} is not usable (${message}). Start it (pg_ctlcluster 15 main start) and give the role CREATEDB, ` +
        `or create the database: su postgres -c "psql -c 'CREATE DATABASE ${name} OWNER ${decodeURIComponent(target.username)}'"`,
    );
  } finally {
    await sql.end();
  }
}

function startLocalCluster(): void {
  console.log("PostgreSQL does not answer; starting the local cluster (pg_ctlcluster 15 main start)…");
  const started = spawnSync("pg_ctlcluster", ["15", "main", "start"], { stdio: "inherit" });
  if (started.status !== 0) throw new Error("pg_ctlcluster 15 main start failed");
  onStop(() => {
    console.log("Stopping the PostgreSQL cluster the benchmark started…");
    spawnSync("pg_ctlcluster", ["15", "main", "stop"], { stdio: "inherit" });
  });
  for (let i = 0; i < 30; i++) {
    if (spawnSync("pg_isready", ["-q", "-h", "127.0.0.1"]).status === 0) return;
    spawnSync("sleep", ["1"]);
  }
}

/** A running `next start`: its URL and process id (for CPU accounting). */
export type App = { url: string; pid: number };

/**
 * Starts `next start` on loopback with exactly this environment (plus PATH and HOME; APP_NODE_ARGS are
 * given to node, e.g. `--max-old-space-size=512`), behind `prefix` (e.g.
 * `taskset -c 0`, which execs node, so the process id is the server's), its output in
 * `logFile`, in a process group of its own so that stopping it stops all of it; waits for its health
 * route.
 */
export async function startApp(port: number, env: Record<string, string>, logFile: string, prefix: string[] = []): Promise<App> {
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const log = openSync(logFile, "a");
  const command = [...prefix, process.execPath, ...(process.env.APP_NODE_ARGS?.split(" ").filter(Boolean) ?? []), nextBin, "start", "-H", "127.0.0.1", "-p", String(port), "--keepAliveTimeout", "65000"];
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      ...env,
    },
    stdio: ["ignore", log, log],
    detached: true,
  });
  const pid = child.pid!;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  onStop(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-pid, "SIGTERM");
    const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
    if (!killed) process.kill(-pid, "SIGKILL");
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}; see ${logFile}`);
    try {
      if ((await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })).ok) return { url, pid };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`next start did not become healthy in 2 minutes; see ${logFile}`);
}

/** CPU time (ms) a process has used so far, from /proc; null where there is no /proc. */
export function cpuMsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}
