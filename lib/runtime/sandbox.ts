import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import type { Config } from "@/lib/config";
import { logger } from "@/lib/log";

type SandboxInfo = { partner: { accountId: string; arn: string; accessKeyId: string; secretAccessKey: string }; stsEndpoint: string };

const globalForSandbox = globalThis as unknown as { rolegateSandbox?: ChildProcess };

/** How long a sandbox process may take to answer after it was started. */
const START_TIMEOUT_MS = 30_000;

/** The sandbox's partner identity, if one answers at the configured URL. */
export async function sandboxInfo(url: string): Promise<SandboxInfo | null> {
  try {
    const response = await fetch(`${url}/_sandbox/info`, { signal: AbortSignal.timeout(1500) });
    return response.ok ? ((await response.json()) as SandboxInfo) : null;
  } catch {
    return null;
  }
}

/**
 * Makes sure a sandbox answers at SANDBOX_PORT: reuses one already running there (`npm run
 * sandbox`), or starts `sandbox/main.ts` as a process of its own. The sandbox's code (which mints
 * simulated credentials) is never loaded into the app: the app reaches it over HTTP only, as it
 * reaches AWS. The child ends with this process (it watches the IPC channel to its parent).
 */
export async function ensureSandbox(config: Config): Promise<void> {
  if (globalForSandbox.rolegateSandbox || (await sandboxInfo(config.sandbox.url))) return;
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("sandbox/main.ts")], {
    // Only what the sandbox reads: none of the app's own secrets.
    env: { NODE_ENV: config.nodeEnv, SANDBOX_PORT: String(config.sandbox.port), SANDBOX_DATA_DIR: config.sandbox.dataDir, SANDBOX_QUIET: "1" },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  globalForSandbox.rolegateSandbox = child;
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    for (const line of chunk.split("\n")) if (line.trim()) logger().info({ component: "sandbox" }, line.trim());
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.once("exit", (code, signal) => {
    if (globalForSandbox.rolegateSandbox === child) globalForSandbox.rolegateSandbox = undefined;
    logger().warn({ component: "sandbox", code, signal }, "sandbox process exited");
  });
  for (const event of ["exit", "SIGTERM", "SIGINT"] as const) process.once(event, () => child.kill("SIGTERM"));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await sandboxInfo(config.sandbox.url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`the sandbox did not start on port ${config.sandbox.port}: ${stderr.trim() || "no answer"}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  logger().info({ component: "sandbox", pid: child.pid, url: config.sandbox.url }, "sandbox process started");
}

/** Stops a sandbox this process started (scripts; the server keeps it running). */
export async function stopSandbox(): Promise<void> {
  const running = globalForSandbox.rolegateSandbox;
  globalForSandbox.rolegateSandbox = undefined;
  if (!running || running.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    running.once("exit", () => resolve());
    running.kill("SIGTERM");
  });
}
