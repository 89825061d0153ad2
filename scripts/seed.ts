// npm run db:seed -- --connections 100000 [--organizations N] [--history 3] [--seed 1]
// Fills the configured database (PGlite, or a PostgreSQL on this machine) with realistic organisations,
// members, connections in every state and their verification history. Refuses any non-local database.
import { parseArgs } from "node:util";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { closeDb, getDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { refusal, seed } from "./seed/run";
import { openDatabaseOrExit } from "./support/cli-database";

const { values } = parseArgs({
  options: { connections: { type: "string", default: "1000" }, organizations: { type: "string" }, history: { type: "string", default: "3" }, seed: { type: "string", default: "1" } },
});
const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const args = z
  .object({ connections: count(1, 2_000_000), organizations: count(1, 1_000_000).optional(), history: count(1, 50), seed: count(0, 2 ** 31) })
  .safeParse(values);
if (!args.success) {
  console.error("Usage: npm run db:seed -- --connections 100000 [--organizations N] [--history 3] [--seed 1]");
  console.error(args.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
  process.exit(2);
}
const refused = refusal();
if (refused) {
  console.error(`Refusing to seed: ${refused}`);
  process.exit(1);
}
openDatabaseOrExit("seed");

const { database } = getConfig();
const started = performance.now();
try {
  await migrateDatabase();
  console.log(`Seeding ${database.kind === "postgres" ? "PostgreSQL" : `PGlite at ${database.dir}`}…`);
  const done = await seed(getDb(), { ...args.data, log: (line) => console.log(line) });
  console.log(`Seeded ${done.organizations} organisations and ${done.connections} connections in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  console.error("Seeding failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await closeDb();
}
