import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { certificateServer, delivery, fakeSns, notification, signingKey, signMessage, subscriptionConfirmation, type SigningKey, type SnsMessage } from "@/tests/support/sns";
import { clearCertificateCache, signingCertificate } from "./certificates";
import { createSnsClient } from "./client";
import { ConfirmSubscriptionCommand } from "@aws-sdk/client-sns";
import { handleSnsRequest, SNS_BODY_LIMIT, type SnsIngress } from "./ingress";

const ACCOUNT = "111122223333";
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:rolegate-registration`;
const CERT_PATH = "/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";
const EXPIRED_PATH = "/SimpleNotificationService-eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee.pem";
const HUGE_PATH = "/SimpleNotificationService-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.pem";
const REQUEST = JSON.stringify({ RequestType: "Create", ResourceProperties: { RoleArn: "arn:aws:iam::444455556666:role/RolegateAccess" } });

let key: SigningKey;
let otherKey: SigningKey;
let expiredKey: SigningKey;
let certs: Awaited<ReturnType<typeof certificateServer>>;
let otherHost: Awaited<ReturnType<typeof certificateServer>>;
let sns: Awaited<ReturnType<typeof fakeSns>>;
let receive: ReturnType<typeof vi.fn<SnsIngress["receive"]>>;
let warnings: { fields: object; message: string }[];
let ingress: SnsIngress;
let now: Date;

beforeAll(async () => {
  key = signingKey();
  otherKey = signingKey();
  expiredKey = signingKey(new Date(Date.now() - 10 * 86_400_000), new Date(Date.now() - 86_400_000));
  certs = await certificateServer({
    [CERT_PATH]: key.pem,
    [EXPIRED_PATH]: expiredKey.pem,
    [HUGE_PATH]: `${key.pem}\n${" ".repeat(20_000)}`, "/SimpleNotificationService-ffffffffffffffffffffffffffffffff.pem": otherKey.pem, "/SimpleNotificationService-00000000000000000000000000000000.pem": "not a certificate",
  });
  otherHost = await certificateServer({ [CERT_PATH]: otherKey.pem });
  sns = await fakeSns({ accountId: ACCOUNT });
});
afterAll(async () => {
  await Promise.all([certs.close(), otherHost.close(), sns.close()]);
});

beforeEach(() => {
  clearCertificateCache();
  now = new Date();
  warnings = [];
  receive = vi.fn<SnsIngress["receive"]>(async () => ({ ok: true }));
  ingress = {
    partition: "aws",
    topicName: "rolegate-registration",
    regions: ["us-east-1", "eu-west-1"],
    partnerAccountId: async () => ACCOUNT,
    certificateSource: { kind: "sandbox", origin: certs.origin },
    certificate: signingCertificate,
    confirmSubscription: async ({ topicArn, region, token }) => {
      await createSnsClient({ region, endpoint: sns.url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x".repeat(40) } }).send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: token }));
    },
    receive,
    now: () => now,
    log: { warn: (fields, message) => warnings.push({ fields, message }), info: () => {}, error: (fields, message) => warnings.push({ fields, message }) },
  };
});

const signed = (fields: SnsMessage, version: "1" | "2" = "2", certUrl = `${certs.origin}${CERT_PATH}`) => signMessage(fields, key, certUrl, version);
const post = (message: SnsMessage, headers?: Record<string, string>) => handleSnsRequest(delivery(message, headers), ingress);

describe("POST /api/aws/sns: notifications", () => {
  it.each(["1", "2"] as const)("accepts a notification signed with signature version %s and hands it on", async (version) => {
    const message = signed(notification(TOPIC, REQUEST, now), version);
    const response = await post(message);
    expect(response.status).toBe(200);
    expect(receive).toHaveBeenCalledExactlyOnceWith({ messageId: message.MessageId, topicArn: TOPIC, region: "us-east-1", timestamp: message.Timestamp, message: REQUEST });
  });

  it("accepts a notification without a Subject (it is then left out of the signed text)", async () => {
    const { Subject: _, ...fields } = notification(TOPIC, REQUEST, now);
    expect((await post(signed(fields))).status).toBe(200);
  });

  it("fetches a certificate once and reuses it", async () => {
    const before = certs.requests.length;
    await post(signed(notification(TOPIC, REQUEST, now)));
    await post(signed(notification(TOPIC, REQUEST, now)));
    expect(certs.requests.length - before).toBe(1);
  });

  it.each([
    ["Message", () => ({ Message: REQUEST.replace("444455556666", "999999999999") })],
    ["Subject", () => ({ Subject: "something else" })],
    ["Timestamp", () => ({ Timestamp: new Date(now.getTime() - 1000).toISOString() })],
    ["MessageId", () => ({ MessageId: "00000000-0000-0000-0000-000000000000" })],
  ])("refuses a notification whose %s was changed after signing", async (_field, change) => {
    const response = await post({ ...signed(notification(TOPIC, REQUEST, now)), ...change() });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/signature does not verify/);
    expect(receive).not.toHaveBeenCalled();
  });

  it("refuses a version 1 signature presented as version 2, and the reverse", async () => {
    expect((await post({ ...signed(notification(TOPIC, REQUEST, now), "1"), SignatureVersion: "2" })).status).toBe(403);
    expect((await post({ ...signed(notification(TOPIC, REQUEST, now), "2"), SignatureVersion: "1" })).status).toBe(403);
    expect(receive).not.toHaveBeenCalled();
  });

  it("refuses an unknown signature version, a missing signature, and a signature by another key", async () => {
    expect((await post({ ...signed(notification(TOPIC, REQUEST, now)), SignatureVersion: "3" })).status).toBe(400);
    expect((await post({ ...signed(notification(TOPIC, REQUEST, now)), Signature: "" })).status).toBe(403);
    const forged = signMessage(notification(TOPIC, REQUEST, now), otherKey, `${certs.origin}${CERT_PATH}`);
    expect((await post(forged)).status).toBe(403);
    expect(receive).not.toHaveBeenCalled();
  });

  it("refuses a certificate from another host, or a path that is not an SNS certificate, without fetching it", async () => {
    const otherOrigin = signMessage(notification(TOPIC, REQUEST, now), otherKey, `${otherHost.origin}${CERT_PATH}`);
    expect((await post(otherOrigin)).status).toBe(403);
    expect(otherHost.requests).toEqual([]);
    for (const url of [`${certs.origin}/cert.pem`, `${certs.origin}${CERT_PATH}?x=1`, `${certs.origin}/a/..${CERT_PATH}`, `${certs.origin.replace("127.0.0.1", "localhost")}${CERT_PATH}`]) {
      expect((await post(signed(notification(TOPIC, REQUEST, now), "2", url))).status).toBe(403);
    }
    expect(receive).not.toHaveBeenCalled();
  });

  it("refuses when the trusted host serves no certificate at that name, or not a certificate", async () => {
    expect((await post(signed(notification(TOPIC, REQUEST, now), "2", `${certs.origin}/SimpleNotificationService-11111111111111111111111111111111.pem`))).status).toBe(403);
    expect((await post(signed(notification(TOPIC, REQUEST, now), "2", `${certs.origin}/SimpleNotificationService-00000000000000000000000000000000.pem`))).status).toBe(403);
    expect(receive).not.toHaveBeenCalled();
  });

  it("refuses a signature by an expired certificate, and a certificate file over the size limit", async () => {
    expect((await post(signMessage(notification(TOPIC, REQUEST, now), expiredKey, `${certs.origin}${EXPIRED_PATH}`))).status).toBe(403);
    const huge = await post(signed(notification(TOPIC, REQUEST, now), "2", `${certs.origin}${HUGE_PATH}`));
    expect(huge.status).toBe(403);
    expect(await huge.text()).toMatch(/larger than/);
    expect(receive).not.toHaveBeenCalled();
  });

  it("answers 503 with Retry-After when the trusted host cannot be reached, so SNS delivers again", async () => {
    const gone = await certificateServer({});
    await gone.close();
    ingress = { ...ingress, certificateSource: { kind: "sandbox", origin: gone.origin } };
    const response = await post(signed(notification(TOPIC, REQUEST, now), "2", `${gone.origin}${CERT_PATH}`));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(receive).not.toHaveBeenCalled();
  });

  it("refuses topics of another account, name, region or partition", async () => {
    for (const topic of [
      `arn:aws:sns:us-east-1:999999999999:rolegate-registration`,
      `arn:aws:sns:us-east-1:${ACCOUNT}:other-topic`,
      `arn:aws:sns:us-west-2:${ACCOUNT}:rolegate-registration`,
      `arn:aws-cn:sns:cn-north-1:${ACCOUNT}:rolegate-registration`,
      "not-an-arn",
    ]) {
      expect((await post(signed(notification(topic, REQUEST, now)))).status).toBe(403);
    }
    expect(receive).not.toHaveBeenCalled();
  });

  it("refuses a message older than an hour or more than five minutes ahead", async () => {
    expect((await post(signed(notification(TOPIC, REQUEST, new Date(now.getTime() - 61 * 60_000))))).status).toBe(403);
    expect((await post(signed(notification(TOPIC, REQUEST, new Date(now.getTime() + 6 * 60_000))))).status).toBe(403);
    expect((await post(signed(notification(TOPIC, REQUEST, new Date(now.getTime() - 59 * 60_000))))).status).toBe(200);
    expect(receive).toHaveBeenCalledTimes(1);
  });

  it("refuses malformed input with 400: not JSON, missing fields, a type the header contradicts", async () => {
    const bad = (body: string, type = "Notification") => handleSnsRequest(new Request("http://localhost/api/aws/sns", { method: "POST", headers: { "x-amz-sns-message-type": type }, body }), ingress);
    expect((await bad("{not json")).status).toBe(400);
    expect((await bad("[]")).status).toBe(400);
    const message = signed(notification(TOPIC, REQUEST, now));
    for (const field of ["Message", "MessageId", "Timestamp", "TopicArn", "Signature", "SigningCertURL", "SignatureVersion", "Type"]) {
      const { [field]: _, ...rest } = message;
      expect((await bad(JSON.stringify(rest))).status, field).toBe(400);
    }
    expect((await bad(JSON.stringify({ ...message, Timestamp: "yesterday" }))).status).toBe(400);
    expect((await bad(JSON.stringify({ ...message, Message: { nested: true } }))).status).toBe(400);
    expect((await post(message, { "x-amz-sns-message-type": "SubscriptionConfirmation" })).status).toBe(400);
    expect((await post(message, { "x-amz-sns-topic-arn": `arn:aws:sns:eu-west-1:${ACCOUNT}:rolegate-registration` })).status).toBe(400);
    expect(receive).not.toHaveBeenCalled();
  });

  it("refuses a body larger than the limit with 413, declared or not", async () => {
    const big = "x".repeat(SNS_BODY_LIMIT + 1);
    expect((await handleSnsRequest(new Request("http://localhost/api/aws/sns", { method: "POST", body: big }), ingress)).status).toBe(413);
    const stream = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(big)), c.close()) });
    expect((await handleSnsRequest(new Request("http://localhost/api/aws/sns", { method: "POST", body: stream, duplex: "half" } as RequestInit), ingress)).status).toBe(413);
  });

  it("logs a refusal at warn without the message body", async () => {
    await post({ ...signed(notification(TOPIC, REQUEST, now)), Message: "secret-token-value" });
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toContain("secret-token-value");
  });

  it("passes on the receiver's refusal, and answers 503 with Retry-After when the database is unavailable", async () => {
    receive.mockResolvedValueOnce({ ok: false, status: 409, detail: "already registered" });
    expect((await post(signed(notification(TOPIC, REQUEST, now)))).status).toBe(409);
    receive.mockRejectedValueOnce(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
    const response = await post(signed(notification(TOPIC, REQUEST, now)));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
  });
});

describe("POST /api/aws/sns: aws mode certificates", () => {
  const awsUrl = (region: string, suffix = "") => `https://sns.${region}.amazonaws.com${suffix}${CERT_PATH}`;
  const certificate = vi.fn(async () => ({ ok: true as const, certificate: new X509Certificate(key.pem) }));

  beforeEach(() => {
    certificate.mockClear();
    ingress = { ...ingress, certificateSource: { kind: "aws", partition: "aws" }, certificate };
  });

  it("takes the certificate from the SNS endpoint of the topic's region only", async () => {
    expect((await post(signed(notification(TOPIC, REQUEST, now), "2", awsUrl("us-east-1")))).status).toBe(200);
    expect(certificate).toHaveBeenCalledWith(new URL(awsUrl("us-east-1")));
    for (const url of [awsUrl("eu-west-1"), awsUrl("us-east-1", ".cn"), awsUrl("us-east-1").replace("https:", "http:"), awsUrl("us-east-1").replace(".com/", ".com.evil.example/"), awsUrl("us-east-1").replace(".com/", ".com:8443/")]) {
      expect((await post(signed(notification(TOPIC, REQUEST, now), "2", url))).status, url).toBe(403);
    }
    expect(certificate).toHaveBeenCalledTimes(1);
  });
});

