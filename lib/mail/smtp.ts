import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { isLoopbackHost as isLoopback } from "@/lib/security/loopback";

/** SMTP settings as lib/config.ts parses SMTP_URL. */
export type SmtpSettings = { secure: boolean; host: string; port: number; user?: string; password?: string };

/** One outbox row to send. */
export type OutgoingMail = { id: string; recipient: string; subject: string; text: string; html: string };

/** How one attempt went: accepted by the SMTP server, or refused for good (that recipient), or to be retried. */
export type SendResult = { ok: true } | { ok: false; permanent: boolean; error: string };

export type MailSender = { send(mail: OutgoingMail): Promise<SendResult>; close(): void };

/** The domain of the sender's address, for Message-IDs. */
function domainOf(from: string): string {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  return address.split("@").pop()?.trim() || "rolegate.local";
}

/** A stable Message-ID per outbox row: a retry that reaches a mailbox twice is recognisably the same message. */
export function messageIdOf(id: string, from: string): string {
  return `<${id}@${domainOf(from)}>`;
}

/**
 * Why an attempt failed, in words safe to store and show: the server's reply code and text or the
 * network error, never the credentials (nodemailer does not put them in its errors; the URL is
 * never part of the message we build).
 */
function describe(error: unknown): { permanent: boolean; error: string } {
  const e = error as { code?: string; responseCode?: number; response?: string; command?: string; message?: string };
  // Only a recipient refused for good (5xx to RCPT TO) is final; a 5xx for authentication or the
  // message is the partner's configuration and is retried until it is fixed.
  const permanent = e.code === "EENVELOPE" && typeof e.responseCode === "number" && e.responseCode >= 500;
  const text = (e.response ?? e.message ?? String(error)).replace(/\s+/g, " ").slice(0, 300);
  return { permanent, error: [e.responseCode, e.code, text].filter(Boolean).join(" ") };
}

/** Sends over SMTP with nodemailer (a small connection pool, bounded waits). */
export function smtpSender(settings: SmtpSettings, from: string, options: { timeoutMs?: number } = {}): MailSender {
  const timeout = options.timeoutMs ?? 30_000;
  const transportOptions: SMTPTransport.Options = {
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    // A password never crosses the network in clear: smtp:// with a user must upgrade with STARTTLS
    // (loopback excepted, for a relay on the same host).
    requireTLS: !settings.secure && Boolean(settings.user) && !isLoopback(settings.host),
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? "" } } : {}),
    connectionTimeout: Math.min(timeout, 10_000),
    greetingTimeout: Math.min(timeout, 10_000),
    socketTimeout: timeout,
    logger: false,
    debug: false,
  };
  const transport = nodemailer.createTransport(transportOptions);
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from,
          to: mail.recipient,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: messageIdOf(mail.id, from),
          headers: { "Auto-Submitted": "auto-generated" },
        });
        return { ok: true };
      } catch (error) {
        return { ok: false, ...describe(error) };
      }
    },
    close: () => transport.close(),
  };
}
