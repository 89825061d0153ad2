import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { getDb, postgresClient } from "./client";

const migrationsFolder = path.resolve("drizzle");
// Any constant shared by every Rolegate instance: several instances starting at once migrate one at a time.
const MIGRATION_LOCK = 7_201_914_001;

/** Applies the committed migrations in `drizzle/` (idempotent; serialised across instances on PostgreSQL). */
export async function migrateDatabase(): Promise<void> {
  const client = postgresClient();
  if (!client) {
    await migratePglite(getDb() as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  // The advisory lock is per session: hold one reserved connection for lock, migration and unlock.
  const reserved = await client.reserve();
  try {
    await reserved`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzle(reserved), { migrationsFolder });
  } finally {
    await reserved`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    reserved.release();
  }
}
