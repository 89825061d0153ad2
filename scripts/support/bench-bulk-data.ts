import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { anyOf } from "@/lib/dal/any-of";
import { auditEvents, connections, jobs, organizations, users } from "@/lib/db/schema";
import { createOrganization, getOrganization } from "@/lib/dal/organizations";
import { createAdmin, loadViewer } from "@/lib/dal/users";
import type { UserViewer } from "@/lib/dal/viewer";
import { buildRole } from "@/sandbox/state/roles";
import { SandboxStore } from "@/sandbox/state/store";

/** What the benchmark made, so it can remove it again from a database it shares. */
export type BenchData = { admin: UserViewer; organizationIds: string[]; connectionIds: string[] };

/** The sandbox's partner account (its default), which every seeded role trusts. */
export const PARTNER_ACCOUNT_ID = "111111111111";
const PER_ORGANIZATION = 100;

/**
 * An admin, organisations of 100 connections each, and a working role per connection written
 * straight into a sandbox data directory (one file write, not 5,000 control-API calls, each of
 * which rewrites the sandbox's state file). Connections are two hours old: re-verifications.
 */
export async function seed(count: number, sandboxDataDir: string): Promise<BenchData> {
  const stamp = `${Date.now()}-${randomBytes(3).toString("hex")}`;
  const { id } = await createAdmin({ email: `bench-bulk-${stamp}@bench.test`, name: "Bench", password: "bench password 123" });
  const admin = (await loadViewer(id))!;
  const organizationIds: string[] = [];
  const externalIds: string[] = [];
  for (let i = 0; i < Math.ceil(count / PER_ORGANIZATION); i++) {
    const org = await createOrganization(admin, { name: `Bench ${stamp} #${i}` });
    organizationIds.push(org.id);
    externalIds.push((await getOrganization(admin, org.id)).externalId);
  }
  const now = new Date();
  const created = new Date(now.getTime() - 2 * 3600_000);
  const rows = Array.from({ length: count }, (_, i) => {
    const org = Math.floor(i / PER_ORGANIZATION);
    const accountId = String(300_000_000_000 + i);
    const roleName = `RolegateBulk${i}`;
    return { org, accountId, roleName, externalId: externalIds[org]!, roleArn: `arn:aws:iam::${accountId}:role/${roleName}` };
  });

  const store = SandboxStore.open(sandboxDataDir, PARTNER_ACCOUNT_ID, () => {});
  store.addRoles(
    rows.map((r) =>
      buildRole(
        {
          partition: "aws",
          accountId: r.accountId,
          roleName: r.roleName,
          trustPolicy: {
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${PARTNER_ACCOUNT_ID}:root` }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": r.externalId } } },
            ],
          },
        },
        now,
      ),
    ),
  );

  const connectionIds: string[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await getDb()
      .insert(connections)
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          organizationId: organizationIds[r.org]!,
          roleArn: r.roleArn,
          accountId: r.accountId,
          partition: "aws",
          roleName: r.roleName,
          externalId: r.externalId,
          status: "verified" as const,
          createdBy: admin.userId,
          createdAt: created,
          lastVerifiedAt: created,
          lastCheckedAt: created,
        })),
      )
      .returning({ id: connections.id });
    connectionIds.push(...inserted.map((c) => c.id));
  }
  return { admin, organizationIds, connectionIds };
}

/** Removes what `seed` made (and the benchmark's job), for runs against a shared PostgreSQL. */
export async function unseed(data: BenchData): Promise<void> {
  const db = getDb();
  await db.delete(jobs).where(eq(jobs.createdBy, data.admin.userId));
  await db.delete(auditEvents).where(eq(auditEvents.actorUserId, data.admin.userId));
  // Connections first, a slice at a time, each cascading to its history through the connection index;
  // deleting the organisations alone would cascade through verifications.organization_id, which has no
  // index (organisations are never deleted by the product), and outlast the statement timeout.
  for (let i = 0; i < data.connectionIds.length; i += 2_000) {
    await db.delete(connections).where(anyOf(connections.id, data.connectionIds.slice(i, i + 2_000)));
  }
  await db.delete(organizations).where(anyOf(organizations.id, data.organizationIds));
  await db.delete(users).where(eq(users.id, data.admin.userId));
}
