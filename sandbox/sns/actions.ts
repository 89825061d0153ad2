import type { IncomingMessage } from "node:http";
import { parseArn } from "../arn";
import type { TopicRecord } from "../state/schema";
import type { SandboxStore } from "../state/store";
import type { Caller } from "../sts/authenticate";
import { xmlFields } from "../sts/xml";
import { maySns, type SnsPrincipal } from "./authorize";
import { snsError } from "./errors";
import type { SnsPublisher } from "./publisher";
import { confirm, subscribe, unsubscribe } from "./subscriptions";
import { createTopic, setAttribute, topicAttributes } from "./topics";

export const SNS_VERSION = "2010-03-31";
export const SNS_NS = "http://sns.amazonaws.com/doc/2010-03-31/";
export const SNS_ACTIONS: ReadonlySet<string> = new Set([
  "CreateTopic", "GetTopicAttributes", "SetTopicAttributes", "Subscribe", "ConfirmSubscription",
  "ListSubscriptionsByTopic", "Unsubscribe", "Publish", "DeleteTopic",
]);
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
  // Publish checks its own way (CloudFormation publishes too); a confirmation token is proof enough by itself.
  if (action !== "Publish" && action !== "ConfirmSubscription" && !maySns(topic, principal, action)) throw snsError.authorization(caller.arn, action, arn);
  return topic;
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
