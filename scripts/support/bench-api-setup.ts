import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { closeDb, getDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { apiKeys, events, rateLimits, webhookEndpoints } from "@/lib/db/schema";
import { type ApiCaller, createApiKeyFromShell } from "@/lib/dal/api-keys";
import { queryRows } from "@/lib/dal/rows";
import { refusal, seed } from "../seed/run";
import { cpuMsOf } from "./load-stack";

/**
 * What `bench:api` does to its database outside the app: migrates and seeds it, gives it a key of
 * its own, and takes out again what the run added (its endpoints, organisations, events and key).
 */

/** Marks what a run registers, so that a run cut short is tidied by the next one. */
export const ENDPOINT_DESCRIPTION = "bench:api receiver";

const rows = <T extends Record<string, unknown>>(query: SQL) => queryRows<T>(getDb(), query);

/** Migrates, and seeds connections up to `target` (kept between runs); refuses a non-local database. */
export async function prepareDatabase(target: number, log: (line: string) => void): Promise<number> {
  const refused = refusal();
  if (refused) throw new Error(`refusing to benchmark (it seeds the database): ${refused}`);
  await migrateDatabase();
  const [row] = await rows<{ n: number }>(sql`select count(*)::int as n from connections`);
  const existing = row?.n ?? 0;
  if (existing >= target) return existing;
  log(`  seeding ${target - existing} connections (${existing} there)…`);
  await seed(getDb(), { connections: target - existing, history: 3, seed: Date.now() % 100_000, log: (line) => log(`  ${line}`) });
  return target;
}

/**
 * Removes endpoints an earlier run left (cut short), and refuses a database with endpoints of
 * anyone else: the floor route must list none, and they would receive the benchmark's events.
 */
export async function clearEndpoints(): Promise<number> {
  const removed = await getDb().delete(webhookEndpoints).where(eq(webhookEndpoints.description, ENDPOINT_DESCRIPTION)).returning({ id: webhookEndpoints.id });
  const [other] = await rows<{ n: number }>(sql`select count(*)::int as n from webhook_endpoints`);
  if ((other?.n ?? 0) > 0) throw new Error(`the database has ${other!.n} webhook endpoints that bench:api did not register; give it a database of its own (--database-url)`);
  return removed.length;
}

/** A write key for this run, and the viewer the API makes of it (a partner admin). */
export async function createKey(name: string): Promise<{ key: string; caller: ApiCaller }> {
  const created = await createApiKeyFromShell({ name, scope: "write" });
  const viewer = { userId: null, apiKeyId: created.id, email: "", name, role: "admin" as const, organizationId: null, passwordChangeRequired: false };
  return { key: created.key, caller: { viewer, scope: "write" } };
}

/** An organisation with many connections and one connection's account id, for the filtered cases. */
export async function filterValues(): Promise<{ organizationId: string; accountId: string }> {
  const [org] = await rows<{ id: string }>(sql`select organization_id as id from connections group by 1 order by count(*) desc limit 1`);
  const [account] = await rows<{ id: string }>(sql`select account_id as id from connections order by id limit 1`);
  if (!org || !account) throw new Error("the database has no connections to list");
  return { organizationId: org.id, accountId: account.id };
}

/** What the run added that removeRunData takes out again. */
export type RunData = { apiKeyId?: string; eventIds: string[] };

/**
 * Removes the run's endpoints (their deliveries go with them), the events it inserted itself, and
 * its key. Organisations made through the API stay, like any client's: deleting one cascades to
 * tables with no index on organization_id (verifications), a scan of the seeded history each.
 */
export async function removeRunData(run: RunData): Promise<void> {
  const db = getDb();
  try {
    await db.delete(webhookEndpoints).where(eq(webhookEndpoints.description, ENDPOINT_DESCRIPTION));
    for (let i = 0; i < run.eventIds.length; i += 5_000) await db.delete(events).where(inArray(events.id, run.eventIds.slice(i, i + 5_000)));
    if (run.apiKeyId) {
      await db.delete(rateLimits).where(eq(rateLimits.key, `api:${run.apiKeyId}`));
      await db.update(apiKeys).set({ revokedAt: sql`now()` }).where(and(eq(apiKeys.id, run.apiKeyId), isNull(apiKeys.revokedAt)));
    }
  } catch (error) {
    // The driver's message quotes the statement and every parameter; its cause says what went wrong.
    const cause = (error as { cause?: unknown }).cause ?? error;
    throw new Error(`could not remove the run's endpoints, events and key: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** The CPU time so far of the PostgreSQL backends serving this database (the app's pool and this process's). */
export async function databaseCpu(): Promise<Map<number, number>> {
  const backends = await rows<{ pid: number }>(sql`select pid from pg_stat_activity where datname = current_database()`);
  return new Map(backends.map(({ pid }) => [pid, cpuMsOf(pid) ?? 0]));
}

/** CPU ms the database's backends used between two readings (backends that appeared in between count whole). */
export function databaseCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

export { closeDb };
