import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

/** A throw-away data directory and the environment that points Rolegate's processes at its PGlite directory. */
export type Workspace = { root: string; dir: string; lockFile: string; env: NodeJS.ProcessEnv; remove: () => Promise<void> };

export async function workspace(): Promise<Workspace> {
  const root = await mkdtemp(path.join(tmpdir(), "rolegate-cli-"));
  const dir = path.join(root, "pglite");
  // PGlite even when the suite runs on PostgreSQL: the one-process rule is PGlite's.
  const { DATABASE_URL: _postgres, ...rest } = process.env;
  const env = { ...rest, DATA_DIR: root, PGLITE_DATA_DIR: dir, LOG_LEVEL: "silent" };
  return { root, dir, lockFile: `${dir}.lock`, env, remove: () => rm(root, { recursive: true, force: true }) };
}

/** What an operator sees after a command: its exit code and output. */
export type Run = { code: number | null; stdout: string; stderr: string };

/** Runs a TypeScript entry point (a script in `scripts/`, or a test process) the way `npm run` does. */
export function run(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ["--conditions=react-server", script, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A long-running test process: its first line, and then JSON questions on stdin answered one line each. */
export type Holder = {
  /** The first line it printed: "ready <pid>" once it holds the directory, or why not. */
  first: string;
  /** The pid of the process itself (the one in the lock file), not of the tsx launcher. */
  pid: number;
  /** Writes a line and resolves with the next line it prints. */
  say: (line: string) => Promise<string>;
  ask: (question: object) => Promise<Record<string, unknown>>;
  /** Sends a signal, as Ctrl-C or a service manager would, and resolves with the exit code (null: killed by the signal). */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  /** Closes its stdin (lock-process.ts then exits). */
  release: () => Promise<number | null>;
};

/** Starts a test process (server-process.ts, lock-process.ts) and waits for its first line. */
export async function startHolder(script: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<Holder> {
  const child: ChildProcessWithoutNullStreams = spawn(TSX, ["--conditions=react-server", script, ...args], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.on("error", () => {}); // written to after it exited
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const next = async (what: string) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} from ${script}: ${stderr.slice(-2000)}`)), timeoutMs)));
    try {
      const line = await Promise.race([lines.next(), late]);
      if (line.done) throw new Error(`${script} exited before its ${what}: ${stderr.slice(-2000)}`);
      return line.value;
    } finally {
      clearTimeout(timer);
    }
  };
  const first = await next("first line");
  const pid = first.startsWith("ready ") ? Number(first.slice(6)) : -1;
  const holder: Holder = {
    first,
    pid,
    say: async (line) => {
      child.stdin.write(`${line}\n`);
      return next("answer");
    },
    ask: async (question) => JSON.parse(await holder.say(JSON.stringify(question))) as Record<string, unknown>,
    stop: async (signal = "SIGTERM") => {
      // Only the process that said "ready <pid>": a pid of -1 would signal every process.
      if (pid > 0 && child.exitCode === null) {
        try {
          process.kill(pid, signal);
        } catch {
          child.kill(signal);
        }
      } else if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    release: async () => {
      child.stdin.end();
      return exited;
    },
  };
  return holder;
}

/** A pid that belonged to a process that has exited. */
export function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    child.on("exit", () => resolve(child.pid!));
  });
}
