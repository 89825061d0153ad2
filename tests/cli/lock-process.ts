// Opens a PGlite directory in its own process, for the CLI tests, and holds it until stdin closes.
//   lock-process.ts lock <dir>   takes only the directory's lock (no database: fast)
//   lock-process.ts db           opens the configured database as every Rolegate process does (getDb)
// With --on-go it first prints "waiting" and opens on its first line of input, so that several
// start at the same moment. Prints "ready <pid>" once it holds the directory, or
// "busy <JSON {name, message}>" and exits 3.
import { once } from "node:events";
import { acquirePgliteLock, DatabaseBusyError } from "@/lib/db/pglite-lock";

const [mode, dir] = process.argv.slice(2);
if (process.argv.includes("--on-go")) {
  process.stdout.write("waiting\n");
  await once(process.stdin, "data");
}
try {
  if (mode === "lock") acquirePgliteLock(dir!);
  else (await import("@/lib/db/client")).getDb();
} catch (error) {
  if (!(error instanceof DatabaseBusyError)) throw error;
  process.stdout.write(`busy ${JSON.stringify({ name: error.name, message: error.message })}\n`);
  process.exit(3);
}
process.stdout.write(`ready ${process.pid}\n`);
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
