// npm run db:migrate: applies the committed migrations to the configured database.
import { getConfig } from "@/lib/config";
import { closeDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { openDatabaseOrExit } from "./support/cli-database";

const config = getConfig();
openDatabaseOrExit("migrate");
await migrateDatabase();
await closeDb();
console.log(`Migrations applied (${config.database.kind === "postgres" ? "PostgreSQL" : `PGlite at ${config.database.dir}`}).`);
