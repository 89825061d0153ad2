import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { getConfig } from "@/lib/config";
import { acquirePgliteLock } from "./pglite-lock";
import * as schema from "./schema";

/** The drizzle database, the same type whether PGlite or PostgreSQL is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

// PGlite's default shared_buffers (128 MB) dominates its idle memory; a portal's working set is small.
// Measured on reopen of an existing data directory: ~310 MB RSS by default, ~155 MB with these.
const pgliteStartParams = [
  ...PGlite.defaultStartParams,
  ...["-c", "shared_buffers=16MB", "-c", "work_mem=2MB", "-c", "maintenance_work_mem=16MB", "-c", "temp_buffers=2MB"],
];

/**
 * Session settings of every PostgreSQL connection (times in milliseconds; a `DATABASE_URL` query
 * parameter of the same name overrides one). A request waits at most 5 s for a row that another
 * transaction holds and no statement runs past 30 s, so a stuck transaction elsewhere turns into
 * an error rather than a hung page; the server ends a session left idle inside a transaction for
 * 60 s (an instance that died or was cut off in the middle of one), which releases its locks.
 */
export const POSTGRES_SESSION = {
  application_name: "rolegate",
  lock_timeout: 5_000,
  statement_timeout: 30_000,
  idle_in_transaction_session_timeout: 60_000,
};

type Handle = { db: Db; kind: "pglite" | "postgres"; close: () => Promise<void> };

// One client per process, kept on globalThis so dev hot reloads reuse it:
// PGlite allows a single instance per data directory.
const globalForDb = globalThis as unknown as { rolegateDb?: Handle };

function open(): Handle {
  const { database } = getConfig();
  if (database.kind === "postgres") {
    const client = postgres(database.url, {
      max: 10,
      onnotice: () => {},
      // After the server comes back, reconnect within about 2 s (the driver's default waits up to 20 s).
      backoff: (retries: number) => Math.min(0.25 * 2 ** retries, 2),
      // Connecting is a wait on the database too: never longer than a query may wait.
      connect_timeout: Math.min(10, database.queryTimeoutSeconds),
      connection: POSTGRES_SESSION,
      // The session's timeouts are kept by the server: they do nothing when the network goes silent
      // without closing (a dropped route, a frozen host), where TCP retransmits unanswered data for
      // some 15 minutes and keepalive probes only idle sockets. postgres-js has no client-side limit;
      // patches/postgres+3.4.9.patch adds this one: a connection owing an answer that hears nothing
      // for this long is destroyed and its queries fail as on any lost connection. It sits above
      // statement_timeout, so a slow statement still ends with the server's own error.
      query_timeout: database.queryTimeoutSeconds,
    });
    // Queries still waiting on a lost server are given 5 s before the pool is closed under them.
    return { db: drizzlePostgres(client, { schema }) as unknown as Db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const inMemory = database.dir.startsWith("memory://");
  // A second process on the same files corrupts them: take the directory's lock before opening it.
  const release = inMemory ? () => {} : acquirePgliteLock(database.dir);
  try {
    if (!inMemory) mkdirSync(path.resolve(database.dir), { recursive: true });
    const client = new PGlite(inMemory ? database.dir : path.resolve(database.dir), {
      startParams: pgliteStartParams,
      // Substring search indexes (migration 0005); PGlite ships the extension but loads it only when asked.
      extensions: { pg_trgm },
    });
    const close = () => client.close().finally(release);
    return { db: drizzlePglite(client, { schema }) as unknown as Db, kind: "pglite", close };
  } catch (error) {
    release();
    throw error;
  }
}

function handle(): Handle {
  globalForDb.rolegateDb ??= open();
  return globalForDb.rolegateDb;
}

/** The process's database (opened on first use, never at import or build time). */
export function getDb(): Db {
  return handle().db;
}

/** Which storage back-end is in use. */
export function databaseKind(): Handle["kind"] {
  return handle().kind;
}

/** Closes the database (scripts and tests; the server keeps it open). */
export async function closeDb(): Promise<void> {
  const current = globalForDb.rolegateDb;
  globalForDb.rolegateDb = undefined;
  await current?.close();
}
