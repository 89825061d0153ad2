import { randomBytes } from "node:crypto";
import { chmodSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import path from "node:path";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { createApiKeyFromShell } from "@/lib/dal/api-keys";
import { isDalError } from "@/lib/dal/errors";
import { createAdmin } from "@/lib/dal/users";
import { updatePgliteLock } from "@/lib/db/pglite-lock";
import { logger } from "@/lib/log";
import { createApiKeySchema } from "@/lib/schemas/api-keys";
import { emailSchema, personName } from "@/lib/schemas/auth";

/**
 * The shell commands that must work while the server runs on PGlite, which lets one process at a
 * time open its directory: `npm run admin:create` and `npm run api-key:create` run them in their
 * own process when the directory is free, and otherwise send them to the server on a Unix socket
 * beside the directory (mode 0600: only the user who can read the database files may connect).
 * One JSON line each way: `{"command", "input"}` → `{"ok": true, "output"}` or `{"ok": false, "error"}`,
 * where output and error are exactly what the command prints.
 */

export type ControlReply = { ok: true; output: string } | { ok: false; error: string };

/** admin:create's input: the e-mail, and a name ("Partner admin" when none is given). */
export const adminCreateSchema = z.object({ email: emailSchema, name: personName.default("Partner admin") });

function shellCommand<S extends z.ZodType>(schema: S, run: (input: z.output<S>) => Promise<string>) {
  return async (raw: unknown): Promise<ControlReply> => {
    const input = schema.safeParse(raw);
    if (!input.success) return { ok: false, error: input.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n") };
    try {
      return { ok: true, output: await run(input.data) };
    } catch (error) {
      if (isDalError(error)) return { ok: false, error: error.message };
      throw error;
    }
  };
}

export const CONTROL_COMMANDS = {
  "admin:create": shellCommand(adminCreateSchema, async ({ email, name }) => {
    const password = randomBytes(18).toString("base64url");
    await createAdmin({ email, name, password, passwordChangeRequired: true });
    return `Partner admin created: ${email}\nOne-time password:     ${password}\n(shown only now; a new password is chosen at first sign-in)`;
  }),
  "api-key:create": shellCommand(createApiKeySchema, async (input) => {
    const key = await createApiKeyFromShell(input);
    return `API key created: ${key.name} (${key.scope}, id ${key.id})\n\n  ${key.key}\n\nShown only now: store it in your secret manager. Revoke it at /admin/api-keys.`;
  }),
};
export type ControlCommand = keyof typeof CONTROL_COMMANDS;

const MAX_LINE = 64 * 1024;
const requestSchema = z.object({ command: z.string().max(100), input: z.unknown() });

/** The socket of a PGlite directory's server: beside the directory and its lock. */
export function controlSocketPath(dir: string): string {
  return `${path.resolve(dir)}.sock`;
}

async function answer(line: string): Promise<ControlReply> {
  let request: z.infer<typeof requestSchema>;
  try {
    request = requestSchema.parse(JSON.parse(line));
  } catch {
    return { ok: false, error: 'Bad request: send one JSON object per line, {"command": "…", "input": {…}}.' };
  }
  if (!Object.hasOwn(CONTROL_COMMANDS, request.command)) {
    return { ok: false, error: `Unknown command ${JSON.stringify(request.command)}: this socket runs ${Object.keys(CONTROL_COMMANDS).join(" and ")}.` };
  }
  const name = request.command as ControlCommand;
  try {
    const reply = await CONTROL_COMMANDS[name](request.input);
    logger().info({ command: name, ok: reply.ok }, "control socket: command");
    return reply;
  } catch (error) {
    logger().error({ command: name, err: error }, "control socket: command failed");
    return { ok: false, error: `${name} failed in the server (pid ${process.pid}); its log says why.` };
  }
}

/** Answers each line of a connection in turn; a line over 64 KiB ends it. Nothing a client sends can throw out of here. */
function serve(socket: Socket): void {
  socket.setTimeout(30_000, () => socket.destroy());
  socket.on("error", () => {});
  let pending = Buffer.alloc(0);
  let queue = Promise.resolve();
  const line = (reply: ControlReply) => `${JSON.stringify(reply)}\n`;
  const then = (step: () => Promise<unknown> | unknown) => (queue = queue.then(step).then(() => {}, () => void socket.destroy()));
  const onData = (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (let end = pending.indexOf(10); ; end = pending.indexOf(10)) {
      if (end === -1 ? pending.length > MAX_LINE : end > MAX_LINE) {
        socket.off("data", onData).pause();
        then(() => socket.end(line({ ok: false, error: `Request too long: at most ${MAX_LINE} bytes per line.` })));
        return;
      }
      if (end === -1) return;
      const request = pending.subarray(0, end).toString("utf8");
      pending = pending.subarray(end + 1);
      then(async () => socket.writable && socket.write(line(await answer(request))));
    }
  };
  socket.on("data", onData);
}

function listen(server: Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    // Created 0600 from the start (bind happens inside listen()): no moment when others may connect.
    const umask = process.umask(0o177);
    try {
      server.listen(socketPath, () => {
        server.off("error", reject);
        resolve();
      });
    } finally {
      process.umask(umask);
    }
  });
}

const globalForControl = globalThis as unknown as { rolegateControlSocket?: Server };

/** On PGlite, listens for admin:create and api-key:create from the shell and records the socket in the directory's lock; once per process. */
export async function startControlSocket(): Promise<void> {
  const { database } = getConfig();
  if (database.kind !== "pglite" || database.dir.startsWith("memory://") || globalForControl.rolegateControlSocket) return;
  const socketPath = controlSocketPath(database.dir);
  // Without the socket the server runs as before; only those two commands must wait for it to stop.
  const unavailable = (why: string, error?: unknown) =>
    logger().warn({ err: error, socketPath }, `control socket: ${why}; admin:create and api-key:create cannot run while this server does`);
  try {
    updatePgliteLock(database.dir, { role: "server" });
    // Unix socket paths are limited to about 100 bytes.
    if (Buffer.byteLength(socketPath) > 100) return unavailable("path too long");
    const server = createServer(serve);
    server.maxConnections = 8;
    // Whatever is there was left by a process that held this directory before us and died.
    rmSync(socketPath, { force: true });
    await listen(server, socketPath);
    chmodSync(socketPath, 0o600);
    server.on("error", (error) => logger().warn({ err: error }, "control socket: error"));
    process.on("exit", () => rmSync(socketPath, { force: true }));
    globalForControl.rolegateControlSocket = server;
    updatePgliteLock(database.dir, { controlSocket: socketPath });
  } catch (error) {
    unavailable("cannot listen", error);
  }
}
