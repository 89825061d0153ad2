// Fills a database with organisations, members, connections and verification history.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { hashPassword } from "@/lib/crypto/password";
import { getConfig } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { compactRowCounts } from "@/lib/dal/row-counts";
import { connection, organization, prng, type SeedConnection, type SeedOrganization } from "./data";
import { insertConnections, insertHistory, insertMembers, insertOrganizations } from "./insert";

export type SeedOptions = { connections: number; organizations?: number; history: number; seed: number; log?: (line: string) => void };

const LOCAL_HOSTS = ["localhost", "127.0.0.1", "::1", "[::1]"];

/** Why this database must not be seeded, or null: only an embedded or a loopback PostgreSQL one may. */
export function refusal(): string | null {
  const { database, nodeEnv } = getConfig();
  if (nodeEnv === "production") return "NODE_ENV is production: seeding writes thousands of fake customers.";
  if (database.kind === "postgres") {
    const url = new URL(database.url);
    const socket = url.searchParams.get("host")?.startsWith("/");
    if (!LOCAL_HOSTS.includes(url.hostname) && !socket) return `DATABASE_URL points at ${url.hostname}, not this machine.`;
  }
  return null;
}

const BATCH = 5_000;
// Fresh statistics and visibility map, so the planner sees the new rows (and index-only scans work) at once.
const vacuumAnalyze = sql`vacuum analyze organizations, users, connections, verifications, external_ids, row_counts`;

/** Picks an organisation for each connection: a few large customers and a long tail, as partners see. */
function ownerPicker<T>(orgs: T[], random: () => number): () => T {
  const cumulative: number[] = [];
  let sum = 0;
  for (const _ of orgs) cumulative.push((sum += 1 / Math.pow(1 - random() * 0.97, 1.2)));
  return () => {
    const r = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return orgs[lo]!;
  };
}

/** Seeds `connections` connections over about one organisation per 50 of them (sizes vary a lot). */
export async function seed(db: Db, options: SeedOptions): Promise<{ organizations: number; connections: number }> {
  const started = performance.now();
  const say = options.log ?? (() => {});
  const log = (line: string) => say(`${line} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const random = prng(options.seed);
  const now = Date.now();
  const orgCount = options.organizations ?? Math.max(1, Math.round(options.connections / 50));
  const orgs: SeedOrganization[] = Array.from({ length: orgCount }, () => organization(random, now));
  const owner = ownerPicker(orgs, random);

  // A password nobody knows: seeded members exist to be counted and listed, not to sign in.
  const passwordHash = await hashPassword(randomBytes(24).toString("base64url"));
  for (let i = 0; i < orgs.length; i += BATCH) {
    await insertOrganizations(db, orgs.slice(i, i + BATCH));
    await insertMembers(db, orgs.slice(i, i + BATCH), passwordHash, random);
  }
  log(`  ${orgs.length} organisations with members`);
  for (let done = 0; done < options.connections; done += BATCH) {
    const rows: SeedConnection[] = Array.from({ length: Math.min(BATCH, options.connections - done) }, () => connection(random, owner(), now));
    await insertConnections(db, rows);
    if ((done / BATCH) % 4 === 3) log(`  ${done + rows.length} connections`);
  }
  log(`  ${options.connections} connections; writing verification history…`);
  const HISTORY_ORGS = Math.max(1, Math.floor(orgs.length / 20));
  for (let i = 0; i < orgs.length; i += HISTORY_ORGS) {
    await insertHistory(db, orgs.slice(i, i + HISTORY_ORGS).map((o) => o.id), options.history);
  }
  log("  history written");
  await compactRowCounts(db);
  await db.execute(vacuumAnalyze);
  return { organizations: orgs.length, connections: options.connections };
}