describe("POST /api/aws/sns: subscription messages", () => {
  it("confirms a subscription to one of Rolegate's topics through the SNS API", async () => {
    const created = sns.subscriptions.push({ topicArn: TOPIC, protocol: "http", endpoint: "http://localhost/api/aws/sns", token: "tok-1" });
    expect(created).toBeGreaterThan(0);
    const response = await post(signed(subscriptionConfirmation(TOPIC, "tok-1", now)));
    expect(response.status).toBe(200);
    expect(sns.calls.filter((c) => c.action === "ConfirmSubscription")).toEqual([{ region: "us-east-1", action: "ConfirmSubscription", params: expect.objectContaining({ TopicArn: TOPIC, Token: "tok-1" }) }]);
    expect(sns.subscriptions.find((s) => s.token === "tok-1")?.arn).toMatch(/^arn:aws:sns:us-east-1:/);
  });

  it("does not confirm a subscription to a foreign topic, or one whose signature fails", async () => {
    const foreign = `arn:aws:sns:us-east-1:999999999999:rolegate-registration`;
    expect((await post(signed(subscriptionConfirmation(foreign, "tok-2", now)))).status).toBe(403);
    expect((await post({ ...signed(subscriptionConfirmation(TOPIC, "tok-3", now)), Token: "tok-4" })).status).toBe(403);
    expect(sns.calls.filter((c) => c.action === "ConfirmSubscription" && c.params.Token !== "tok-1")).toEqual([]);
  });

  it("answers 503 when SNS refuses the confirmation, so SNS sends it again", async () => {
    const response = await post(signed(subscriptionConfirmation(TOPIC, "unknown-token", now)));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBeTruthy();
  });

  it("acknowledges an unsubscribe confirmation and does nothing else", async () => {
    const before = sns.calls.length;
    const message = signed({ ...subscriptionConfirmation(TOPIC, "tok-5", now), Type: "UnsubscribeConfirmation" });
    expect((await post(message)).status).toBe(200);
    expect(sns.calls.length).toBe(before);
    expect(receive).not.toHaveBeenCalled();
  });
});
