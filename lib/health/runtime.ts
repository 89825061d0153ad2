import "server-only";
import { getConfig } from "@/lib/config";
import { logger } from "@/lib/log";
import { formatInterval } from "./interval";
import { HealthScheduler } from "./scheduler";

const globalForHealth = globalThis as unknown as { rolegateHealthScheduler?: HealthScheduler };

/**
 * Starts this process's health-check scheduler, once (dev reloads included), unless
 * HEALTH_CHECK_INTERVAL is `off`, and stops it on SIGTERM or SIGINT: checks not started yet are
 * handed back due as they were. Every instance runs one; the database gives each check to one.
 */
export function startHealthScheduler(): void {
  const { intervalMs } = getConfig().health;
  if (globalForHealth.rolegateHealthScheduler || intervalMs === null) {
    if (intervalMs === null) logger().info("scheduled health checks are off (HEALTH_CHECK_INTERVAL=off)");
    return;
  }
  const scheduler = new HealthScheduler({ intervalMs }).start();
  globalForHealth.rolegateHealthScheduler = scheduler;
  const stop = () => {
    scheduler.stop().catch((error: unknown) => logger().warn({ err: error }, "health checks: stop failed"));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  logger().info({ interval: formatInterval(intervalMs) }, "scheduled health checks started");
}
