/**
 * The JSON envelope SNS POSTs to an HTTP/S subscriber, read and checked field by field before
 * anything in it is believed (AWS: "Parsing message formats", "Verifying message signatures").
 */

export const SNS_MESSAGE_TYPES = ["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"] as const;
export type SnsMessageType = (typeof SNS_MESSAGE_TYPES)[number];

/** The fields of an SNS message that Rolegate reads; every one is a string in SNS's JSON. */
export interface SnsEnvelope {
  Type: SnsMessageType;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  Token?: string;
  SubscribeURL?: string;
}

const REQUIRED = ["Type", "MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL"] as const;
const OPTIONAL = ["Subject", "Token", "SubscribeURL"] as const;
/** SNS writes UTC with milliseconds (`2026-12-04T20:15:03.123Z`). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

export type Parsed<T> = { ok: true; value: T } | { ok: false; detail: string };

/** The envelope, or what is wrong with it (a missing or non-string field, an unknown type). */
export function parseEnvelope(body: unknown): Parsed<SnsEnvelope> {
  if (!body || typeof body !== "object" || Array.isArray(body)) return { ok: false, detail: "the body is not a JSON object" };
  const record = body as Record<string, unknown>;
  for (const key of REQUIRED) {
    if (typeof record[key] !== "string") return { ok: false, detail: `${key} is missing or not a string` };
  }
  for (const key of OPTIONAL) {
    if (key in record && record[key] !== null && typeof record[key] !== "string") return { ok: false, detail: `${key} is not a string` };
  }
  if (!(SNS_MESSAGE_TYPES as readonly unknown[]).includes(record.Type)) return { ok: false, detail: "Type is not an SNS message type" };
  if ((record.Type === "SubscriptionConfirmation" || record.Type === "UnsubscribeConfirmation") && (typeof record.Token !== "string" || typeof record.SubscribeURL !== "string")) {
    return { ok: false, detail: "a subscription message needs Token and SubscribeURL" };
  }
  if (!TIMESTAMP.test(record.Timestamp as string) || Number.isNaN(Date.parse(record.Timestamp as string))) return { ok: false, detail: "Timestamp is not an ISO 8601 UTC time" };
  const envelope = Object.fromEntries([...REQUIRED, ...OPTIONAL].filter((key) => typeof record[key] === "string").map((key) => [key, record[key]]));
  return { ok: true, value: envelope as unknown as SnsEnvelope };
}

/**
 * The text SNS signs: `Key\nvalue\n` for each signed field, in this order, a field left out when
 * the message has none (Subject, for a notification published without one).
 */
export function stringToSign(envelope: SnsEnvelope): string {
  const keys =
    envelope.Type === "Notification"
      ? (["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"] as const)
      : (["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"] as const);
  return keys.map((key) => (envelope[key] === undefined ? "" : `${key}\n${envelope[key]}\n`)).join("");
}

/** A topic ARN's parts: `arn:<partition>:sns:<region>:<account>:<name>`. */
export interface TopicArn {
  partition: string;
  region: string;
  accountId: string;
  name: string;
}

/** The parts of an SNS topic ARN, or null when it is not one. */
export function parseTopicArn(arn: string): TopicArn | null {
  const match = /^arn:(aws|aws-cn|aws-us-gov):sns:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):([A-Za-z0-9_-]{1,256})$/.exec(arn);
  if (!match) return null;
  return { partition: match[1]!, region: match[2]!, accountId: match[3]!, name: match[4]! };
}
