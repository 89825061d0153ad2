import { randomBytes, randomUUID } from "node:crypto";
import type { SandboxStore } from "../state/store";
import type { SubscriptionRecord, TopicRecord } from "../state/schema";
import { deliver, type RetryPolicy } from "./delivery";
import { confirmationEnvelope, type Envelope, notificationEnvelope } from "./messages";

export interface PublisherDeps {
  store: SandboxStore;
  /** The sandbox's base URL, known once it listens. */
  baseUrl: () => string;
  retry: RetryPolicy;
  /** Aborted when the sandbox closes: pending deliveries stop. */
  signal: AbortSignal;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  log: (msg: string) => void;
}

/** Sends SNS's messages to subscribed endpoints in the background, signed and retried. */
export class SnsPublisher {
  constructor(private readonly deps: PublisherDeps) {}

  /** A new token for a subscription. */
  static newToken(): string {
    return randomBytes(64).toString("hex");
  }

  /** Sends the SubscriptionConfirmation (retried: the endpoint may not be listening yet). */
  sendConfirmation(topic: TopicRecord, subscription: SubscriptionRecord): void {
    this.send(subscription, (common) => confirmationEnvelope(common, subscription), topic);
  }

  /** Publishes to every confirmed subscription of the topic and returns the message id. */
  publish(topic: TopicRecord, message: { subject?: string; body: string }): string {
    const messageId = randomUUID();
    for (const subscription of this.deps.store.subscriptions) {
      if (subscription.topicArn !== topic.arn || subscription.status !== "confirmed") continue;
      this.send(subscription, (common) => notificationEnvelope(common, subscription, { ...message, messageId }), topic);
    }
    return messageId;
  }

  private send(subscription: SubscriptionRecord, build: (common: Parameters<typeof confirmationEnvelope>[0]) => Envelope, topic: TopicRecord): void {
    const signing = this.deps.store.snsSigning;
    if (!signing) throw new Error("the SNS signing key is not ready");
    const { headers, body } = build({ baseUrl: this.deps.baseUrl(), signing, topic, now: new Date(this.deps.now()) });
    const type = headers["x-amz-sns-message-type"];
    deliver(subscription.endpoint, headers, body, this.deps.retry, this.deps.signal, this.deps.sleep).then(
      (ok) => this.deps.log(`sns: ${type} to ${subscription.endpoint} ${ok ? "delivered" : "failed after all retries"}`),
      () => this.deps.log(`sns: ${type} to ${subscription.endpoint} abandoned (sandbox closing)`),
    );
  }
}
