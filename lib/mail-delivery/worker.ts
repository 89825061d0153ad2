import pLimit, { type LimitFunction } from "p-limit";
import { Alarm } from "@/lib/background/alarm";
import { type ClaimedMail, claimMail, recordMailOutcome, releaseMail } from "@/lib/dal/mail-outbox";
import { enqueueDailyDigest, fanOutMailEvents } from "@/lib/dal/mail-fanout";
import { onEventsCommitted } from "@/lib/events/notify";
import { logger } from "@/lib/log";
import { onMailQueued } from "@/lib/mail/notify";
import { mailRetryDelayMs } from "@/lib/mail/schedule";
import type { MailSender } from "@/lib/mail/smtp";

export type MailWorkerSettings = {
  /** Messages in flight at once, per instance. */
  concurrency: number;
  /** Events read per fan-out. */
  fanOutBatch: number;
  /** How often the log and the outbox are looked at when nothing nudges the worker. */
  pollMs: number;
  /** How often the daily digest is looked at (it is queued once per admin per day whatever this is). */
  digestEveryMs: number;
  /** A claimed message is claimed again by anyone once this passes (its worker died mid-send). */
  leaseMs: number;
  /** When to try again after `attempts` failures (null: give up). */
  retryDelayMs: (attempts: number) => number | null;
};

export const MAIL_SETTINGS: MailWorkerSettings = {
  concurrency: 4,
  fanOutBatch: 500,
  pollMs: 2_000,
  digestEveryMs: 10 * 60_000,
  leaseMs: 5 * 60_000,
  retryDelayMs: (attempts) => mailRetryDelayMs(attempts),
};

/**
 * Turns events into mail and sends the outbox. Every instance runs one: the event cursor and the
 * outbox rows are shared through the database (FOR UPDATE SKIP LOCKED and a lease). Without a
 * sender (no SMTP_URL) it still queues mail, which stays in the outbox for /admin/mail. A message
 * is marked sent as soon as the SMTP server accepts it, so it goes twice only if this process dies
 * between that acceptance and the next statement; a crash before sending loses nothing.
 */
export class MailWorker {
  private readonly settings: MailWorkerSettings;
  private readonly limit: LimitFunction;
  private readonly held = new Set<string>();
  private readonly alarm = new Alarm();
  private stopping = false;
  private loop: Promise<void> | undefined;
  private nudged = false;
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly sender: MailSender | null,
    settings: Partial<MailWorkerSettings> = {},
  ) {
    this.settings = { ...MAIL_SETTINGS, ...settings };
    this.limit = pLimit(this.settings.concurrency);
  }

  /** Starts the loop (idempotent); events and mail committed in this process wake it at once. */
  start(): this {
    if (this.unsubscribe.length === 0) this.unsubscribe = [onEventsCommitted(() => this.nudge()), onMailQueued(() => this.nudge())];
    this.loop ??= this.run();
    return this;
  }

  /** Stops claiming and waits for the sends in flight and their outcomes. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const off of this.unsubscribe) off();
    this.alarm.wake();
    await this.loop;
    while (this.limit.activeCount + this.limit.pendingCount > 0) await new Promise((r) => setTimeout(r, 20));
    this.sender?.close();
  }

  /** Looks at the log and the outbox now rather than at the next poll. */
  nudge(): void {
    this.nudged = true;
    this.alarm.wake();
  }

  private async run(): Promise<void> {
    let lastDigest = 0;
    while (!this.stopping) {
      this.nudged = false;
      try {
        while ((await fanOutMailEvents(this.settings.fanOutBatch)) === this.settings.fanOutBatch && !this.stopping);
        if (Date.now() - lastDigest >= this.settings.digestEveryMs) {
          lastDigest = Date.now();
          await enqueueDailyDigest();
        }
        const room = this.settings.concurrency - this.held.size;
        if (this.sender && room > 0 && !this.stopping) {
          for (const mail of await claimMail(room, this.settings.leaseMs)) this.schedule(mail, this.sender);
        }
      } catch (error) {
        logger().error({ err: error }, "mail worker: loop error; retrying");
      }
      if (!this.nudged && !this.stopping) await this.alarm.nap(this.settings.pollMs);
    }
  }

  private schedule(mail: ClaimedMail, sender: MailSender): void {
    this.held.add(mail.id);
    void this.limit(async () => {
      try {
        if (this.stopping) return await releaseMail(mail);
        const result = await sender.send(mail);
        const retryInMs = result.ok || result.permanent ? null : this.settings.retryDelayMs(mail.attempts);
        const recorded = await recordMailOutcome(result.ok ? { id: mail.id, attempts: mail.attempts, ok: true } : { id: mail.id, attempts: mail.attempts, ok: false, error: result.error, retryInMs });
        if (!result.ok) {
          // The recipient's address is personal data: the id is enough to find the row.
          logger().warn({ mailId: mail.id, attempt: mail.attempts, error: result.error, retryInMs }, retryInMs === null ? "mail: not sent, giving up" : "mail: not sent, will retry");
        } else if (!recorded) {
          logger().warn({ mailId: mail.id }, "mail: sent after its lease was taken over; it may arrive twice");
        }
      } catch (error) {
        // Left to its lease: claimed again later, by any instance.
        logger().error({ err: error, mailId: mail.id }, "mail worker: attempt failed to run; it will be retried after its lease");
      } finally {
        this.held.delete(mail.id);
        this.alarm.wake();
      }
    });
  }
}
