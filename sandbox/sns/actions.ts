import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { parseArn, partitionForRegion } from "../arn";
import { PolicyError, parseResourcePolicy } from "../policy/parse";
import type { SubscriptionRecord, TopicRecord } from "../state/schema";
import type { SandboxStore } from "../state/store";
import type { Caller } from "../sts/authenticate";
import { xmlFields } from "../sts/xml";
import { maySns, type SnsPrincipal } from "./authorize";
import { snsError } from "./errors";
import { SnsPublisher } from "./publisher";

export const SNS_VERSION = "2010-03-31";
export const SNS_NS = "http://sns.amazonaws.com/doc/2010-03-31/";
export const SNS_ACTIONS: ReadonlySet<string> = new Set([
  "CreateTopic", "GetTopicAttributes", "SetTopicAttributes", "Subscribe", "ConfirmSubscription",
  "ListSubscriptionsByTopic", "Unsubscribe", "Publish", "DeleteTopic",
]);
const SETTABLE = ["Policy", "SignatureVersion", "DisplayName"];
const MAX_MESSAGE_BYTES = 256 * 1024;

export interface SnsDeps {
  store: SandboxStore;
  now: () => number;
  sns: SnsPublisher;
}

/** SubscribeURL and UnsubscribeURL are plain GETs without a signature, as on AWS. */
export function isAnonymousSnsCall(action: string, req: IncomingMessage): boolean {
  return req.method === "GET" && req.headers.authorization === undefined && (action === "ConfirmSubscription" || action === "Unsubscribe");
}

/** Runs one SNS action and returns its Result XML (empty for actions whose answer has none). */
export function runSnsAction(deps: SnsDeps, caller: Caller | undefined, action: string, params: URLSearchParams): string {
  const required = (name: string) => {
    const value = params.get(name);
    if (value === null) throw snsError.missingParameter(name.charAt(0).toLowerCase() + name.slice(1));
    return value;
  };
  if (!caller) {
    if (action === "ConfirmSubscription") return confirm(deps, required("TopicArn"), required("Token"));
    return unsubscribe(deps, undefined, required("SubscriptionArn"));
  }
  const principal = principalOf(caller);
  const topic = (name = "TopicArn") => findTopic(deps.store, caller, principal, action, required(name));
  switch (action) {
    case "CreateTopic":
      return xmlFields([["TopicArn", createTopic(deps, caller, required("Name"), mapParam(params, "Attributes")).arn]]);
    case "GetTopicAttributes":
      return `<Attributes>${entries(topicAttributes(deps.store, topic()))}</Attributes>`;
    case "SetTopicAttributes":
      setAttribute(deps.store, topic(), required("AttributeName"), params.get("AttributeValue") ?? "");
      return "";
    case "Subscribe":
      return xmlFields([["SubscriptionArn", subscribe(deps, caller, topic(), required("Protocol"), params.get("Endpoint") ?? "", params.get("ReturnSubscriptionArn") === "true")]]);
    case "ConfirmSubscription":
      return confirm(deps, topic().arn, required("Token"));
    case "ListSubscriptionsByTopic": {
      const arn = topic().arn;
      const members = deps.store.subscriptions.filter((s) => s.topicArn === arn).map((s) => `<member>${xmlFields([
        ["TopicArn", s.topicArn], ["Protocol", s.protocol], ["SubscriptionArn", s.status === "confirmed" ? s.arn : "PendingConfirmation"], ["Owner", s.owner], ["Endpoint", s.endpoint],
      ])}</member>`);
      return `<Subscriptions>${members.join("")}</Subscriptions>`;
    }
    case "Unsubscribe":
      return unsubscribe(deps, caller, required("SubscriptionArn"));
    case "Publish": {
      const target = params.get("TopicArn") ?? params.get("TargetArn");
      if (target === null) throw snsError.invalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
      const found = findTopic(deps.store, caller, principal, "Publish", target);
      return xmlFields([["MessageId", publish(deps, found, principal, required("Message"), params.get("Subject") ?? undefined)]]);
    }
    default: {
      // DeleteTopic is idempotent: a topic that is already gone is not an error.
      const arn = required("TopicArn");
      const existing = deps.store.topics.find((t) => t.arn === arn);
      if (existing) {
        if (existing.accountId !== caller.accountId) throw snsError.authorization(caller.arn, "DeleteTopic", arn);
        deps.store.saveSns(deps.store.topics.filter((t) => t !== existing), deps.store.subscriptions.filter((s) => s.topicArn !== arn));
      }
      return "";
    }
  }
}

