import { getConfig } from "@/lib/config";
import { logger } from "@/lib/log";
import { WebhookWorker } from "./worker";

const globalForWebhooks = globalThis as unknown as { rolegateWebhookWorker?: WebhookWorker };

/**
 * Starts this process's webhook delivery worker, once (dev reloads included), and stops it on
 * SIGTERM or SIGINT. Every instance runs one; they share the deliveries through the database.
 */
export function startWebhookWorker(): void {
  if (globalForWebhooks.rolegateWebhookWorker) return;
  const worker = new WebhookWorker({ allowPrivate: getConfig().webhooks.allowPrivate }).start();
  globalForWebhooks.rolegateWebhookWorker = worker;
  const stop = () => {
    worker.stop().catch((error: unknown) => logger().warn({ err: error }, "webhook worker: stop failed"));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  logger().info({ allowPrivate: getConfig().webhooks.allowPrivate }, "webhook delivery worker started");
}
