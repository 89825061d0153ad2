import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, POSTGRES_SESSION } from "@/lib/db/client";
import type { Viewer } from "@/lib/dal/viewer";
import { newAdmin, newOrganization, setupDatabase } from "@/tests/support/db";
import { accountId, newConnections } from "@/tests/support/jobs";
import { connectionRow, externalIdOf, type FaultSandbox, historyOf, startFaultSandbox, timed, TWO_HOURS_AGO } from "./support";
import { panelEvents } from "./panel";

// A transaction that holds a connection's row and never ends (another instance stalled or cut off
// in the middle of one, an operator's open psql session): a verification of that connection must
// answer with an error within the lock timeout, not hang, and leave the row and its history as
// they were.
const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/lib/auth/session", () => ({ getViewer: async () => session.viewer }));

const direct = process.env.DATABASE_URL;
let sandbox: FaultSandbox;
let admin: Viewer;
let org: string;
let holder: postgres.Sql | undefined;

const setting = async (name: string) => {
  const rows = (await getDb().execute(sql`select current_setting(${name}) as value`)) as unknown as { value: string }[];
  return rows[0]!.value;
};

describe.skipIf(!direct)("a row held by a transaction that does not end (PostgreSQL only)", () => {
  beforeAll(async () => {
    sandbox = await startFaultSandbox();
    await setupDatabase();
    admin = await newAdmin();
    org = await newOrganization(admin);
    session.viewer = admin;
  });

  afterAll(async () => {
    await holder?.end({ timeout: 1 });
    await sandbox?.stop();
  });

  it("every session of the app carries the lock, statement and idle-in-transaction timeouts", async () => {
    expect(await setting("application_name")).toBe(POSTGRES_SESSION.application_name);
    expect(await setting("lock_timeout")).toBe("5s");
    expect(await setting("statement_timeout")).toBe("30s");
    expect(await setting("idle_in_transaction_session_timeout")).toBe("1min");
  });

  it("a verification of the held connection ends within the lock timeout, telling the caller nothing was changed", async () => {
    const role = await sandbox.role(await externalIdOf(admin, org), undefined, accountId());
    const [id] = await newConnections(org, 1, { roleArn: () => role, createdAt: TWO_HOURS_AGO() });
    const before = await connectionRow(id!);
    expect(before.status).not.toBe("verified");

    holder = postgres(direct!, { max: 1, onnotice: () => {} });
    const held = await holder.reserve();
    await held`begin`;
    await held`select id from connections where id = ${id!} for update`;

    const { value: events, ms } = await timed(() => panelEvents(id!));
    expect(events!.filter((e) => e.type === "progress").length).toBeGreaterThan(0);
    expect(events!.at(-1)).toEqual({
      type: "refused",
      message: "The check could not be completed or saved, so nothing was changed. Try again in a moment.",
    });
    expect(ms).toBeGreaterThanOrEqual(POSTGRES_SESSION.lock_timeout - 500);
    expect(ms).toBeLessThan(POSTGRES_SESSION.lock_timeout + 3_000);
    expect(await connectionRow(id!)).toEqual(before);
    expect(await historyOf(id!)).toEqual([]);

    // Once the transaction ends, the same verification goes through and is recorded.
    await held`rollback`;
    held.release();
    expect((await panelEvents(id!)).at(-1)).toMatchObject({ type: "done", result: { status: "verified" } });
    expect((await connectionRow(id!)).status).toBe("verified");
    expect(await historyOf(id!)).toHaveLength(1);
  }, 30_000);
});
