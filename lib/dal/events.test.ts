import { randomUUID } from "node:crypto";
import { desc, sql } from "drizzle-orm";
import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import type { VerificationResult } from "@/lib/aws/verify";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { events } from "@/lib/db/schema";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { rotateExternalId } from "./admin/external-ids";
import { addConnection, removeConnection } from "./connections";
import { isDalError } from "./errors";
import { type EventRecord, listEvents } from "./events";
import { recordVerification, verificationTarget } from "./verifications";
import type { UserViewer } from "./viewer";

let admin: UserViewer;
let member: UserViewer;
let org: string;

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
  org = await newOrganization(admin);
  member = await newMember(admin, org);
});

/** The id of the newest event now (tests share a database: each reads only what came after it). */
async function mark(): Promise<string | undefined> {
  const [row] = await getDb().select({ id: events.id }).from(events).orderBy(desc(events.txId), desc(events.seq)).limit(1);
  return row?.id;
}

async function since(after: string | undefined): Promise<EventRecord[]> {
  return (await listEvents(admin, { after, limit: 500 })).data;
}

const arn = () => `arn:aws:iam::${String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999))}:role/R${randomUUID().slice(0, 8)}`;

function result(status: VerificationResult["status"], startedAt = new Date()): VerificationResult {
  return { status, checks: [], accountId: "", roleArn: "", startedAt: startedAt.toISOString(), durationMs: 5 };
}

async function check(connectionId: string, status: VerificationResult["status"], startedAt = new Date()) {
  const target = await verificationTarget(admin, connectionId);
  await recordVerification({ target, trigger: "manual", actorUserId: admin.userId, result: result(status, startedAt) });
}

describe("the event log", () => {
  it("announces each change with what the API shows of it, in the order they happened", async () => {
    const before = await mark();
    const connection = await addConnection(member, { roleArn: arn() });
    await check(connection.id, "verified");
    await removeConnection(member, connection.id);
    const mine = (await since(before)).filter((e) => e.data.id === connection.id);
    expect(mine.map((e) => e.type)).toEqual(["connection.created", "connection.verified", "connection.disconnected"]);
    expect(mine[0]!.data).toMatchObject({ id: connection.id, organizationId: org, roleArn: connection.roleArn, status: "pending", lastVerifiedAt: null });
    expect(mine[1]!.data).toMatchObject({ status: "verified", lastVerifiedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
    expect(mine[2]!.timestamp).toMatch(/Z$/);
  });

  it("fires a status event when the status changes, not on every check", async () => {
    const before = await mark();
    const { id } = await addConnection(member, { roleArn: arn() });
    const t = Date.now();
    await check(id, "verified", new Date(t));
    await check(id, "verified", new Date(t + 1000));
    await check(id, "failed", new Date(t + 2000));
    await check(id, "failed", new Date(t + 3000));
    await check(id, "insecure", new Date(t + 4000));
    await check(id, "verified", new Date(t + 5000));
    const types = (await since(before)).filter((e) => e.data.id === id).map((e) => e.type);
    expect(types).toEqual(["connection.created", "connection.verified", "connection.failed", "connection.insecure", "connection.verified"]);
  });

  it("writes nothing for a check that did not change the connection (removed, or older than its last check)", async () => {
    const { id } = await addConnection(member, { roleArn: arn() });
    await check(id, "verified");
    const before = await mark();
    await check(id, "failed", new Date(Date.now() - 60_000)); // started before the last one: it does not decide
    const target = await verificationTarget(admin, id);
    await removeConnection(admin, id);
    await recordVerification({ target, trigger: "manual", actorUserId: null, result: result("failed") });
    expect((await since(before)).filter((e) => e.data.id === id).map((e) => e.type)).toEqual(["connection.disconnected"]);
  });

  it("announces organisations and External ID rotations with the new ID", async () => {
    const before = await mark();
    const id = await newOrganization(admin, "Evented Org");
    const { externalId } = await rotateExternalId(admin, id);
    const mine = (await since(before)).filter((e) => e.data.id === id);
    expect(mine.map((e) => e.type)).toEqual(["organization.created", "organization.external_id_rotated"]);
    expect(mine[0]!.data).toMatchObject({ name: "Evented Org" });
    expect(mine[1]!.data.externalId).toBe(externalId);
  });

  it("keeps no event of a change that rolled back", async () => {
    const before = await mark();
    const duplicate = arn();
    // Added by the partner: a member pasting its own draft's ARN again reuses the draft instead.
    await addConnection(admin, { roleArn: duplicate, organizationId: org });
    await expect(addConnection(member, { roleArn: duplicate })).rejects.toSatisfy((e: unknown) => isDalError(e, "conflict"));
    expect((await since(before)).filter((e) => e.data.roleArn === duplicate).map((e) => e.type)).toEqual(["connection.created"]);
  });

  it("pages with a cursor and refuses an id that is not an event's", async () => {
    const before = await mark();
    for (let i = 0; i < 3; i++) await newOrganization(admin);
    const first = await listEvents(admin, { after: before, limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toBe(first.data[1]!.id);
    const rest = await listEvents(admin, { after: first.nextCursor!, limit: 50 });
    expect(rest.data.map((e) => e.id)).not.toContain(first.data[0]!.id);
    expect([...first.data, ...rest.data].filter((e) => e.type === "organization.created")).toHaveLength(3);
    for (const after of [randomUUID(), "not-an-id"]) {
      await expect(listEvents(admin, { after, limit: 1 })).rejects.toSatisfy((e: unknown) => isDalError(e, "invalid"));
    }
  });

  it("is for the partner only", async () => {
    await expect(listEvents(member, { limit: 1 })).rejects.toSatisfy((e: unknown) => isDalError(e, "forbidden"));
  });
});

// Two transactions on PostgreSQL: the one that began first commits last. A reader must not skip
// its event by reading past the other's in between.
describe.runIf(getConfig().database.kind === "postgres")("readers and transactions that commit out of order", () => {
  it("hold back an event until every older transaction has ended, then give both in log order", async () => {
    const { database } = getConfig();
    if (database.kind !== "postgres") return;
    const client = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const before = await mark();
      const slowId = randomUUID();
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let wrote!: () => void;
      const written = new Promise<void>((r) => (wrote = r));
      const slow = client.begin(async (tx) => {
        await tx`insert into events (type, data) values ('organization.created', ${tx.json({ id: slowId })})`;
        wrote();
        await released;
      });
      await written;
      let seen: unknown[];
      let fastId: string;
      try {
        fastId = await newOrganization(admin); // commits while the slow one is still open
        seen = (await since(before)).map((e) => e.data.id);
      } finally {
        release();
        await slow;
      }
      expect(seen).not.toContain(fastId);
      expect(seen).not.toContain(slowId);
      const after = (await since(before)).map((e) => e.data.id);
      expect(after.indexOf(slowId)).toBeGreaterThanOrEqual(0);
      expect(after.indexOf(slowId)).toBeLessThan(after.indexOf(fastId));
    } finally {
      await client.end();
    }
  });
});

it("stores events append-only", async () => {
  await newOrganization(admin);
  await expect(getDb().execute(sql`update events set type = 'x' where id = (select id from events limit 1)`)).rejects.toThrow();
});
