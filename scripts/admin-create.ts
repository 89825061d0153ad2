// npm run admin:create -- --email someone@partner.example [--name "Their Name"]
// Creates a partner admin with a random one-time password, printed once and changed at first sign-in.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { closeDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { isDalError } from "@/lib/dal/errors";
import { createAdmin } from "@/lib/dal/users";
import { emailSchema } from "@/lib/schemas/auth";

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });
const email = emailSchema.safeParse(values.email);
const name = z.string().trim().min(1).max(100).safeParse(values.name ?? "Partner admin");
if (!email.success || !name.success) {
  console.error("Usage: npm run admin:create -- --email someone@partner.example [--name \"Their Name\"]");
  console.error(email.success ? "--name must be 1-100 characters." : `--email: ${email.error.issues[0]?.message}`);
  process.exit(2);
}

const password = randomBytes(18).toString("base64url");
try {
  await migrateDatabase();
  await createAdmin({ email: email.data, name: name.data, password, passwordChangeRequired: true });
  console.log(`Partner admin created: ${email.data}\nOne-time password:     ${password}\n(shown only now; a new password is chosen at first sign-in)`);
} catch (error) {
  console.error(isDalError(error) ? error.message : error);
  process.exitCode = 1;
} finally {
  await closeDb();
}
