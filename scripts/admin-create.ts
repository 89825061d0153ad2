// npm run admin:create -- --email someone@partner.example [--name "Their Name"]
// Creates a partner admin with a random one-time password, printed once and changed at first sign-in.
// On PGlite, while the server has the database open, the server creates it (through its control socket).
import { parseArgs } from "node:util";
import { adminCreateSchema } from "@/lib/startup/control-socket";
import { runShellCommand } from "./support/cli-control";

const USAGE = 'Usage: npm run admin:create -- --email someone@partner.example [--name "Their Name"]';

let values: { email?: string; name?: string };
try {
  ({ values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } }));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
  process.exit(2);
}
const input = adminCreateSchema.safeParse(values);
if (!input.success) {
  console.error(USAGE);
  for (const issue of input.error.issues) console.error(`--${String(issue.path[0])}: ${issue.message}`);
  process.exit(2);
}

await runShellCommand("admin:create", input.data);
