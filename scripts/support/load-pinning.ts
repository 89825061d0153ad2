import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";

/**
 * Where `bench:load` runs what: the app server alone on core 0, and everything else (the sandbox,
 * PostgreSQL, this load generator) on the other cores, with `taskset`, so that the app's capacity is
 * one core's and not whatever it wins from its neighbours. Where that cannot be done, it says why.
 */
export type Pinning = {
  /** Prefix for the app's command (`taskset -c 0`), empty when not pinned. */
  app: string[];
  /** Prefix for the other processes' commands. */
  others: string[];
  /** One line for the output: what is pinned where, or why nothing is. */
  note: string;
  /** Moves this process (all its threads) and every local PostgreSQL process to the other cores; undone by `restore`. */
  pinNeighbours(): void;
  restore(): void;
};

const run = (command: string, args: string[]) => spawnSync(command, args, { encoding: "utf8" });

export function planPinning(wanted: boolean): Pinning {
  const cores = availableParallelism();
  const none = (why: string): Pinning => ({ app: [], others: [], note: `not pinned: ${why}`, pinNeighbours: () => {}, restore: () => {} });
  if (!wanted) return none("--no-pin");
  if (cores < 2) return none(`${cores} core`);
  if (run("taskset", ["--version"]).status !== 0) return none("no taskset on this machine (util-linux)");
  const all = `0-${cores - 1}`;
  const rest = cores === 2 ? "1" : `1-${cores - 1}`;
  let postgres = "PostgreSQL not pinned yet";
  return {
    app: ["taskset", "-c", "0"],
    others: ["taskset", "-c", rest],
    get note() {
      return `pinned: next start on core 0; sandbox and load generator on core ${rest} (of ${cores}); ${postgres}`;
    },
    pinNeighbours() {
      run("taskset", ["-a", "-p", "-c", rest, String(process.pid)]);
      // New backends inherit the postmaster's affinity, so pinning the running processes covers them.
      const pids = postgresPids();
      const moved = pids.filter((pid) => run("taskset", ["-a", "-p", "-c", rest, pid]).status === 0);
      if (pids.length === 0) postgres = "PostgreSQL not pinned (no local postgres process: it shares no core with the app only if it runs elsewhere)";
      else if (moved.length < pids.length) postgres = `PostgreSQL not pinned (taskset refused ${pids.length - moved.length} of its ${pids.length} processes: run as root or as its owner)`;
      else postgres = `PostgreSQL on core ${rest} too`;
    },
    restore() {
      for (const pid of postgresPids()) run("taskset", ["-a", "-p", "-c", all, pid]);
      run("taskset", ["-a", "-p", "-c", all, String(process.pid)]);
    },
  };
}

/** The local PostgreSQL server's processes (none when it runs elsewhere or cannot be seen). */
function postgresPids(): string[] {
  const found = run("pgrep", ["-x", "postgres"]);
  return found.status === 0 ? found.stdout.split("\n").filter((l) => /^\d+$/.test(l.trim())).map((l) => l.trim()) : [];
}
