import "server-only";
import { getConfig } from "@/lib/config";
import { logger } from "@/lib/log";
import { RegistrationWorker } from "./worker";
import type { ResponseTarget } from "./response-url";

const globalForRegistration = globalThis as unknown as { rolegateRegistrationWorker?: RegistrationWorker };

/** Where answers may go, from the configuration. */
export function responseTarget(): ResponseTarget {
  const config = getConfig();
  return config.aws.mode === "sandbox" ? { mode: "sandbox", sandboxUrl: config.sandbox.url } : { mode: "aws" };
}

/**
 * Starts this process's registration worker, once (dev reloads included), when registration is
 * configured, and stops it on SIGTERM or SIGINT. Every instance runs one; they share the requests.
 */
export function startRegistrationWorker(): void {
  if (globalForRegistration.rolegateRegistrationWorker || !getConfig().registration) return;
  const worker = new RegistrationWorker({}, { target: responseTarget }).start();
  globalForRegistration.rolegateRegistrationWorker = worker;
  const stop = () => {
    worker.stop().catch((error: unknown) => logger().warn({ err: error }, "registration worker: stop failed"));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  logger().info("registration worker started");
}

/** Wakes this process's worker for a request just stored (other instances find it at their next poll). */
export function nudgeRegistrationWorker(): void {
  globalForRegistration.rolegateRegistrationWorker?.nudge();
}
