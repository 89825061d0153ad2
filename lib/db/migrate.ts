import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { getConfig } from "@/lib/config";
import { getDb } from "./client";

const migrationsFolder = path.resolve("drizzle");
// Any constant shared by every Rolegate instance: several instances starting at once migrate one at a time.
const MIGRATION_LOCK = 7_201_914_001;

/** Applies the committed migrations in `drizzle/` (idempotent; serialised across instances on PostgreSQL). */
export async function migrateDatabase(): Promise<void> {
  const { database } = getConfig();
  if (database.kind === "pglite") {
    await migratePglite(getDb() as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  // An advisory lock belongs to a session: one single-connection client takes it, migrates, releases it.
  const client = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzle(client), { migrationsFolder });
  } finally {
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    await client.end();
  }
}
