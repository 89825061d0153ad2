import { randomUUID } from "node:crypto";
import type { SnsSigning, SubscriptionRecord, TopicRecord } from "../state/schema";
import { certificatePath, signMessage } from "./signing";

export interface Envelope {
  headers: Record<string, string>;
  body: string;
}

interface Common {
  baseUrl: string;
  signing: SnsSigning;
  topic: TopicRecord;
  now: Date;
}

/** The SubscriptionConfirmation an endpoint receives after Subscribe, with the token that confirms it. */
export function confirmationEnvelope(ctx: Common, subscription: SubscriptionRecord): Envelope {
  const subscribeUrl = `${ctx.baseUrl}/?${new URLSearchParams({ Action: "ConfirmSubscription", TopicArn: ctx.topic.arn, Token: subscription.token })}`;
  return envelope(ctx, "SubscriptionConfirmation", {
    Token: subscription.token,
    Message: `You have chosen to subscribe to the topic ${ctx.topic.arn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    SubscribeURL: subscribeUrl,
  });
}

/** One published message as a confirmed subscription receives it. */
export function notificationEnvelope(ctx: Common, subscription: SubscriptionRecord, message: { messageId: string; subject?: string; body: string }): Envelope {
  const unsubscribeUrl = `${ctx.baseUrl}/?${new URLSearchParams({ Action: "Unsubscribe", SubscriptionArn: subscription.arn })}`;
  const result = envelope(
    ctx,
    "Notification",
    { ...(message.subject !== undefined ? { Subject: message.subject } : {}), Message: message.body, UnsubscribeURL: unsubscribeUrl },
    message.messageId,
  );
  result.headers["x-amz-sns-subscription-arn"] = subscription.arn;
  return result;
}

function envelope(ctx: Common, type: string, fields: Record<string, string>, messageId: string = randomUUID()): Envelope {
  const signatureVersion = ctx.topic.attributes.SignatureVersion === "2" ? "2" : "1";
  const unsigned = { Type: type, MessageId: messageId, TopicArn: ctx.topic.arn, ...fields, Timestamp: ctx.now.toISOString() };
  const body = {
    ...unsigned,
    SignatureVersion: signatureVersion,
    Signature: signMessage(unsigned, signatureVersion, ctx.signing.privateKeyPem),
    SigningCertURL: `${ctx.baseUrl}${certificatePath(ctx.signing)}`,
  };
  return {
    headers: {
      "content-type": "text/plain; charset=UTF-8",
      "user-agent": "Amazon Simple Notification Service Agent",
      "x-amz-sns-message-type": type,
      "x-amz-sns-message-id": messageId,
      "x-amz-sns-topic-arn": ctx.topic.arn,
    },
    body: JSON.stringify(body),
  };
}
