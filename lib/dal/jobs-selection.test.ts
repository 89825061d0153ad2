import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { connections, jobs } from "@/lib/db/schema";
import { newAdmin, newOrganization, setupDatabase } from "@/tests/support/db";
import { itemsOf } from "@/tests/support/jobs";
import { manyConnections } from "@/tests/support/many-connections";
import { cancelJob, getJobProgress, startBulkVerification } from "./jobs";
import type { UserViewer } from "./viewer";

/** PostgreSQL's limit on bind parameters in one statement. */
const MAX_PARAMETERS = 65_535;

let admin: UserViewer;
let org: string;

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
  org = await newOrganization(admin);
});

// Thousands of connections left in a shared database would slow every later "re-verify all". The
// jobs go first: their items are found by job, not by connection.
afterAll(async () => {
  await getDb().delete(jobs).where(eq(jobs.createdBy, admin.userId));
  await getDb().delete(connections).where(eq(connections.organizationId, org));
});

describe("a selection of more ids than a statement has parameters", () => {
  it("starts a job covering each existing connection once", async () => {
    const existing = await manyConnections(org, 5_000);
    // Ids of connections that are gone (or never were) make up the rest, as in a stale selection.
    const unknown = Array.from({ length: MAX_PARAMETERS + 1 - existing.length }, () => crypto.randomUUID());
    const selection = [...existing, ...unknown, ...existing.slice(0, 100)];
    expect(selection.length).toBeGreaterThan(MAX_PARAMETERS);

    const job = await startBulkVerification(admin, { kind: "selection", connectionIds: selection });
    expect(job.total).toBe(existing.length);
    expect(new Set((await itemsOf(job.id)).map((i) => i.connectionId))).toEqual(new Set(existing));
    expect(await getJobProgress(admin, job.id)).toMatchObject({ status: "queued", scope: "selection", total: existing.length, pending: existing.length });
    await cancelJob(admin, job.id);
  });
});
