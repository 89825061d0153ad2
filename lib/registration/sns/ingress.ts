import type { CustomResourceDelivery, CustomResourceReceipt } from "@/lib/registration/custom-resource";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { readLimited } from "@/lib/security/limited-body";
import type { CertificateResult } from "./certificates";
import { parseEnvelope, parseTopicArn, type SnsEnvelope } from "./envelope";
import { signatureAlgorithm, signatureValid, trustedCertificateUrl, type CertificateSource } from "./signature";

/**
 * What `POST /api/aws/sns` does with a request: nothing in it is believed until the topic is one
 * of Rolegate's, the time is recent and SNS's signature checks out; only then is it confirmed
 * (subscriptions) or handed on (CloudFormation's requests). Bad input is a 4xx and changes nothing.
 */

/** SNS's largest message (256 KiB), JSON-escaped, plus the envelope around it. */
export const SNS_BODY_LIMIT = 512 * 1024;
const MAX_AGE_MS = 60 * 60 * 1000;
const MAX_SKEW_MS = 5 * 60 * 1000;
const RETRY_AFTER_SECONDS = "5";

export interface SnsIngress {
  partition: string;
  topicName: string;
  regions: readonly string[];
  /** The account the topics belong to (the partner's). */
  partnerAccountId(): Promise<string>;
  certificateSource: CertificateSource;
  certificate(url: URL): Promise<CertificateResult>;
  /** ConfirmSubscription through the SNS API of `region`. */
  confirmSubscription(input: { topicArn: string; region: string; token: string }): Promise<void>;
  receive(delivery: CustomResourceDelivery): Promise<CustomResourceReceipt>;
  now(): Date;
  log: { warn(fields: object, message: string): void; info(fields: object, message: string): void; error(fields: object, message: string): void };
}

/** Answers one SNS delivery. */
export async function handleSnsRequest(request: Request, ingress: SnsIngress): Promise<Response> {
  const refuse = (status: number, reason: string, fields: object = {}) => {
    ingress.log.warn({ status, reason, ...fields }, "sns: message refused");
    return text(status, `Refused: ${reason}.`);
  };
  const body = await readLimited(request, SNS_BODY_LIMIT);
  if (body === null) return refuse(413, `the body is larger than ${SNS_BODY_LIMIT} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body).toString("utf8"));
  } catch {
    return refuse(400, "the body is not JSON");
  }
  const parsed = parseEnvelope(json);
  if (!parsed.ok) return refuse(400, parsed.detail);
  const envelope = parsed.value;
  const fields = { type: envelope.Type, messageId: envelope.MessageId.slice(0, 100), topicArn: envelope.TopicArn.slice(0, 300) };
  const headerType = request.headers.get("x-amz-sns-message-type");
  if (headerType !== envelope.Type) return refuse(400, "x-amz-sns-message-type does not match the message's Type", fields);
  const headerTopic = request.headers.get("x-amz-sns-topic-arn");
  if (headerTopic !== null && headerTopic !== envelope.TopicArn) return refuse(400, "x-amz-sns-topic-arn does not match the message's TopicArn", fields);
  if (!signatureAlgorithm(envelope.SignatureVersion)) return refuse(400, "SignatureVersion is not 1 or 2", fields);

  const topic = parseTopicArn(envelope.TopicArn);
  const foreign = () => refuse(403, "the topic is not one of Rolegate's registration topics", fields);
  if (!topic || topic.partition !== ingress.partition || !ingress.regions.includes(topic.region) || topic.name !== ingress.topicName) return foreign();
  let accountId: string;
  try {
    accountId = await ingress.partnerAccountId();
  } catch (error) {
    ingress.log.warn({ ...fields, err: error instanceof Error ? error.message : String(error) }, "sns: partner account unknown; asking SNS to retry");
    return text(503, "Rolegate cannot check the topic right now; retry later.", { "Retry-After": RETRY_AFTER_SECONDS });
  }
  if (topic.accountId !== accountId) return foreign();

  const age = ingress.now().getTime() - Date.parse(envelope.Timestamp);
  if (age > MAX_AGE_MS) return refuse(403, "the message is more than an hour old", fields);
  if (age < -MAX_SKEW_MS) return refuse(403, "the message is dated in the future", fields);

  const certUrl = trustedCertificateUrl(envelope.SigningCertURL, topic.region, ingress.certificateSource);
  if (!certUrl) return refuse(403, `the signing certificate is not on the SNS endpoint of ${topic.region}`, { ...fields, signingCertUrl: envelope.SigningCertURL.slice(0, 300) });
  const cert = await ingress.certificate(certUrl);
  if (!cert.ok && cert.kind === "unreachable") {
    ingress.log.warn({ ...fields, reason: cert.detail }, "sns: signing certificate unreachable; asking SNS to retry");
    return text(503, "The signing certificate could not be fetched; retry later.", { "Retry-After": RETRY_AFTER_SECONDS });
  }
  if (!cert.ok) return refuse(403, cert.detail, fields);
  if (!signatureValid(envelope, cert.certificate, ingress.now())) return refuse(403, "the signature does not verify", fields);

  return dispatch(envelope, topic.region, ingress, fields);
}

async function dispatch(envelope: SnsEnvelope, region: string, ingress: SnsIngress, fields: object): Promise<Response> {
  if (envelope.Type === "UnsubscribeConfirmation") {
    ingress.log.warn(fields, "sns: Rolegate's endpoint was unsubscribed from a registration topic; the next start subscribes it again");
    return text(200, "OK");
  }
  if (envelope.Type === "SubscriptionConfirmation") {
    try {
      await ingress.confirmSubscription({ topicArn: envelope.TopicArn, region, token: envelope.Token! });
    } catch (error) {
      ingress.log.warn({ ...fields, err: describe(error) }, "sns: ConfirmSubscription failed; SNS will send the confirmation again");
      return text(503, "The subscription could not be confirmed; retry later.", { "Retry-After": RETRY_AFTER_SECONDS });
    }
    ingress.log.info(fields, "sns: subscription confirmed");
    return text(200, "Subscription confirmed.");
  }
  let receipt: CustomResourceReceipt;
  try {
    receipt = await ingress.receive({ messageId: envelope.MessageId, topicArn: envelope.TopicArn, region, timestamp: envelope.Timestamp, message: envelope.Message });
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      ingress.log.warn({ ...fields, err: describe(error) }, "sns: database unavailable; asking SNS to retry");
      return text(503, "Rolegate cannot store the request right now; retry later.", { "Retry-After": RETRY_AFTER_SECONDS });
    }
    ingress.log.error({ ...fields, err: describe(error) }, "sns: the registration request could not be taken");
    return text(500, "The request could not be taken.");
  }
  if (!receipt.ok) {
    ingress.log.warn({ ...fields, status: receipt.status, reason: receipt.detail }, "sns: registration request refused");
    return text(receipt.status, `Refused: ${receipt.detail}.`);
  }
  return text(200, "OK");
}

function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(`${body}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });
}

function describe(error: unknown): string {
  if (error && typeof error === "object" && "name" in error && "message" in error) return `${String(error.name)}: ${String(error.message)}`;
  return String(error);
}

