import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./errors";

describe("a database that is unavailable, told apart from a query it refused", () => {
  it("a server that is not there, as drizzle reports it", async () => {
    const client = postgres("postgres://nobody:x@127.0.0.1:9/none", { connect_timeout: 2, max: 1, onnotice: () => {} });
    const error = await drizzle(client).execute(sql`select 1`).catch((e: unknown) => e);
    await client.end({ timeout: 1 });
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each(["QUERY_TIMEOUT", "CONNECTION_CLOSED", "CONNECT_TIMEOUT", "57P01", "55P03", "57014"])("%s, wrapped or not", (code) => {
    const driver = Object.assign(new Error("driver"), { code });
    expect(isDatabaseUnavailable(driver)).toBe(true);
    expect(isDatabaseUnavailable(new Error("Failed query", { cause: driver }))).toBe(true);
  });

  it("not a refusal: a unique violation, a syntax error, a plain error, nothing", () => {
    for (const code of ["23505", "42601", "22P02"]) expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code }))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable("CONNECTION_CLOSED")).toBe(false);
  });
});
