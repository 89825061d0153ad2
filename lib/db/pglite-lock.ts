import { closeSync, existsSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { constants, hostname } from "node:os";
import path from "node:path";
import { z } from "zod";

/**
 * One process at a time per PGlite data directory. PGlite is PostgreSQL inside one process, with
 * no postmaster to share buffers or WAL: a second process on the same files writes over the
 * first's log, and the directory may no longer open ("could not locate a valid checkpoint
 * record"). The opener holds `<dir>.lock` (JSON: who, since when, its control socket) until it
 * closes the database or exits; a lock whose process is gone is taken over.
 */

const holderSchema = z.object({
  pid: z.number().int(),
  host: z.string().optional(),
  role: z.enum(["server", "command"]),
  startedAt: z.iso.datetime(),
  controlSocket: z.string().optional(),
});

/** Who holds a PGlite directory: the server (`next start`/`next dev`) or a command (seed, admin:create, …). */
export type PgliteLockHolder = z.infer<typeof holderSchema>;

/** The PGlite directory is open in another process; `holder` says which, the message what to do. */
export class DatabaseBusyError extends Error {
  override name = "DatabaseBusyError";
  constructor(
    /** The directory as configured (`./data/pglite`). */
    readonly dir: string,
    readonly lockFile: string,
    readonly holder: PgliteLockHolder,
  ) {
    const who = holder.role === "server" ? "Rolegate's server" : "a Rolegate command";
    const advice =
      holder.role === "server"
        ? "Stop it first (Ctrl-C in its terminal), or use PostgreSQL (DATABASE_URL) to share one database between processes."
        : "Retry when it has finished.";
    super(`${dir} is in use by ${who} (${describeHolder(holder, lockFile)}): PGlite opens a data directory in one process at a time. ${advice}`);
  }
}

/** "pid 1234, since …", with the host and the way out when the pid cannot be checked from here. */
export function describeHolder(holder: PgliteLockHolder, lockFile: string): string {
  const started = new Date(holder.startedAt);
  const today = started.toDateString() === new Date().toDateString();
  const since = new Intl.DateTimeFormat(undefined, today ? { timeStyle: "medium" } : { dateStyle: "medium", timeStyle: "medium" }).format(started);
  if (!holder.host || holder.host === hostname()) return `pid ${holder.pid}, since ${since}`;
  return `pid ${holder.pid} on host ${holder.host}, since ${since}; if it no longer runs there, delete ${lockFile}`;
}

/** The lock file of a PGlite directory: a sibling, so that it is never part of the data (one file whatever symlink leads there). */
export function pgliteLockFile(dir: string): string {
  return `${existsSync(dir) ? realpathSync(dir) : path.resolve(dir)}.lock`;
}

type LockState = { held: Map<string, PgliteLockHolder>; onSignal?: (signal: NodeJS.Signals) => void };
// On globalThis: Next.js may load this module more than once (instrumentation and route bundles).
const globalForLock = globalThis as unknown as { rolegatePgliteLocks?: LockState };
const state: LockState = (globalForLock.rolegatePgliteLocks ??= { held: new Map() });

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const ageMs = (file: string) => Date.now() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());

function readText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return null;
    throw error;
  }
}

function parseHolder(text: string | null): PgliteLockHolder | null {
  try {
    return text ? holderSchema.parse(JSON.parse(text)) : null;
  } catch {
    return null;
  }
}

/** Whether the holder may still have the directory open. On another host its pid means nothing here: assume it does. */
function isRunning(holder: PgliteLockHolder): boolean {
  if (holder.host && holder.host !== hostname()) return true;
  // Our own pid, yet not held by us: left by an earlier process that had it (containers reuse small pids).
  if (holder.pid === process.pid || holder.pid <= 0) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === "EPERM";
  }
}

