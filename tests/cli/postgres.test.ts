import { existsSync, readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, type Workspace, workspace } from "./support";

// With DATABASE_URL (the suite's PostgreSQL run) the commands open PostgreSQL themselves, as they
// always have: several processes share it, so there is no lock and no server to go through.
const url = process.env.DATABASE_URL;
let ws: Workspace;

beforeAll(async () => {
  ws = await workspace();
});

afterAll(async () => {
  await ws?.remove();
});

describe.runIf(url)("on PostgreSQL", () => {
  it("db:migrate, api-key:create and admin:create run in their own process and leave no lock", async () => {
    const env = { ...ws.env, DATABASE_URL: url };
    expect(await run("scripts/db-migrate.ts", [], env)).toMatchObject({ code: 0, stdout: "Migrations applied (PostgreSQL).\n" });
    const key = await run("scripts/api-key-create.ts", ["--name", "postgres key"], env);
    expect(key).toMatchObject({ code: 0, stderr: "" });
    expect(key.stdout).toMatch(/^API key created: postgres key \(write, id /);
    const admin = await run("scripts/admin-create.ts", ["--email", `admin-${Date.now()}@partner.test`], env);
    expect(admin).toMatchObject({ code: 0, stderr: "" });
    expect(existsSync(ws.lockFile)).toBe(false);
    expect(readdirSync(ws.root)).toEqual([]);
  });
});
