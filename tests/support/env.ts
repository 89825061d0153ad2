// Unit tests run on an in-memory PGlite unless DATABASE_URL points at a PostgreSQL server,
// which must be local: tests write to it and must never touch a shared database.
if (process.env.DATABASE_URL) {
  const host = new URL(process.env.DATABASE_URL).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host) && !process.env.DATABASE_URL.includes("host=/")) {
    throw new Error(`Refusing to run tests against a non-local database (${host}).`);
  }
} else {
  process.env.PGLITE_DATA_DIR = "memory://";
}
process.env.LOG_LEVEL ??= "silent";
process.env.DATA_DIR ??= `${process.env.TMPDIR ?? "/tmp"}/rolegate-unit-${process.pid}`;
