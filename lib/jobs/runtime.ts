import { logger } from "@/lib/log";
import { JobWorker } from "./worker";

const globalForJobs = globalThis as unknown as { rolegateJobWorker?: JobWorker };

/**
 * Starts this process's bulk-job worker, once (dev reloads included), and stops it on SIGTERM or
 * SIGINT: no new claims, unstarted items handed back at once. Next.js exits on those signals on
 * its own; a verification still in flight then is claimed again by any instance when its lease ends.
 */
export function startJobWorker(): void {
  if (globalForJobs.rolegateJobWorker) return;
  const worker = new JobWorker().start();
  globalForJobs.rolegateJobWorker = worker;
  const stop = () => {
    worker.stop().catch((error: unknown) => logger().warn({ err: error }, "bulk worker: stop failed"));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  logger().info("bulk re-verification worker started");
}
