import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import { addConnection } from "@/lib/dal/connections";
import type { Viewer } from "@/lib/dal/viewer";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { accountId } from "@/tests/support/jobs";
import type { TcpProxy } from "@/tests/support/tcp-proxy";
import { proxyDatabase, timed } from "./support";

// The database going away inside a transaction (adding a connection, creating a job, rotating an
// External ID, accepting an invite all use one): the caller gets an error, nothing is half-written,
// and the pool works again once the database is back. postgres-js 3.4.9 fails this: after a
// transaction's connection closes, its ROLLBACK is written to a null socket from a setImmediate
// (an uncaught TypeError) and the pooled connection is left unable to write, so later queries on
// it wait for the 30 s connect timeout, again and again (porsager/postgres#1154, #1208).
// patches/postgres+3.4.9.patch (applied by patch-package on install) fixes it.
const direct = process.env.DATABASE_URL;
let proxy: TcpProxy;
let member: Viewer;

describe.skipIf(!direct)("a transaction cut in the middle (PostgreSQL only)", () => {
  beforeAll(async () => {
    proxy = await proxyDatabase(direct!);
    await setupDatabase();
    const admin = await newAdmin();
    member = await newMember(admin, await newOrganization(admin));
  });

  afterAll(async () => {
    await proxy?.close();
    process.env.DATABASE_URL = direct;
  });

  it("adding a connection: rejects at once, writes nothing, and leaves every pooled connection usable", async () => {
    const arn = `arn:aws:iam::${accountId()}:role/Cut${Date.now()}`;
    const cut = proxy.cutOn('insert into "connections"');
    const { error, ms } = await timed(() => addConnection(member, { roleArn: arn }));
    await cut;
    expect(error).toBeInstanceOf(Error);
    expect(ms).toBeLessThan(3_000);
    proxy.restore();

    // Right after the outage a query may still fail (fast); after that every pooled connection (10) answers.
    const settle = () => Promise.allSettled(Array.from({ length: 20 }, () => getDb().execute(sql`select pg_sleep(0.05)`)));
    expect((await timed(settle)).ms).toBeLessThan(5_000);
    for (let round = 0; round < 2; round++) {
      const { value: answers, ms: took } = await timed(settle);
      expect(answers!.every((a) => a.status === "fulfilled")).toBe(true);
      expect(took).toBeLessThan(5_000);
    }
    expect(await getDb().select().from(connections).where(eq(connections.roleArn, arn))).toEqual([]);
    expect((await addConnection(member, { roleArn: arn })).roleArn).toBe(arn);
    expect(await getDb().select().from(connections).where(eq(connections.roleArn, arn))).toHaveLength(1);
  }, 60_000);
});
