import type { Config } from "@/lib/config";
import { logger } from "@/lib/log";

type SandboxInfo = { partner: { accountId: string; arn: string; accessKeyId: string; secretAccessKey: string }; stsEndpoint: string };

const globalForSandbox = globalThis as unknown as { rolegateSandbox?: { close(): Promise<void> } };

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
 * Makes sure a sandbox answers at SANDBOX_PORT: reuses one already running there
 * (`npm run sandbox`), or starts one inside this process.
 */
export async function ensureSandbox(config: Config): Promise<void> {
  if (globalForSandbox.rolegateSandbox || (await sandboxInfo(config.sandbox.url))) return;
  const { startSandbox } = await import("@/sandbox/server");
  globalForSandbox.rolegateSandbox = await startSandbox({
    port: config.sandbox.port,
    dataDir: config.sandbox.dataDir,
    log: (message) => logger().info({ component: "sandbox" }, message),
  });
}

/** Stops a sandbox this process started (scripts; the server keeps it running). */
export async function stopSandbox(): Promise<void> {
  const running = globalForSandbox.rolegateSandbox;
  globalForSandbox.rolegateSandbox = undefined;
  await running?.close();
}
