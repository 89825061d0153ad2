// admin:create and api-key:create, run where the database is: in this process when it can open it
// (PostgreSQL, or a free PGlite directory), else by the server that has the PGlite directory open,
// through its control socket. The output is the same either way.
import { createConnection } from "node:net";
import { z } from "zod";
import { closeDb, getDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { DatabaseBusyError } from "@/lib/db/pglite-lock";
import { CONTROL_COMMANDS, type ControlCommand, type ControlReply } from "@/lib/startup/control-socket";
import { busyMessage } from "./cli-database";

const replySchema = z.discriminatedUnion("ok", [z.object({ ok: z.literal(true), output: z.string() }), z.object({ ok: z.literal(false), error: z.string() })]);

/** Sends one command to a control socket and resolves with its reply (rejects when the socket does not answer). */
export function sendControlCommand(socketPath: string, command: string, input: unknown, timeoutMs = 60_000): Promise<ControlReply> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let received = Buffer.alloc(0);
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    socket.on("connect", () => socket.write(`${JSON.stringify({ command, input })}\n`));
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf(10);
      if (end === -1) return;
      socket.end();
      try {
        resolve(replySchema.parse(JSON.parse(received.subarray(0, end).toString("utf8"))));
      } catch {
        reject(new Error("the answer was not a Rolegate control reply"));
      }
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error("the connection closed without an answer")));
  });
}

async function runHere(command: ControlCommand, input: unknown): Promise<ControlReply> {
  try {
    await migrateDatabase();
    return await CONTROL_COMMANDS[command](input);
  } finally {
    await closeDb();
  }
}

async function runOnServer(busy: DatabaseBusyError, command: ControlCommand, input: unknown): Promise<ControlReply> {
  const socket = busy.holder.role === "server" ? busy.holder.controlSocket : undefined;
  if (!socket) return { ok: false, error: busyMessage(busy, command) };
  try {
    return await sendControlCommand(socket, command, input);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    return {
      ok: false,
      error: `Rolegate (pid ${busy.holder.pid}) has ${busy.dir} open, but its control socket ${socket} did not answer (${why}). Retry; if no Rolegate process is running, delete ${busy.lockFile} and retry.`,
    };
  }
}

/** Runs a command the running server can also run, prints what it prints, and sets the exit code (1 when it failed). */
export async function runShellCommand(command: ControlCommand, input: unknown): Promise<void> {
  let reply: ControlReply;
  try {
    getDb();
    reply = await runHere(command, input);
  } catch (error) {
    if (error instanceof DatabaseBusyError) reply = await runOnServer(error, command, input);
    else reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (reply.ok) console.log(reply.output);
  else {
    console.error(reply.error);
    process.exitCode = 1;
  }
}
