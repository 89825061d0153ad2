import "server-only";
import type { SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";

/**
 * The rows of a raw statement, whichever driver ran it (postgres-js returns an array, PGlite an
 * object with `rows`). For the few statements the query builder cannot express, such as
 * data-modifying CTEs that also write to the event log.
 */
export async function queryRows<T extends Record<string, unknown>>(db: Pick<Db, "execute">, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
