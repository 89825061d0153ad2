import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deadPid, type Holder, run, startHolder, type Workspace, workspace } from "./support";

// The shell commands against a PGlite directory that a server has open, as an operator runs them
// next to `npm start`. The server here is tests/cli/server-process.ts: the database side of boot
// (the lock, migrations, the control socket) without Next.js.

let ws: Workspace;
let server: Holder;
const SERVER = "tests/cli/server-process.ts";

/** One raw line to the control socket, and its answer (what anyone with access to the socket file could send). */
function sendRaw(socketPath: string, data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath, () => socket.end(data));
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
    socket.on("error", reject);
    socket.on("close", () => resolve(answer));
  });
}

const lockOf = () => JSON.parse(readFileSync(ws.lockFile, "utf8")) as { pid: number; role: string; controlSocket?: string };

beforeAll(async () => {
  ws = await workspace();
  server = await startHolder(SERVER, [], ws.env);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await ws?.remove();
});

describe("while a server has the PGlite directory open", () => {
  it("records itself in the directory's lock: pid, server, its control socket (mode 0600)", () => {
    const lock = lockOf();
    expect(lock).toMatchObject({ pid: server.pid, role: "server", controlSocket: `${ws.dir}.sock` });
    const socket = statSync(lock.controlSocket!);
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o777).toBe(0o600);
    expect(statSync(ws.lockFile).mode & 0o777).toBe(0o600);
  });

  it("api-key:create prints a key once, and the running server accepts it", async () => {
    const result = await run("scripts/api-key-create.ts", ["--name", "billing backend", "--scope", "read"], ws.env);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^API key created: billing backend \(read, id [0-9a-f-]{36}\)\n\n {2}rgk_[A-Za-z0-9_-]{43}\n\nShown only now/);
    const key = /rgk_[A-Za-z0-9_-]{43}/.exec(result.stdout)![0];
    expect(await server.ask({ apiKey: key })).toEqual({ scope: "read" });
  });

  it("admin:create prints a one-time password the running server signs in with; a taken e-mail is refused", async () => {
    const result = await run("scripts/admin-create.ts", ["--email", "second.admin@partner.test"], ws.env);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const password = /One-time password: +(\S+)/.exec(result.stdout)![1]!;
    expect(result.stdout).toContain("Partner admin created: second.admin@partner.test");
    expect(await server.ask({ email: "second.admin@partner.test", password })).toEqual({ role: "admin" });

    const again = await run("scripts/admin-create.ts", ["--email", "second.admin@partner.test"], ws.env);
    expect(again).toMatchObject({ code: 1, stdout: "", stderr: "An account with this e-mail already exists.\n" });
  });

  it("db:seed refuses with exit 1, says who has the directory and what to do, and leaves it intact", async () => {
    const before = await server.ask({ count: "users" });
    const result = await run("scripts/seed.ts", ["--connections", "50"], ws.env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`Rolegate is running on ${ws.dir} (pid ${server.pid}, since `);
    expect(result.stderr).toContain("Stop it first (Ctrl-C in its terminal), or run it on PostgreSQL (DATABASE_URL) to seed while it serves.");
    expect(await server.ask({ count: "users" })).toEqual(before);
    expect(await server.ask({ count: "connections" })).toEqual({ count: 0 });
  });

  it("db:migrate and bench:dashboard refuse the same way", async () => {
    const [migrate, bench] = await Promise.all([run("scripts/db-migrate.ts", [], ws.env), run("scripts/bench-dashboard.ts", [], ws.env)]);
    expect(migrate.code).toBe(1);
    expect(migrate.stderr).toContain(`Rolegate is running on ${ws.dir} (pid ${server.pid}`);
    expect(migrate.stderr).toContain("It applied its migrations when it started.");
    expect(bench.code).toBe(1);
    expect(bench.stderr).toContain("to benchmark while it serves.");
  });

  it("any other process opening the directory gets DatabaseBusyError naming it, the server and what to do", async () => {
    const second = await startHolder("tests/cli/lock-process.ts", ["db"], ws.env);
    expect(second.first.startsWith("busy ")).toBe(true);
    const error = JSON.parse(second.first.slice(5)) as { name: string; message: string };
    expect(error.name).toBe("DatabaseBusyError");
    expect(error.message).toContain(`${ws.dir} is in use by Rolegate's server (pid ${server.pid}, since `);
    expect(error.message).toContain("Stop it first (Ctrl-C in its terminal), or use PostgreSQL (DATABASE_URL)");
    expect(await second.release()).toBe(3);
    expect(lockOf().pid).toBe(server.pid);
  });

  it("the control socket refuses anything else with an error line, and the server keeps serving", async () => {
    const socket = lockOf().controlSocket!;
    const refused = async (data: string) => JSON.parse(await sendRaw(socket, data)) as { ok: boolean; error: string };
    expect(await refused('{"command":"db:seed","input":{}}\n')).toEqual({ ok: false, error: expect.stringContaining('Unknown command "db:seed"') });
    expect(await refused("{not json\n")).toEqual({ ok: false, error: expect.stringContaining("Bad request") });
    expect(await refused('{"command":"api-key:create","input":{"name":"","scope":"root"}}\n')).toEqual({ ok: false, error: "--name: Enter a name for the key.\n--scope: Choose read or write." });
    expect(await refused(`{"command":"api-key:create","input":{"name":"${"x".repeat(70_000)}"}}\n`)).toEqual({ ok: false, error: expect.stringContaining("Request too long") });
    expect(await refused("x".repeat(70_000))).toEqual({ ok: false, error: expect.stringContaining("Request too long") });

    expect(await server.ask({ count: "api_keys" })).toEqual({ count: 1 });
    const result = await run("scripts/api-key-create.ts", ["--name", "after the noise"], ws.env);
    expect(result.code).toBe(0);
  });
});

describe("when the server stops", () => {
  it("Ctrl-C or SIGTERM removes its lock and socket", async () => {
    await server.stop("SIGTERM");
    expect(existsSync(ws.lockFile)).toBe(false);
    expect(existsSync(`${ws.dir}.sock`)).toBe(false);
  });

  it("a lock left by a process that died is taken over: api-key:create then opens the directory itself", async () => {
    const stale = { pid: await deadPid(), host: hostname(), role: "server", startedAt: new Date(Date.now() - 3_600_000).toISOString() };
    writeFileSync(ws.lockFile, JSON.stringify(stale));
    const result = await run("scripts/api-key-create.ts", ["--name", "after a crash"], ws.env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^API key created: after a crash \(write, id /);
    expect(existsSync(ws.lockFile)).toBe(false);
  });
});
