// The database side of Rolegate's shell commands on PGlite, which one process at a time may open:
// who holds the directory, and what the operator can do about it.
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { DatabaseBusyError, describeHolder } from "@/lib/db/pglite-lock";

/** What the command wants the database for: its own use (seed, migrate, benchmark) or a command the server can run for it. */
export type CommandPurpose = "seed" | "migrate" | "benchmark" | "admin:create" | "api-key:create";

/** The message an operator reads when `error.holder` has the PGlite directory: who, and what to do instead. */
export function busyMessage(error: DatabaseBusyError, purpose: CommandPurpose): string {
  const { dir, holder, lockFile } = error;
  const who = describeHolder(holder, lockFile);
  if (holder.role === "command") {
    return `Another Rolegate command (${who}) is using ${dir}: PGlite opens a data directory in one process at a time. Retry when it has finished.`;
  }
  const running = `Rolegate is running on ${dir} (${who}).`;
  switch (purpose) {
    case "seed":
      return `${running} Stop it first (Ctrl-C in its terminal), or run it on PostgreSQL (DATABASE_URL) to seed while it serves.`;
    case "benchmark":
      return `${running} Stop it first (Ctrl-C in its terminal), or run it on PostgreSQL (DATABASE_URL) to benchmark while it serves.`;
    case "migrate":
      return `${running} It applied its migrations when it started. To apply migrations added since, stop it (Ctrl-C in its terminal) and start it again: it migrates at start.`;
    default:
      return `${running} It is not taking commands: it is still starting, or could not open its control socket (its log says which). Retry in a moment, or stop it first (Ctrl-C in its terminal).`;
  }
}

/**
 * Opens the configured database for this command alone (seed, migrate, benchmark), or exits 1
 * saying who has the PGlite directory and what to do. PostgreSQL is shared: nothing to check.
 */
export function openDatabaseOrExit(purpose: CommandPurpose): void {
  if (getConfig().database.kind !== "pglite") return;
  try {
    getDb();
  } catch (error) {
    if (!(error instanceof DatabaseBusyError)) throw error;
    console.error(busyMessage(error, purpose));
    process.exit(1);
  }
}
