import { ConfigError, getConfig, isBuildPhase } from "@/lib/config";
import { migrateDatabase } from "@/lib/db/migrate";
import { ensureFirstAdmin } from "@/lib/dal/users";
import { logger } from "@/lib/log";
import { partnerIdentity, PartnerIdentityError } from "@/lib/runtime/aws";
import { ensureSandbox } from "@/lib/runtime/sandbox";

const globalForBoot = globalThis as unknown as { rolegateBooted?: Promise<void> };

/** Starts what the app needs before serving; once per process (dev reloads included). */
export function boot(): Promise<void> {
  if (isBuildPhase()) return Promise.resolve();
  globalForBoot.rolegateBooted ??= run().catch((error: unknown) => {
    if (error instanceof ConfigError || error instanceof PartnerIdentityError) {
      console.error(`\nRolegate cannot start.\n${error.message}\nSee .env.example for every variable and what it expects.\n`);
    } else {
      console.error("\nRolegate cannot start:", error instanceof Error ? error.message : error, "\n");
    }
    process.exit(1);
  });
  return globalForBoot.rolegateBooted;
}

async function run(): Promise<void> {
  const config = getConfig();
  if (config.aws.mode === "sandbox") await ensureSandbox(config);
  let identityUnknown = "";
  const identity = await partnerIdentity().catch((error: unknown) => {
    // A wrong account, or a sandbox that is not there, is fatal; AWS being unreachable is not.
    if (error instanceof PartnerIdentityError && error.kind === "unreadable" && config.aws.mode === "aws") {
      logger().warn({ err: error.message }, "partner identity unknown at start-up; will retry on first use");
      identityUnknown = error.answer;
      return undefined;
    }
    throw error;
  });
  await migrateDatabase();
  await (await import("./control-socket")).startControlSocket(); // PGlite: runs admin:create and api-key:create from the shell while this server holds the database
  const admin = await ensureFirstAdmin(config.admin);
  (await import("@/lib/jobs/runtime")).startJobWorker(); // bulk re-verification: claims queued jobs, resumes unfinished ones
  (await import("@/lib/webhook-delivery/runtime")).startWebhookWorker(); // signed webhooks: fans out new events, delivers and retries
  (await import("@/lib/mail-delivery/runtime")).startMailWorker(); // e-mail: queues mail for events and the daily digest; sends the outbox over SMTP_URL
  (await import("@/lib/registration/sns/runtime")).startRegistrationTopics(); // zero-paste registration: per-region SNS topics, in the background
  (await import("@/lib/registration/runtime")).startRegistrationWorker(); // zero-paste registration: answers the role stacks' custom resources
  (await import("./row-counts")).startRowCountCompaction(); // the dashboard's counters: folds their rows every 10 minutes
  (await import("@/lib/health/runtime")).startHealthScheduler(); // scheduled health checks: every active connection once per HEALTH_CHECK_INTERVAL
  logger().info({ storage: config.database.kind, awsMode: config.aws.mode, requireAdminMfa: config.requireAdminMfa }, "rolegate started");
  const lines = [`Rolegate is running at ${config.appUrl}`];
  if (config.aws.mode === "sandbox") lines.push(`AWS: sandbox at ${config.sandbox.url} (simulated; no real AWS is contacted)`);
  lines.push(identity ? `Partner AWS identity: ${identity.arn}` : `Partner AWS identity: not known yet (${identityUnknown})`);
  if (admin.created && admin.oneTimePassword) {
    lines.push(
      `First partner admin: ${admin.email}`,
      `One-time password:   ${admin.oneTimePassword}`,
      "(shown only now; you will choose your own password at first sign-in)",
    );
  } else if (admin.created) {
    lines.push(`First partner admin: ${admin.email} (password from ADMIN_PASSWORD)`);
  } else {
    lines.push(`Sign in at ${config.appUrl}/sign-in  (more admins: npm run admin:create)`);
  }
  // The sign-in is for the operator's terminal, not for the structured log.
  console.log(`\n${lines.map((l) => `  ${l}`).join("\n")}\n`);
}
