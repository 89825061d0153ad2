import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { connections, organizations, rowCounts, verifications } from "@/lib/db/schema";
import { insertConnections } from "@/tests/support/admin-data";
import { newAdmin, newOrganization, setupDatabase } from "@/tests/support/db";
import type { Viewer } from "../viewer";
import { compactRowCounts, OUTCOME_DAYS_KEPT, readRowCounts } from "../row-counts";
import { connectionOverview, FRESHNESS_COUNT_LIMIT } from "./overview";

let admin: Viewer;

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
});

type Tally = Record<string, number>;

/** The counters and the rows they count, read in one snapshot (other test files write to the same database). */
async function counted(): Promise<{ counters: Tally; rows: Tally }> {
  return getDb().transaction(
    async (tx) => {
      const counters = await tx.select({ counter: rowCounts.counter, n: sql<number>`sum(${rowCounts.n})::int` }).from(rowCounts).groupBy(rowCounts.counter);
      const byStatus = await tx
        .select({ status: connections.status, n: sql<number>`count(*)::int` })
        .from(connections)
        .where(eq(connections.draft, false))
        .groupBy(connections.status);
      const [orgs] = await tx.select({ n: sql<number>`count(*)::int` }).from(organizations);
      const day = sql<string>`to_char(${verifications.startedAt} at time zone 'UTC', 'YYYY-MM-DD')`;
      const outcomes = await tx
        .select({ day, status: verifications.status, n: sql<number>`count(*)::int` })
        .from(verifications)
        .where(and(eq(verifications.inconclusive, false), inArray(verifications.status, ["verified", "failed", "insecure"])))
        .groupBy(day, verifications.status);
      const rows = [
        { counter: "organizations", n: orgs?.n ?? 0 },
        ...byStatus.map((r) => ({ counter: `connections:${r.status}`, n: r.n })),
        ...outcomes.map((r) => ({ counter: `outcomes:${r.day}:${r.status}`, n: r.n })),
      ];
      // A counter at zero and nothing to count are the same thing. Outcome counters of days past what
      // compaction keeps may be gone while their rows stay: those days are not compared.
      const kept = `outcomes:${new Date(Date.now() - (OUTCOME_DAYS_KEPT - 1) * 86_400_000).toISOString().slice(0, 10)}`;
      const compared = (c: { counter: string; n: number }) => c.n !== 0 && !(c.counter.startsWith("outcomes:") && c.counter < kept);
      const tally = (list: { counter: string; n: number }[]): Tally => Object.fromEntries(list.filter(compared).map((c) => [c.counter, c.n]));
      return { counters: tally(counters), rows: tally(rows) };
    },
    { isolationLevel: "repeatable read" },
  );
}

async function expectExact(): Promise<void> {
  const { counters, rows } = await counted();
  expect(counters).toEqual(rows);
}

