import { createVerify, X509Certificate } from "node:crypto";
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from "@aws-sdk/client-sns";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Credentials, externalIdTrust, sessionCredentials, startTestSandbox, type TestSandbox, tryAssume } from "./helpers";
import { documentedStringToSign, type Received, startReceiver } from "./sns-receiver";

const FAST_RETRY = { delaysMs: [50, 100, 200], attemptTimeoutMs: 2000 };

describe("SNS through @aws-sdk/client-sns", () => {
  let t: TestSandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let failures = 0;
  const sns = (credentials: Credentials = t.partner, region = "eu-west-1") => new SNSClient({ region, endpoint: t.sandbox.url, credentials, maxAttempts: 1 });
  const snsError = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      return error as Error & { $metadata: { httpStatusCode?: number } };
    }
    throw new Error("expected an SNS error");
  };

  /** Checks a message's signature as a subscriber must: the certificate from SigningCertURL, the documented string to sign. */
  const verify = async (message: Received) => {
    const body = message.body;
    const certificate = await (await fetch(body.SigningCertURL ?? "")).text();
    const algorithm = body.SignatureVersion === "2" ? "RSA-SHA256" : "RSA-SHA1";
    const publicKey = new X509Certificate(certificate).publicKey;
    return createVerify(algorithm).update(documentedStringToSign(body)).verify(publicKey, body.Signature ?? "", "base64");
  };

  beforeAll(async () => {
    t = await startTestSandbox({ partnerAccountId: "222233334444", snsRetry: FAST_RETRY });
    receiver = await startReceiver(() => (failures-- > 0 ? 503 : 200));
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });
  afterEach(() => {
    failures = 0;
  });

  it("creates topics idempotently by name, in the signing region, and reads their attributes", async () => {
    const first = await sns().send(new CreateTopicCommand({ Name: "rolegate-registration" }));
    expect(first.TopicArn).toBe("arn:aws:sns:eu-west-1:222233334444:rolegate-registration");
    expect((await sns().send(new CreateTopicCommand({ Name: "rolegate-registration" }))).TopicArn).toBe(first.TopicArn);
    expect((await sns(t.partner, "cn-north-1").send(new CreateTopicCommand({ Name: "t" }))).TopicArn).toBe("arn:aws-cn:sns:cn-north-1:222233334444:t");
    const { Attributes } = await sns().send(new GetTopicAttributesCommand({ TopicArn: first.TopicArn }));
    expect(Attributes).toMatchObject({ TopicArn: first.TopicArn, Owner: "222233334444", SubscriptionsConfirmed: "0", SubscriptionsPending: "0" });
  });

  it("subscribes an endpoint with the SubscriptionConfirmation handshake, then delivers signed notifications (versions 1 and 2)", async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: "handshake" }));
    const subscribed = await sns().send(new SubscribeCommand({ TopicArn, Protocol: "http", Endpoint: receiver.url }));
    expect(subscribed.SubscriptionArn).toBe("pending confirmation");

    const confirmation = await receiver.next("SubscriptionConfirmation", (m) => m.body.TopicArn === TopicArn);
    expect(confirmation.headers).toMatchObject({
      "content-type": "text/plain; charset=UTF-8",
      "x-amz-sns-message-type": "SubscriptionConfirmation",
      "x-amz-sns-topic-arn": TopicArn,
      "x-amz-sns-message-id": confirmation.body.MessageId,
    });
    expect(confirmation.body.SigningCertURL).toMatch(new RegExp(`^${t.sandbox.url}/SimpleNotificationService-[0-9a-f]{32}\\.pem$`));
    expect(confirmation.body.SignatureVersion).toBe("1");
    expect(await verify(confirmation)).toBe(true);
    expect(await verify({ ...confirmation, body: { ...confirmation.body, Token: "forged" } })).toBe(false);
    const subscribeUrl = new URL(confirmation.body.SubscribeURL ?? "");
    expect(subscribeUrl.origin).toBe(t.sandbox.url);
    expect(subscribeUrl.searchParams.get("Token")).toBe(confirmation.body.Token);

    let list = await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    expect(list.Subscriptions?.[0]).toMatchObject({ SubscriptionArn: "PendingConfirmation", Protocol: "http", Endpoint: receiver.url, Owner: "222233334444" });
    // Nothing is delivered to a subscription that is still pending.
    await sns().send(new PublishCommand({ TopicArn, Message: "too early" }));

    const confirmed = await sns().send(new ConfirmSubscriptionCommand({ TopicArn, Token: confirmation.body.Token }));
    expect(confirmed.SubscriptionArn).toMatch(new RegExp(`^${TopicArn}:[0-9a-f-]{36}$`));
    list = await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    expect(list.Subscriptions?.[0]?.SubscriptionArn).toBe(confirmed.SubscriptionArn);

    const published = await sns().send(new PublishCommand({ TopicArn, Message: '{"hello":"world"}', Subject: "Greeting" }));
    const notification = await receiver.next("Notification", (m) => m.body.MessageId === published.MessageId);
    expect(notification.headers["x-amz-sns-subscription-arn"]).toBe(confirmed.SubscriptionArn);
    expect(notification.body).toMatchObject({ Message: '{"hello":"world"}', Subject: "Greeting", TopicArn, SignatureVersion: "1" });
    expect(await verify(notification)).toBe(true);
    expect(receiver.received.some((m) => m.body.Message === "too early")).toBe(false);

    await sns().send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "SignatureVersion", AttributeValue: "2" }));
    const second = await sns().send(new PublishCommand({ TopicArn, Message: "v2" }));
    const v2 = await receiver.next("Notification", (m) => m.body.MessageId === second.MessageId);
    expect(v2.body.SignatureVersion).toBe("2");
    expect(v2.body.Subject).toBeUndefined();
    expect(await verify(v2)).toBe(true);
    expect(await verify({ ...v2, body: { ...v2.body, Message: "altered" } })).toBe(false);

    await sns().send(new UnsubscribeCommand({ SubscriptionArn: confirmed.SubscriptionArn }));
    expect((await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions).toEqual([]);
  });

  it("confirms through the SubscribeURL itself, and retries deliveries the endpoint refuses", async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: "retried" }));
    failures = 2; // the app is not listening yet: the confirmation must come again
    await sns().send(new SubscribeCommand({ TopicArn, Protocol: "http", Endpoint: receiver.url }));
    const confirmation = await receiver.next("SubscriptionConfirmation", (m) => m.body.TopicArn === TopicArn);
    expect(receiver.received.filter((m) => m.body.TopicArn === TopicArn)).toHaveLength(3);
    const visit = await fetch(confirmation.body.SubscribeURL ?? "");
    expect(visit.status).toBe(200);
    expect(await visit.text()).toContain("<ConfirmSubscriptionResult><SubscriptionArn>");

    failures = 1;
    const { MessageId } = await sns().send(new PublishCommand({ TopicArn, Message: "again" }));
    const delivered = await receiver.next("Notification", (m) => m.body.MessageId === MessageId);
    expect(receiver.received.filter((m) => m.body.MessageId === MessageId)).toHaveLength(2);
    expect(await verify(delivered)).toBe(true);
  });

  it("lets another account publish only when the topic's Policy allows it", async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: "cross-account" }));
    const roleArn = await t.createRole("135791357913", "Publisher", externalIdTrust("222233334444", "x-id"));
    const assumed = await tryAssume(t.sts(t.partner, "eu-west-1"), { RoleArn: roleArn, ExternalId: "x-id" });
    if (!assumed.ok) throw assumed.error;
    const customer = sns(sessionCredentials(assumed.result));

    const denied = await snsError(customer.send(new PublishCommand({ TopicArn, Message: "hi" })));
    expect(denied.name).toBe("AuthorizationErrorException");
    expect(denied.message).toBe(`User: arn:aws:sts::135791357913:assumed-role/Publisher/rolegate-test is not authorized to perform: SNS:Publish on resource: ${TopicArn}`);

    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: TopicArn }] };
    await sns().send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "Policy", AttributeValue: JSON.stringify(policy) }));
    expect((await customer.send(new PublishCommand({ TopicArn, Message: "hi" }))).MessageId).toMatch(/^[0-9a-f-]{36}$/);
    // The Policy grants Publish, nothing else.
    expect((await snsError(customer.send(new GetTopicAttributesCommand({ TopicArn })))).name).toBe("AuthorizationErrorException");
  });

  it.each([
    ["a bad topic name", () => sns().send(new CreateTopicCommand({ Name: "has space" })), "InvalidParameterException", "Invalid parameter: Topic Name", 400],
    ["an unknown topic", () => sns().send(new PublishCommand({ TopicArn: "arn:aws:sns:eu-west-1:222233334444:nope", Message: "x" })), "NotFoundException", "Topic does not exist", 404],
    ["a topic of another region", () => sns().send(new GetTopicAttributesCommand({ TopicArn: "arn:aws:sns:us-east-1:222233334444:x" })), "InvalidParameterException", undefined, 400],
    ["an empty message", () => sns().send(new PublishCommand({ TopicArn: "arn:aws:sns:eu-west-1:222233334444:rolegate-registration", Message: "" })), "InvalidParameterException", "Invalid parameter: Empty message", 400],
    ["an email subscription", () => sns().send(new SubscribeCommand({ TopicArn: "arn:aws:sns:eu-west-1:222233334444:rolegate-registration", Protocol: "email", Endpoint: "a@b.c" })), "InvalidParameterException", undefined, 400],
    ["an endpoint of the wrong scheme", () => sns().send(new SubscribeCommand({ TopicArn: "arn:aws:sns:eu-west-1:222233334444:rolegate-registration", Protocol: "https", Endpoint: "http://127.0.0.1/x" })), "InvalidParameterException", "Invalid parameter: Endpoint must match the specified protocol", 400],
    ["a wrong token", () => sns().send(new ConfirmSubscriptionCommand({ TopicArn: "arn:aws:sns:eu-west-1:222233334444:rolegate-registration", Token: "0".repeat(128) })), "InvalidParameterException", "Invalid parameter: Invalid token", 400],
    ["a policy IAM would refuse", () => sns().send(new SetTopicAttributesCommand({ TopicArn: "arn:aws:sns:eu-west-1:222233334444:rolegate-registration", AttributeName: "Policy", AttributeValue: "{not json" })), "InvalidParameterException", "Invalid parameter: Policy Error: Syntax errors in policy.", 400],
    ["an unknown attribute", () => sns().send(new SetTopicAttributesCommand({ TopicArn: "arn:aws:sns:eu-west-1:222233334444:rolegate-registration", AttributeName: "Colour", AttributeValue: "x" })), "InvalidParameterException", "Invalid parameter: AttributeName", 400],
    ["a wrong secret key", () => sns({ ...t.partner, secretAccessKey: "x".repeat(40) }).send(new CreateTopicCommand({ Name: "x" })), "SignatureDoesNotMatch", undefined, 403],
  ])("refuses %s with SNS's error", async (_label, call, name, message, status) => {
    await sns().send(new CreateTopicCommand({ Name: "rolegate-registration" }));
    const error = await snsError(call());
    expect(error.name).toBe(name);
    if (message) expect(error.message).toBe(message);
    expect(error.$metadata.httpStatusCode).toBe(status);
  });

  it("deletes topics with their subscriptions, and forgets everything on reset", async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: "short-lived" }));
    await sns().send(new SubscribeCommand({ TopicArn, Protocol: "http", Endpoint: receiver.url }));
    await sns().send(new DeleteTopicCommand({ TopicArn }));
    await sns().send(new DeleteTopicCommand({ TopicArn }));
    expect((await snsError(sns().send(new ListSubscriptionsByTopicCommand({ TopicArn })))).name).toBe("NotFoundException");
    expect((await t.control("POST", "/_sandbox/reset")).status).toBe(204);
    expect((await snsError(sns().send(new GetTopicAttributesCommand({ TopicArn: "arn:aws:sns:eu-west-1:222233334444:rolegate-registration" })))).name).toBe("NotFoundException");
  });
});
