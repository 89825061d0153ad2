import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** A sandbox in a process of its own, so its work does not share the measured event loop. */
export type SandboxProcess = { url: string; control: (method: string, route: string, body?: unknown) => Promise<unknown>; stop: () => Promise<void> };

/** Starts `sandbox/main.ts` on a port with a throw-away data directory (or a prepared one), behind `prefix` (e.g. `taskset`), and waits until it answers. */
export async function startSandboxProcess(port: number, options: { dataDir?: string; startTimeoutMs?: number; prefix?: string[] } = {}): Promise<SandboxProcess> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), "rolegate-bench-sandbox-")));
  const command = [...(options.prefix ?? []), process.execPath, "--import", "tsx", "sandbox/main.ts"];
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, SANDBOX_PORT: String(port), SANDBOX_DATA_DIR: dataDir },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const control = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`sandbox ${method} ${route}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  };
  // A prepared data directory with 100,000 roles takes a while to load, longer on a busy machine.
  const giveUpAt = Date.now() + (options.startTimeoutMs ?? 10_000);
  for (;;) {
    try {
      await control("GET", "/_sandbox/info");
      break;
    } catch (error) {
      if (Date.now() > giveUpAt || child.exitCode !== null) {
        child.kill("SIGTERM");
        throw error;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    control,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Median and 95th percentile of a list of numbers. */
export function stats(values: number[]): { median: number; p95: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { median: at(0.5), p95: at(0.95) };
}
