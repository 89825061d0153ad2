import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
  type SNSClient,
} from "@aws-sdk/client-sns";
import pLimit from "p-limit";
import { backoffDelay, type Backoff, type Clock } from "@/lib/aws/retry";
import { snsAnswer } from "./client";
import { registrationRegionStates, setRegionState, topicPolicyWithPublish } from "./topics";

/** Setting up the registration topics: per region, create, open to publishers, subscribe Rolegate. */

export interface ProvisionOptions {
  topicName: string;
  regions: readonly string[];
  /** Rolegate's SNS endpoint, `${appUrl}/api/aws/sns`. */
  endpointUrl: string;
  client(region: string): Promise<SNSClient>;
  clock: Clock;
  log: { info(fields: object, message: string): void; warn(fields: object, message: string): void };
  /** Stops the retries (the process is shutting down). */
  signal?: AbortSignal;
  /** How long to wait for SNS to show the subscription confirmed before trying again. */
  confirmationWindowMs?: number;
  /** Between attempts of a region that failed. */
  retryBackoff?: Backoff;
}

const REGIONS_AT_ONCE = 8;

/** Provisions every region; resolves after the first attempt at each (failed ones keep retrying in `retries`). */
export async function provisionTopics(options: ProvisionOptions): Promise<{ ready: string[]; failed: string[]; retries: Promise<void> }> {
  const limit = pLimit(REGIONS_AT_ONCE);
  const first = await Promise.all(options.regions.map((region) => limit(async () => ({ region, ok: await attempt(region, 1, options) }))));
  const ready = first.filter((r) => r.ok).map((r) => r.region);
  const failed = first.filter((r) => !r.ok).map((r) => r.region);
  const summary = { topic: options.topicName, ready: ready.length, regions: options.regions.length, notReady: failed };
  const text = `registration topics: ${ready.length} of ${options.regions.length} regions ready${failed.length ? `; retrying ${failed.join(", ")} (launches there use the manual path meanwhile)` : ""}`;
  if (failed.length) options.log.warn(summary, text);
  else options.log.info(summary, text);
  const retries = Promise.all(failed.map((region) => retry(region, options))).then(() => undefined);
  return { ready, failed, retries };
}

async function retry(region: string, options: ProvisionOptions): Promise<void> {
  const backoff = options.retryBackoff ?? { baseMs: 5_000, capMs: 10 * 60_000 };
  for (let n = 2; !options.signal?.aborted; n++) {
    await options.clock.sleep(backoffDelay(n - 1, backoff, options.clock.random), options.signal);
    if (options.signal?.aborted) return;
    if (await attempt(region, n, options)) {
      options.log.info({ region, attempts: n }, `registration topic ready in ${region}`);
      return;
    }
  }
}

/** One attempt at a region; records its state and logs one line when it fails. */
async function attempt(region: string, attempts: number, options: ProvisionOptions): Promise<boolean> {
  try {
    const topicArn = await provisionRegion(await options.client(region), region, options);
    setRegionState(region, { ready: true, topicArn });
    return true;
  } catch (error) {
    const lastError = error instanceof PendingSubscription ? error.message : snsAnswer(error);
    const previous = registrationRegionStates().get(region);
    setRegionState(region, { ready: false, attempts, lastError });
    // One line per region and answer: retries that hear the same again stay quiet.
    if (!previous || previous.ready || previous.lastError !== lastError) {
      options.log.warn({ region, attempts, error: lastError }, `registration topic in ${region} is not ready: ${lastError}`);
    }
    return false;
  }
}

class PendingSubscription extends Error {}

/** Makes sure the region's topic exists with the publish policy and signature version 2, and Rolegate's endpoint is confirmed on it. */
export async function provisionRegion(client: SNSClient, region: string, options: Pick<ProvisionOptions, "topicName" | "endpointUrl" | "clock" | "signal" | "confirmationWindowMs">): Promise<string> {
  const send = { abortSignal: options.signal };
  const created = await client.send(new CreateTopicCommand({ Name: options.topicName }), send);
  const topicArn = created.TopicArn;
  if (!topicArn) throw new Error(`CreateTopic in ${region} answered without a TopicArn`);
  const { Attributes: attributes = {} } = await client.send(new GetTopicAttributesCommand({ TopicArn: topicArn }), send);
  const policy = topicPolicyWithPublish(attributes.Policy, topicArn);
  if (policy) await client.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: "Policy", AttributeValue: policy }), send);
  if (attributes.SignatureVersion !== "2") {
    await client.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: "SignatureVersion", AttributeValue: "2" }), send);
  }
  if ((await subscription(client, topicArn, options.endpointUrl, options.signal)) === "confirmed") return topicArn;
  const protocol = new URL(options.endpointUrl).protocol.replace(":", "");
  await client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: protocol, Endpoint: options.endpointUrl }), send);
  // SNS now POSTs a SubscriptionConfirmation to the endpoint, which confirms it (ingress.ts).
  const deadline = options.clock.now() + (options.confirmationWindowMs ?? 120_000);
  for (let n = 1; options.clock.now() < deadline && !options.signal?.aborted; n++) {
    await options.clock.sleep(Math.min(500 * 2 ** (n - 1), 5_000), options.signal);
    if ((await subscription(client, topicArn, options.endpointUrl, options.signal)) === "confirmed") return topicArn;
  }
  throw new PendingSubscription(`the subscription of ${options.endpointUrl} is still pending confirmation: SNS could not deliver to it, or its answer was refused (APP_URL must be reachable from SNS)`);
}

/** Whether the endpoint is subscribed to the topic, and confirmed. */
async function subscription(client: SNSClient, topicArn: string, endpoint: string, signal?: AbortSignal): Promise<"confirmed" | "pending" | "missing"> {
  let found: "pending" | "missing" = "missing";
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: nextToken }), { abortSignal: signal });
    for (const s of page.Subscriptions ?? []) {
      if (s.Endpoint !== endpoint) continue;
      if (s.SubscriptionArn?.startsWith("arn:")) return "confirmed";
      found = "pending";
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return found;
}
