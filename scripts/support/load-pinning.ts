import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";

/**
 * Where `bench:load` runs what: each app server alone on its own core (instance i on core i), and
 * everything else (the sandbox, PostgreSQL, the proxy, this load generator) on the remaining cores,
 * with `taskset`, so that an instance's capacity is one core's and not whatever it wins from its
 * neighbours. Where that cannot be done, it says why.
 */
export type Pinning = {
  /** Whether each instance has a core of its own. */
  pinned: boolean;
  /** Prefix for instance i's command (`taskset -c i`), empty when not pinned. */
  app: (instance: number) => string[];
  /** Prefix for the other processes' commands. */
  others: string[];
  /** One line for the output: what is pinned where, or why nothing is. */
  note: string;
  /** Moves this process (all its threads) and every local PostgreSQL process to the other cores; undone by `restore`. */
  pinNeighbours(): void;
  restore(): void;
};

const run = (command: string, args: string[]) => spawnSync(command, args, { encoding: "utf8" });

export function planPinning(wanted: boolean, instances = 1): Pinning {
  const cores = availableParallelism();
  const none = (why: string): Pinning => ({ pinned: false, app: () => [], others: [], note: `not pinned: ${why}`, pinNeighbours: () => {}, restore: () => {} });
  if (!wanted) return none("--no-pin");
  if (cores < instances + 1) {
    const what = instances === 1 ? "next start" : `the ${instances} instances, nginx`;
    return none(`${cores} core(s), and pinning needs ${instances + 1}: ${what}, the sandbox, PostgreSQL and the load generator share them`);
  }
  if (run("taskset", ["--version"]).status !== 0) return none("no taskset on this machine (util-linux)");
  const all = `0-${cores - 1}`;
  const rest = cores === instances + 1 ? String(instances) : `${instances}-${cores - 1}`;
  const appCores = instances === 1 ? "next start on core 0" : `instance i of next start on core i (0 to ${instances - 1})`;
  let postgres = "PostgreSQL not pinned yet";
  return {
    pinned: true,
    app: (instance) => ["taskset", "-c", String(instance)],
    others: ["taskset", "-c", rest],
    get note() {
      return `pinned: ${appCores}; sandbox${instances > 1 ? ", nginx" : ""} and load generator on core ${rest} (of ${cores}); ${postgres}`;
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
