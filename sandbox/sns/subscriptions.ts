import { randomUUID } from "node:crypto";
import type { SubscriptionRecord, TopicRecord } from "../state/schema";
import type { Caller } from "../sts/authenticate";
import { xmlFields } from "../sts/xml";
import type { SnsDeps } from "./actions";
import { snsError } from "./errors";
import { SnsPublisher } from "./publisher";

/** Subscribe: http(s) only; the endpoint gets a SubscriptionConfirmation and stays pending until it confirms. */
export function subscribe(deps: SnsDeps, caller: Caller, topic: TopicRecord, protocol: string, endpoint: string, returnArn: boolean): string {
  if (protocol !== "http" && protocol !== "https") throw snsError.invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== `${protocol}:` || url.username || url.password) throw snsError.invalidParameter("Endpoint must match the specified protocol");
  const existing = deps.store.subscriptions.find((s) => s.topicArn === topic.arn && s.endpoint === endpoint);
  if (existing?.status === "confirmed") return existing.arn;
  const subscription: SubscriptionRecord = existing ?? {
    arn: `${topic.arn}:${randomUUID()}`,
    topicArn: topic.arn,
    protocol,
    endpoint,
    owner: caller.accountId,
    status: "pending",
    token: SnsPublisher.newToken(),
    createdAt: new Date(deps.now()).toISOString(),
  };
  if (!existing) deps.store.saveSns([...deps.store.topics], [...deps.store.subscriptions, subscription]);
  deps.sns.sendConfirmation(topic, subscription);
  return returnArn ? subscription.arn : "pending confirmation";
}

/** ConfirmSubscription, signed or through the SubscribeURL: the token is the proof. */
export function confirm(deps: SnsDeps, topicArn: string, token: string): string {
  const subscription = deps.store.subscriptions.find((s) => s.topicArn === topicArn && s.token === token);
  if (!subscription) {
    if (!deps.store.topics.some((t) => t.arn === topicArn)) throw snsError.notFound("Topic does not exist");
    throw snsError.invalidParameter("Invalid token");
  }
  if (subscription.status !== "confirmed") {
    deps.store.saveSns([...deps.store.topics], deps.store.subscriptions.map((s) => (s === subscription ? { ...s, status: "confirmed" as const } : s)));
  }
  return xmlFields([["SubscriptionArn", subscription.arn]]);
}

/** Unsubscribe: by the subscriber's or the topic's account, or anonymously through the UnsubscribeURL. */
export function unsubscribe(deps: SnsDeps, caller: Caller | undefined, arn: string): string {
  const subscription = deps.store.subscriptions.find((s) => s.arn === arn);
  if (!subscription) throw snsError.notFound("Subscription does not exist");
  const topicOwner = deps.store.topics.find((t) => t.arn === subscription.topicArn)?.accountId;
  if (caller && caller.accountId !== subscription.owner && caller.accountId !== topicOwner) throw snsError.authorization(caller.arn, "Unsubscribe", arn);
  deps.store.saveSns([...deps.store.topics], deps.store.subscriptions.filter((s) => s !== subscription));
  return "";
}
