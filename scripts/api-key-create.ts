// npm run api-key:create -- --name NAME [--scope read|write]
// Creates a partner API key and prints it once; only its hash is stored.
import { parseArgs } from "node:util";
import { closeDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { createApiKeyFromShell } from "@/lib/dal/api-keys";
import { createApiKeySchema } from "@/lib/schemas/api-keys";

const USAGE = "Usage: npm run api-key:create -- --name NAME [--scope read|write]   (default scope: write)";

let values: { name?: string; scope?: string };
try {
  ({ values } = parseArgs({ options: { name: { type: "string" }, scope: { type: "string", default: "write" } } }));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
  process.exit(2);
}
const input = createApiKeySchema.safeParse(values);
if (!input.success) {
  for (const issue of input.error.issues) console.error(`--${String(issue.path[0])}: ${issue.message}`);
  console.error(USAGE);
  process.exit(2);
}

try {
  await migrateDatabase();
  const key = await createApiKeyFromShell(input.data);
  console.log(`API key created: ${key.name} (${key.scope}, id ${key.id})\n\n  ${key.key}\n\nShown only now: store it in your secret manager. Revoke it at /admin/api-keys.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await closeDb();
}