/**
 * Publishes for a principal (an SDK caller, or CloudFormation on a customer's
 * behalf) after checking the topic's Policy, and returns the message id.
 */
export function publish(deps: SnsDeps, topic: TopicRecord, principal: SnsPrincipal, message: string, subject?: string): string {
  if (!maySns(topic, principal, "Publish")) throw snsError.authorization(principal.arn, "Publish", topic.arn);
  if (message === "") throw snsError.invalidParameter("Empty message");
  if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) throw snsError.invalidParameter("Message too long");
  if (subject !== undefined && (subject === "" || subject.length > 100 || /[\r\n]/.test(subject))) throw snsError.invalidParameter("Subject");
  return deps.sns.publish(topic, { body: message, ...(subject !== undefined ? { subject } : {}) });
}

function principalOf(caller: Caller): SnsPrincipal {
  return {
    partition: caller.partition,
    accountId: caller.accountId,
    arn: caller.arn,
    ...(caller.roleArn ? { roleArn: caller.roleArn } : {}),
    context: { "aws:principalarn": caller.principalArn, "aws:principalaccount": caller.accountId, "aws:principaltype": caller.type },
  };
}

/** A topic named by ARN: it must be in the caller's region and exist; others' topics need their Policy's leave. */
function findTopic(store: SandboxStore, caller: Caller, principal: SnsPrincipal, action: string, arn: string): TopicRecord {
  const parts = parseArn(arn);
  if (!parts || parts.service !== "sns" || !/^\d{12}$/.test(parts.accountId) || !parts.resource) throw snsError.invalidParameter("TopicArn");
  if (parts.region !== caller.region) throw snsError.invalidParameter(`TopicArn Reason: An ARN in ${parts.region} cannot be used in ${caller.region}`);
  const topic = store.topics.find((t) => t.arn === arn);
  if (!topic) throw snsError.notFound("Topic does not exist");
  if (action !== "Publish" && !maySns(topic, principal, action)) throw snsError.authorization(caller.arn, action, arn);
  return topic;
}

function createTopic(deps: SnsDeps, caller: Caller, name: string, attributes: Record<string, string>): TopicRecord {
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

function setAttribute(store: SandboxStore, topic: TopicRecord, name: string, value: string): void {
  checkAttribute(name, value);
  const attributes = { ...topic.attributes, [name]: value };
  if (value === "" && name !== "DisplayName") delete attributes[name];
  store.saveSns(store.topics.map((t) => (t.arn === topic.arn ? { ...t, attributes } : t)), [...store.subscriptions]);
}

function topicAttributes(store: SandboxStore, topic: TopicRecord): Record<string, string> {
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

function subscribe(deps: SnsDeps, caller: Caller, topic: TopicRecord, protocol: string, endpoint: string, returnArn: boolean): string {
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

function confirm(deps: SnsDeps, topicArn: string, token: string): string {
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

function unsubscribe(deps: SnsDeps, caller: Caller | undefined, arn: string): string {
  const subscription = deps.store.subscriptions.find((s) => s.arn === arn);
  if (!subscription) throw snsError.notFound("Subscription does not exist");
  const topicOwner = deps.store.topics.find((t) => t.arn === subscription.topicArn)?.accountId;
  if (caller && caller.accountId !== subscription.owner && caller.accountId !== topicOwner) throw snsError.authorization(caller.arn, "Unsubscribe", arn);
  deps.store.saveSns([...deps.store.topics], deps.store.subscriptions.filter((s) => s !== subscription));
  return "";
}

/** Reads an awsQuery map (`Name.entry.N.key` / `Name.entry.N.value`). */
function mapParam(params: URLSearchParams, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 1; params.has(`${name}.entry.${i}.key`); i++) out[params.get(`${name}.entry.${i}.key`) ?? ""] = params.get(`${name}.entry.${i}.value`) ?? "";
  return out;
}

function entries(map: Record<string, string>): string {
  return Object.entries(map).map(([key, value]) => `<entry>${xmlFields([["key", key], ["value", value]])}</entry>`).join("");
}
