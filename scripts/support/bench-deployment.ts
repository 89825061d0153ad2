import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** A port the system has free now (for a sandbox the benchmark starts). */
function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A benchmark's own deployment, configured as an operator would configure one: a temporary data
 * directory and the sandbox on a free port, set in the environment before the configuration is read.
 */
export async function benchDeployment(name: string): Promise<{ port: number; work: string }> {
  const port = await freePort();
  const work = await mkdtemp(path.join(tmpdir(), `rolegate-bench-${name}-`));
  process.env.DATA_DIR = work;
  process.env.AWS_MODE = "sandbox";
  process.env.SANDBOX_PORT = String(port);
  process.env.LOG_LEVEL = "warn";
  return { port, work };
}
