import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquirePgliteLock, DatabaseBusyError } from "@/lib/db/pglite-lock";
import { deadPid, run, startHolder, type Workspace, workspace } from "./support";

// The lock alone (no database is opened): who may open a PGlite directory, between real processes.
let ws: Workspace;
const LOCK = "tests/cli/lock-process.ts";
const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

beforeAll(async () => {
  ws = await workspace();
});

afterAll(async () => {
  await ws?.remove();
});

describe("the lock of a PGlite directory", () => {
  it("a command holding it: another opener is told which and to retry; so is api-key:create", async () => {
    const holder = await startHolder(LOCK, ["lock", ws.dir], ws.env);
    try {
      expect(JSON.parse(readFileSync(ws.lockFile, "utf8"))).toMatchObject({ pid: holder.pid, role: "command", host: hostname() });
      const busy = (() => {
        try {
          acquirePgliteLock(ws.dir);
        } catch (error) {
          return error;
        }
      })();
      expect(busy).toBeInstanceOf(DatabaseBusyError);
      expect((busy as Error).message).toMatch(new RegExp(`^${ws.dir} is in use by a Rolegate command \\(pid ${holder.pid}, since .+\\): PGlite opens a data directory in one process at a time\\. Retry when it has finished\\.$`));

      const result = await run("scripts/api-key-create.ts", ["--name", "too early"], ws.env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^Another Rolegate command \\(pid ${holder.pid}, since .+\\) is using ${ws.dir}: .+ Retry when it has finished\\.\\n$`));
    } finally {
      expect(await holder.release()).toBe(0);
    }
    expect(existsSync(ws.lockFile)).toBe(false);
  });

  it("is removed when its process is interrupted (Ctrl-C)", async () => {
    const holder = await startHolder(LOCK, ["lock", ws.dir], ws.env);
    expect(existsSync(ws.lockFile)).toBe(true);
    expect(await holder.stop("SIGINT")).toBe(130);
    expect(existsSync(ws.lockFile)).toBe(false);
  });

  it("left by a process that died, it is taken over by exactly one of several openers at once", async () => {
    writeFileSync(ws.lockFile, JSON.stringify({ pid: await deadPid(), host: hostname(), role: "server", startedAt: hourAgo() }));
    const openers = await Promise.all(Array.from({ length: 5 }, () => startHolder(LOCK, ["lock", ws.dir, "--on-go"], ws.env)));
    try {
      const outcomes = await Promise.all(openers.map((o) => o.say("go")));
      const winners = outcomes.filter((line) => line.startsWith("ready "));
      expect(winners).toHaveLength(1);
      const winner = Number(winners[0]!.slice(6));
      expect(JSON.parse(readFileSync(ws.lockFile, "utf8"))).toMatchObject({ pid: winner });
      for (const loser of outcomes.filter((line) => line !== winners[0])) {
        expect(loser).toContain(`is in use by a Rolegate command (pid ${winner}`);
      }
    } finally {
      await Promise.all(openers.map((o) => o.release()));
    }
    expect(existsSync(ws.lockFile)).toBe(false);
  });

  it("left unreadable, or by this very pid in an earlier life, it is taken over", () => {
    writeFileSync(ws.lockFile, "{");
    utimesSync(ws.lockFile, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    acquirePgliteLock(ws.dir)();
    writeFileSync(ws.lockFile, JSON.stringify({ pid: process.pid, host: hostname(), role: "server", startedAt: hourAgo() }));
    const release = acquirePgliteLock(ws.dir);
    expect(JSON.parse(readFileSync(ws.lockFile, "utf8"))).toMatchObject({ pid: process.pid, role: "command" });
    release();
    expect(existsSync(ws.lockFile)).toBe(false);
  });

  it("held by a server that does not take commands: admin:create and api-key:create say why and what to do", async () => {
    // This test's own process stands for a live server: alive, and not the command's own pid.
    const server = { pid: process.pid, host: hostname(), role: "server", startedAt: hourAgo() };
    writeFileSync(ws.lockFile, JSON.stringify(server));
    const starting = await run("scripts/admin-create.ts", ["--email", "third@partner.test"], ws.env);
    expect(starting.code).toBe(1);
    expect(starting.stderr).toContain(`Rolegate is running on ${ws.dir} (pid ${process.pid}, since `);
    expect(starting.stderr).toContain("It is not taking commands: it is still starting, or could not open its control socket");

    writeFileSync(ws.lockFile, JSON.stringify({ ...server, controlSocket: `${ws.dir}.sock` }));
    const silent = await run("scripts/api-key-create.ts", ["--name", "nobody answers"], ws.env);
    expect(silent.code).toBe(1);
    expect(silent.stderr).toBe(`Rolegate (pid ${process.pid}) has ${ws.dir} open, but its control socket ${ws.dir}.sock did not answer (ENOENT). Retry; if no Rolegate process is running, delete ${ws.lockFile} and retry.\n`);
    expect(JSON.parse(readFileSync(ws.lockFile, "utf8"))).toMatchObject({ pid: process.pid });
    rmSync(ws.lockFile);
  });

  it("held from another host (a second container on the same volume), it is never taken over: the message says how to free it", () => {
    writeFileSync(ws.lockFile, JSON.stringify({ pid: 1, host: "other-container", role: "server", startedAt: hourAgo() }));
    expect(() => acquirePgliteLock(ws.dir)).toThrow(`pid 1 on host other-container`);
    expect(() => acquirePgliteLock(ws.dir)).toThrow(`if it no longer runs there, delete ${ws.lockFile}`);
    expect(existsSync(ws.lockFile)).toBe(true);
  });
});
