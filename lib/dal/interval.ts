import "server-only";
import { sql } from "drizzle-orm";

/** A duration in milliseconds as a PostgreSQL interval, for `now() + …` in leases and deadlines. */
export const ms = (n: number) => sql`${Math.round(n)} * interval '1 millisecond'`;
