import { partitionForRegion } from "../arn";
import { PolicyError, parseResourcePolicy } from "../policy/parse";
import type { TopicRecord } from "../state/schema";
import type { SandboxStore } from "../state/store";
import type { Caller } from "../sts/authenticate";
import type { SnsDeps } from "./actions";
import { snsError } from "./errors";

const SETTABLE = ["Policy", "SignatureVersion", "DisplayName"];

/** CreateTopic: idempotent by name; the same name with other attributes is refused, as SNS does. */
export function createTopic(deps: SnsDeps, caller: Caller, name: string, attributes: Record<string, string>): TopicRecord {
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(name)) throw snsError.invalidParameter("Topic Name");
  for (const [key, value] of Object.entries(attributes)) checkAttribute(key, value);
  const partition = partitionForRegion(caller.region);
  const arn = `arn:${partition}:sns:${caller.region}:${caller.accountId}:${name}`;
  const existing = deps.store.topics.find((t) => t.arn === arn);
  if (existing) {
    if (Object.entries(attributes).some(([key, value]) => existing.attributes[key] !== value)) {
      throw snsError.invalidParameter("Attributes Reason: Topic already exists with different attributes");
    }
    return existing;
  }
  const topic: TopicRecord = { arn, name, region: caller.region, accountId: caller.accountId, partition, createdAt: new Date(deps.now()).toISOString(), attributes };
  deps.store.saveSns([...deps.store.topics, topic], [...deps.store.subscriptions]);
  return topic;
}

function checkAttribute(name: string, value: string): void {
  if (!SETTABLE.includes(name)) throw snsError.invalidParameter("AttributeName");
  if (name === "SignatureVersion" && value !== "1" && value !== "2") throw snsError.invalidParameter("SignatureVersion");
  if (name === "Policy") {
    try {
      parseResourcePolicy(value);
    } catch (err) {
      if (err instanceof PolicyError) throw snsError.invalidParameter(`Policy Error: ${err.message}`);
      throw err;
    }
  }
}

/** SetTopicAttributes: an empty Policy or SignatureVersion goes back to the default. */
export function setAttribute(store: SandboxStore, topic: TopicRecord, name: string, value: string): void {
  checkAttribute(name, value);
  const attributes = { ...topic.attributes, [name]: value };
  if (value === "" && name !== "DisplayName") delete attributes[name];
  store.saveSns(store.topics.map((t) => (t.arn === topic.arn ? { ...t, attributes } : t)), [...store.subscriptions]);
}

/** GetTopicAttributes' answer. */
export function topicAttributes(store: SandboxStore, topic: TopicRecord): Record<string, string> {
  const subs = store.subscriptions.filter((s) => s.topicArn === topic.arn);
  return {
    TopicArn: topic.arn,
    Owner: topic.accountId,
    DisplayName: topic.attributes.DisplayName ?? "",
    SubscriptionsConfirmed: String(subs.filter((s) => s.status === "confirmed").length),
    SubscriptionsPending: String(subs.filter((s) => s.status === "pending").length),
    SubscriptionsDeleted: "0",
    ...(topic.attributes.Policy !== undefined ? { Policy: topic.attributes.Policy } : {}),
    ...(topic.attributes.SignatureVersion !== undefined ? { SignatureVersion: topic.attributes.SignatureVersion } : {}),
  };
}