function create(file: string, holder: PgliteLockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, "wx", 0o600);
  } catch (error) {
    if (errorCode(error) === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Removes a stale lock if it still reads `seen`; one process at a time (a short-lived guard file), so a fresh lock is never removed. */
function removeStale(file: string, seen: string): void {
  const guard = `${file}.takeover`;
  if (!create(guard, { pid: process.pid, host: hostname(), role: "command", startedAt: new Date().toISOString() })) {
    // Another opener is at it (a moment), or died at it (then the guard is old).
    if (ageMs(guard) > 5_000) rmSync(guard, { force: true });
    else sleep(10);
    return;
  }
  try {
    if (readText(file) !== seen) return;
    rmSync(file, { force: true });
    // A server that died leaves its control socket behind, which nothing answers.
    const socket = parseHolder(seen)?.controlSocket;
    if (socket && statSync(socket, { throwIfNoEntry: false })?.isSocket()) rmSync(socket, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
}

// The Next.js server: `next start`, or the process `next dev` forks. It also declares itself once its control socket listens.
const processRole = (): PgliteLockHolder["role"] => (["next", "start-server.js"].includes(path.basename(process.argv[1] ?? "")) ? "server" : "command");

/**
 * Takes the lock of a PGlite directory for this process, or throws DatabaseBusyError naming the
 * process that has it. Returns the release function (also run on exit, SIGINT and SIGTERM).
 */
export function acquirePgliteLock(dir: string): () => void {
  const file = pgliteLockFile(dir);
  if (state.held.has(file)) throw new Error(`${dir} is already open in this process.`);
  const mine: PgliteLockHolder = { pid: process.pid, host: hostname(), role: processRole(), startedAt: new Date().toISOString() };
  mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; !create(file, mine); attempt++) {
    if (attempt > 100) throw new Error(`Could not take over the lock ${file}: delete it if no Rolegate process uses ${dir}, and retry.`);
    const seen = readText(file);
    if (seen === null) continue;
    const holder = parseHolder(seen);
    if (holder && isRunning(holder)) throw new DatabaseBusyError(dir, file, holder);
    // Unreadable for a moment: its writer has created it and is writing it.
    if (!holder && ageMs(file) < 1_000) sleep(20);
    else removeStale(file, seen);
  }
  state.held.set(file, mine);
  watchExit();
  return () => release(file);
}

/** Records what the holding process has become (the server, its control socket) in its lock. */
export function updatePgliteLock(dir: string, patch: Partial<Pick<PgliteLockHolder, "role" | "controlSocket">>): void {
  const file = pgliteLockFile(dir);
  const mine = state.held.get(file);
  if (!mine) throw new Error(`${dir} is not open in this process.`);
  Object.assign(mine, patch);
  const next = `${file}.${process.pid}.tmp`;
  writeFileSync(next, JSON.stringify(mine), { mode: 0o600 });
  renameSync(next, file);
}

function release(file: string): void {
  const mine = state.held.get(file);
  if (!mine) return;
  state.held.delete(file);
  const current = parseHolder(readText(file));
  if (current?.pid === mine.pid && current.startedAt === mine.startedAt) rmSync(file, { force: true });
  if (state.held.size === 0 && state.onSignal) {
    for (const signal of SIGNALS) process.off(signal, state.onSignal);
    state.onSignal = undefined;
  }
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const releaseAll = () => [...state.held.keys()].forEach(release);

/**
 * Releases on exit. A signal ends the process without an exit event: when nobody else listens
 * for it (a script), exit as the signal would; otherwise (Next.js) whoever listens exits in its
 * time, and the lock is held until then, since the database is open until then.
 */
function watchExit(): void {
  if (state.onSignal) return;
  if (!process.listeners("exit").includes(releaseAll)) process.on("exit", releaseAll);
  state.onSignal = (signal) => {
    if (process.listenerCount(signal) === 1) process.exit(128 + constants.signals[signal]);
  };
  for (const signal of SIGNALS) process.on(signal, state.onSignal);
}
