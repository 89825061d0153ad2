// A server's hold on a PGlite directory, for the CLI tests: opens the database as boot does (the
// directory's lock, migrations, the control socket), prints "ready <pid>", then answers the test on stdin,
// one JSON line each: {"apiKey"} → the key's scope or null; {"email", "password"} → the role or null;
// {"count": table} → its rows. Run: tsx --conditions=react-server tests/cli/server-process.ts
import { createInterface } from "node:readline";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { authenticateApiKey } from "@/lib/dal/api-keys";
import { authenticate } from "@/lib/dal/users";
import { startControlSocket } from "@/lib/startup/control-socket";

type Question = { apiKey?: string; email?: string; password?: string; count?: "users" | "api_keys" | "connections" };

async function answer(q: Question): Promise<unknown> {
  if (q.apiKey) return { scope: (await authenticateApiKey(q.apiKey))?.scope ?? null };
  if (q.email && q.password) return { role: (await authenticate(q.email, q.password))?.role ?? null };
  if (q.count) {
    const result = (await getDb().execute(sql`select count(*)::int as n from ${sql.identifier(q.count)}`)) as unknown as { rows: { n: number }[] };
    return { count: result.rows[0]?.n };
  }
  return { error: "unknown question" };
}

await migrateDatabase();
await startControlSocket();
process.stdout.write(`ready ${process.pid}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const reply = await answer(JSON.parse(line) as Question).catch((error: unknown) => ({ error: String(error) }));
  process.stdout.write(`${JSON.stringify(reply)}\n`);
}
