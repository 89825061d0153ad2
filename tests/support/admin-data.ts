import { randomInt } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { connections, organizations } from "@/lib/db/schema";
import { eq } from "drizzle-orm";

type Status = (typeof connections.$inferInsert)["status"];

/** A random 12-digit account id. */
export function accountId(): string {
  return String(randomInt(100_000, 999_999)) + String(randomInt(100_000, 999_999));
}

/** Inserts connections straight into an organisation (the dashboard reads what verifications wrote). */
export async function insertConnections(
  organizationId: string,
  rows: Array<{ status?: Status; lastCheckedAt?: Date | null; lastVerifiedAt?: Date | null; partition?: string; roleName?: string; externalId?: string; accountId?: string; lastFailureMessage?: string }>,
): Promise<string[]> {
  const [org] = await getDb().select({ externalId: organizations.externalId }).from(organizations).where(eq(organizations.id, organizationId));
  if (!org) throw new Error("no such organisation");
  const values = rows.map((r) => {
    const account = r.accountId ?? accountId();
    const partition = r.partition ?? "aws";
    const roleName = r.roleName ?? `Role${randomInt(1_000_000)}`;
    return {
      organizationId,
      roleArn: `arn:${partition}:iam::${account}:role/${roleName}`,
      accountId: account,
      partition,
      roleName,
      externalId: r.externalId ?? org.externalId,
      status: r.status ?? "verified",
      lastCheckedAt: r.lastCheckedAt ?? null,
      lastVerifiedAt: r.lastVerifiedAt ?? null,
      lastFailureMessage: r.lastFailureMessage ?? null,
    };
  });
  const inserted = await getDb().insert(connections).values(values).returning({ id: connections.id });
  return inserted.map((r) => r.id);
}