describe("the row counters", () => {
  it("equal the rows they count through inserts, status changes, drafts, upserts and deletes", async () => {
    await expectExact();
    const org = await newOrganization(admin);
    await expectExact();
    const ids = await insertConnections(org, [{ status: "verified" }, { status: "failed" }, { status: "pending" }, { status: "pending" }, { status: "disconnected" }]);
    await expectExact();

    // One statement that moves rows between several counters at once.
    await getDb()
      .update(connections)
      .set({ status: sql`case ${connections.status} when 'pending' then 'verified' when 'verified' then 'insecure' else ${connections.status} end` })
      .where(inArray(connections.id, ids));
    await expectExact();
    // An update that changes nothing counted.
    await getDb().update(connections).set({ lastFailureMessage: "still failing" }).where(inArray(connections.id, ids));
    await expectExact();

    // A draft is not counted until it stops being one.
    const [draft] = await getDb()
      .insert(connections)
      .values({ organizationId: org, roleArn: "arn:aws:iam::210987654321:role/Draft", accountId: "210987654321", partition: "aws", roleName: "Draft", externalId: "x", draft: true })
      .returning({ id: connections.id });
    await expectExact();
    await getDb().update(connections).set({ draft: false, status: "verified" }).where(eq(connections.id, draft!.id));
    await expectExact();

    // An upsert that lands on an existing row updates it; one that does not inserts.
    await getDb()
      .insert(connections)
      .values([
        { organizationId: org, roleArn: "arn:aws:iam::210987654321:role/Draft", accountId: "210987654321", partition: "aws", roleName: "Draft", externalId: "x", status: "failed" },
        { organizationId: org, roleArn: "arn:aws:iam::210987654322:role/New", accountId: "210987654322", partition: "aws", roleName: "New", externalId: "x", status: "pending" },
      ])
      .onConflictDoUpdate({ target: [connections.organizationId, connections.roleArn], set: { status: sql`excluded.status` } });
    await expectExact();

    // Outcomes per UTC day: inconclusive checks and pending states are not outcomes.
    const check = (connectionId: string, status: "verified" | "failed" | "insecure" | "pending", startedAt: Date, inconclusive = false) => ({
      connectionId, organizationId: org, trigger: "manual" as const, externalId: "x", status, startedAt, durationMs: 5, checks: [], inconclusive,
    });
    await getDb().insert(verifications).values([
      check(ids[0]!, "verified", new Date()),
      check(ids[0]!, "failed", new Date(Date.UTC(2026, 0, 1, 23, 59))),
      check(ids[1]!, "insecure", new Date(Date.UTC(2026, 0, 2, 0, 1))),
      check(ids[1]!, "failed", new Date(), true),
      check(ids[1]!, "pending", new Date()),
    ]);
    await expectExact();
    // Deleting a connection deletes its history by cascade.
    await getDb().delete(connections).where(eq(connections.id, ids[0]!));
    await expectExact();
    await getDb().delete(connections).where(eq(connections.organizationId, org));
    await expectExact();
  });

  it("stay exact under concurrent writers, with compactions running beside them", async () => {
    const org = await newOrganization(admin);
    const ids = await insertConnections(
      org,
      Array.from({ length: 40 }, (_, i) => ({ status: i % 2 === 0 ? ("verified" as const) : ("failed" as const) })),
    );
    const flip = (db: Pick<ReturnType<typeof getDb>, "update">, some: string[]) =>
      db
        .update(connections)
        .set({ status: sql`case ${connections.status} when 'verified' then 'failed'::connection_status else 'verified'::connection_status end` })
        .where(inArray(connections.id, some));
    // Each transaction changes the verified and failed counters both ways, in several statements.
    await Promise.all([
      ...Array.from({ length: 12 }, (_, t) =>
        getDb().transaction(async (tx) => {
          for (let round = 0; round < 3; round++) await flip(tx, ids.filter((_, i) => i % 12 === t));
        }),
      ),
      compactRowCounts(),
      compactRowCounts(),
    ]);
    await flip(getDb(), ids.slice(0, 7));
    await expectExact();
  });

  it("fold into one row per counter and keep their values", async () => {
    const org = await newOrganization(admin);
    for (const status of ["verified", "failed", "pending"] as const) await insertConnections(org, [{ status }, { status }]);
    const before = await readRowCounts("connections:");
    await compactRowCounts();
    expect(await readRowCounts("connections:")).toEqual(before);
    await expectExact();
    // On a database of its own, nothing else writes meanwhile: one row per counter is left.
    if (!process.env.DATABASE_URL) {
      const [rows] = await getDb().select({ n: sql<number>`count(*)::int`, counters: sql<number>`count(distinct ${rowCounts.counter})::int` }).from(rowCounts);
      expect(rows!.n).toBe(rows!.counters);
    }
  });

  it("drop the outcome counters of days past what is kept, and keep the recent ones", async () => {
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const old = `outcomes:${day(OUTCOME_DAYS_KEPT + 2)}:verified`;
    const kept = `outcomes:${day(OUTCOME_DAYS_KEPT - 2)}:verified`;
    await getDb().delete(rowCounts).where(inArray(rowCounts.counter, [old, kept]));
    await getDb().insert(rowCounts).values([{ counter: old, n: 3 }, { counter: kept, n: 4 }, { counter: kept, n: 1 }]);
    await compactRowCounts();
    const counts = await readRowCounts("outcomes:", "outcomes:0");
    expect(counts.get(old)).toBeUndefined();
    expect(counts.get(kept)).toBe(5);
    // They count no verification rows: gone again, so the other tests' exact comparison holds.
    await getDb().delete(rowCounts).where(inArray(rowCounts.counter, [old, kept]));
  });
});

describe("the overview's freshness counts", () => {
  // Fills its database past the limit: only on a database of its own (PGlite in memory), never a shared one.
  it.skipIf(Boolean(process.env.DATABASE_URL))(`stop past ${FRESHNESS_COUNT_LIMIT.toLocaleString("en")}, and its totals still count every connection`, async () => {
    const org = await newOrganization(admin);
    const [{ externalId } = { externalId: "" }] = await getDb().select({ externalId: organizations.externalId }).from(organizations).where(eq(organizations.id, org));
    const n = FRESHNESS_COUNT_LIMIT + 500;
    await getDb().execute(sql`
      insert into connections (organization_id, role_arn, account_id, partition, role_name, external_id, status)
      select ${org}, 'arn:aws:iam::' || lpad(i::text, 12, '0') || ':role/R', lpad(i::text, 12, '0'), 'aws', 'R', ${externalId}, 'pending'
      from generate_series(1, ${n}) as i`);
    const overview = await connectionOverview(admin, 7);
    expect(overview.byStatus.pending).toBeGreaterThanOrEqual(n);
    expect(overview.total).toBeGreaterThanOrEqual(n);
    expect(overview.neverVerified).toBe(FRESHNESS_COUNT_LIMIT + 1);
    await getDb().delete(connections).where(eq(connections.organizationId, org));
    await expectExact();
  });
});
