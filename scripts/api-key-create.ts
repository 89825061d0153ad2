// npm run api-key:create -- --name NAME [--scope read|write]
// Creates a partner API key and prints it once; only its hash is stored. On PGlite, while the server
// has the database open, the server creates it (through its control socket) and this prints it.
import { parseArgs } from "node:util";
import { createApiKeySchema } from "@/lib/schemas/api-keys";
import { runShellCommand } from "./support/cli-control";

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

await runShellCommand("api-key:create", input.data);
