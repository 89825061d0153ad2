import pLimit, { type LimitFunction } from "p-limit";
import { Alarm } from "@/lib/background/alarm";
import { BatchedWrites } from "@/lib/background/batched-writes";
import { Webhook } from "standardwebhooks";
import { WEBHOOK_SECRET_PURPOSE } from "@/lib/dal/webhooks";
import { type AttemptOutcome, type ClaimedDelivery, claimDeliveries, fanOutEvents, recordAttempts, releaseDeliveries } from "@/lib/dal/webhook-queue";
import { onEventsCommitted } from "@/lib/events/notify";
import { logger } from "@/lib/log";
import { openSecret } from "@/lib/security/secret-box";
import { retryDelayMs } from "@/lib/webhooks/schedule";
import { type DeliveryAttempt, sendWebhook } from "@/lib/webhooks/send";

export type WebhookWorkerSettings = {
  /** Deliveries in flight at once, per instance. */
  concurrency: number;
  /** Events turned into deliveries per statement. */
  fanOutBatch: number;
  /** How often the log and the queue are looked at when nothing nudges the worker (events from other instances). */
  pollMs: number;
  /** A claimed delivery is claimed again by anyone once this passes (its worker died). */
  leaseMs: number;
  /** Attempt outcomes are written together, at most this long after the attempt. */
  flushMs: number;
  timeoutMs: number;
  allowPrivate: boolean;
};

export const WEBHOOK_SETTINGS: Omit<WebhookWorkerSettings, "allowPrivate"> = {
  concurrency: 32,
  fanOutBatch: 500,
  pollMs: 500,
  leaseMs: 60_000,
  flushMs: 50,
  timeoutMs: 10_000,
};

type Send = (input: Parameters<typeof sendWebhook>[0]) => Promise<DeliveryAttempt>;

/**
 * Delivers webhooks: turns new events into deliveries, claims due ones (shared with every other
 * instance on the database), signs each attempt as Standard Webhooks defines it (`webhook-id` is
 * the event's id on every attempt), sends it, and schedules a retry with backoff when it fails.
 * At least once: a worker that dies mid-attempt has its deliveries claimed again after the lease.
 */
export class WebhookWorker {
  private readonly settings: WebhookWorkerSettings;
  private readonly limit: LimitFunction;
  private readonly held = new Set<string>();
  private readonly signers = new Map<string, Webhook>();
  private readonly outcomes: BatchedWrites<AttemptOutcome>;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private readonly alarm = new Alarm();
  private nudged = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    settings: Partial<WebhookWorkerSettings> & { allowPrivate: boolean },
    private readonly send: Send = sendWebhook,
  ) {
    this.settings = { ...WEBHOOK_SETTINGS, ...settings };
    this.limit = pLimit(this.settings.concurrency);
    this.outcomes = new BatchedWrites(writeOutcomes, this.settings.flushMs);
  }

  /** Starts the loop (idempotent); events committed in this process wake it at once. */
  start(): this {
    this.unsubscribe ??= onEventsCommitted(() => this.nudge());
    this.loop ??= this.run();
    return this;
  }

  /** Stops claiming, waits for attempts in flight and writes their outcomes. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.alarm.wake();
    await this.loop;
    await this.limit(() => Promise.resolve()); // queued sends return at once when stopping
    while (this.limit.activeCount + this.limit.pendingCount > 0) await new Promise((r) => setTimeout(r, 20));
    await this.outcomes.flush();
  }

  /** Looks at the log and the queue now rather than at the next poll. */
  nudge(): void {
    this.nudged = true;
    this.alarm.wake();
  }

  private async run(): Promise<void> {
    let lastFanOut = 0;
    let moreEvents = false; // the last fan-out took a full batch: the log has more
    let backlog = false; // the last claim filled every free slot: more are probably due
    while (!this.stopping) {
      try {
        // One batch of events at a time, between claims, so that a burst starts being sent at once.
        if (moreEvents || this.nudged || Date.now() - lastFanOut >= this.settings.pollMs) {
          this.nudged = false;
          lastFanOut = Date.now();
          moreEvents = (await fanOutEvents(this.settings.fanOutBatch)) === this.settings.fanOutBatch;
          backlog = true;
        }
        // Claims in batches: only once half the slots (queue included) are free.
        const room = this.settings.concurrency * 2 - this.held.size;
        if (backlog && room >= this.settings.concurrency) {
          const claimed = await claimDeliveries(room, this.settings.leaseMs);
          for (const delivery of claimed) this.schedule(delivery);
          backlog = claimed.length === room;
        }
        if (moreEvents || (backlog && room >= this.settings.concurrency)) continue;
      } catch (error) {
        logger().error({ err: error }, "webhook worker: loop error; retrying");
      }
      // Woken early by a nudge, or when an attempt ends and slots free up.
      await this.nap(Math.max(0, this.settings.pollMs - (Date.now() - lastFanOut)));
      if (this.held.size <= this.settings.concurrency) backlog = true;
    }
  }

  private schedule(delivery: ClaimedDelivery): void {
    this.held.add(delivery.id);
    void this.limit(async () => {
      try {
        if (this.stopping) {
          await releaseDeliveries([delivery]);
          return;
        }
        const attempt = await this.attempt(delivery);
        const retryInMs = attempt.ok ? null : retryDelayMs(delivery.attempts);
        this.outcomes.add({ id: delivery.id, attempts: delivery.attempts, ok: attempt.ok, statusCode: attempt.statusCode, error: attempt.error, retryInMs });
      } catch (error) {
        // Left to its lease: claimed again later, by any instance.
        logger().error({ err: error, deliveryId: delivery.id }, "webhook worker: attempt failed to run; it will be retried after its lease");
      } finally {
        this.held.delete(delivery.id);
        this.alarm.wake();
      }
    });
  }

  /** Signs and sends one attempt. The signature covers this attempt's time, as receivers check it. */
  private async attempt(delivery: ClaimedDelivery): Promise<DeliveryAttempt> {
    const body = JSON.stringify({ type: delivery.type, timestamp: delivery.timestamp, data: delivery.data });
    const now = new Date();
    let signer: Webhook;
    try {
      signer = this.signer(delivery);
    } catch {
      return { ok: false, statusCode: null, error: "the signing secret cannot be read: was ENCRYPTION_KEY or AUTH_SECRET changed?", durationMs: 0 };
    }
    return this.send({
      url: delivery.url,
      body,
      timeoutMs: this.settings.timeoutMs,
      allowPrivate: this.settings.allowPrivate,
      headers: {
        "webhook-id": delivery.eventId,
        "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
        "webhook-signature": signer.sign(delivery.eventId, now, body),
      },
    });
  }

  private signer(delivery: ClaimedDelivery): Webhook {
    const cached = this.signers.get(delivery.secretSealed);
    if (cached) return cached;
    if (this.signers.size > 1000) this.signers.clear();
    const signer = new Webhook(openSecret(delivery.secretSealed, WEBHOOK_SECRET_PURPOSE));
    this.signers.set(delivery.secretSealed, signer);
    return signer;
  }

  private nap(ms: number): Promise<void> {
    return this.stopping ? Promise.resolve() : this.alarm.nap(ms);
  }
}

async function writeOutcomes(batch: AttemptOutcome[]): Promise<void> {
  try {
    await recordAttempts(batch);
  } catch (error) {
    // Not lost: the deliveries stay leased and are attempted again when their lease ends.
    logger().error({ err: error, deliveries: batch.length }, "webhook worker: could not record attempts; they will be retried after their lease");
  }
}
