import { getConfig } from "@/lib/config";
import { logger } from "@/lib/log";
import { smtpSender } from "@/lib/mail/smtp";
import { MailWorker } from "./worker";

const globalForMail = globalThis as unknown as { rolegateMailWorker?: MailWorker };

/**
 * Starts this process's mail worker, once (dev reloads included), and stops it on SIGTERM or
 * SIGINT. Without SMTP_URL it queues mail without sending it (read it at /admin/mail).
 */
export function startMailWorker(): void {
  if (globalForMail.rolegateMailWorker) return;
  const { mail } = getConfig();
  const sender = mail.smtp ? smtpSender(mail.smtp, mail.from) : null;
  const worker = new MailWorker(sender).start();
  globalForMail.rolegateMailWorker = worker;
  const stop = () => {
    worker.stop().catch((error: unknown) => logger().warn({ err: error }, "mail worker: stop failed"));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  // Host and port only: the URL carries the SMTP password.
  logger().info(
    mail.smtp ? { smtpHost: mail.smtp.host, smtpPort: mail.smtp.port, tls: mail.smtp.secure, from: mail.from } : { smtp: "none: mail is kept at /admin/mail" },
    "mail worker started",
  );
}
