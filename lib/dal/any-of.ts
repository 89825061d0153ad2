import "server-only";
import { type Column, type SQL, sql } from "drizzle-orm";

/**
 * `column = any($1::type[])` with the whole list bound as one array parameter. `inArray` binds one
 * parameter per value, and PostgreSQL refuses a statement with more than 65,535 of them; one array
 * also keeps a single prepared statement for every length of list.
 */
export function anyOf(column: Column | SQL, values: readonly string[], type: "uuid" | "text" = "uuid"): SQL {
  return sql`${column} = any(${sql.param([...values])}::${sql.raw(type)}[])`;
}
