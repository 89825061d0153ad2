import { generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Test stand-ins for AWS's side of SNS: a signing key with a self-signed certificate, messages
 * signed exactly as SNS signs them (written here from AWS's documentation, independently of the
 * code under test), a server for the certificate, and a small SNS Query API.
 */

// --- A self-signed X.509 certificate, DER-encoded by hand (Node can verify but not issue one).

function der(tag: number, content: Buffer): Buffer {
  const length = content.length;
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  const header = length < 0x80 ? [tag, length] : [tag, 0x80 | bytes.length, ...bytes];
  return Buffer.concat([Buffer.from(header), content]);
}
const seq = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return der(0x06, Buffer.from(out));
}
const time = (d: Date) => der(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z"));
const name = (cn: string) => seq(der(0x31, seq(oid("2.5.4.3"), der(0x0c, Buffer.from(cn)))));

export interface SigningKey {
  privateKey: KeyObject;
  pem: string;
}

/** An RSA key and a self-signed certificate for it, valid from `notBefore` to `notAfter`. */
export function signingKey(notBefore = new Date(Date.now() - 86_400_000), notAfter = new Date(Date.now() + 365 * 86_400_000)): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const algorithm = seq(oid("1.2.840.113549.1.1.11"), der(0x05, Buffer.alloc(0)));
  const subject = name("sns.amazonaws.com");
  const tbs = seq(der(0xa0, der(0x02, Buffer.from([2]))), der(0x02, Buffer.from([1, ...randomBytes(8)])), algorithm, subject, seq(time(notBefore), time(notAfter)), subject, publicKey.export({ type: "spki", format: "der" }));
  const certificate = seq(tbs, algorithm, der(0x03, Buffer.concat([Buffer.from([0]), sign("sha256", tbs, privateKey)])));
  const pem = `-----BEGIN CERTIFICATE-----\n${certificate.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE-----\n`;
  return { privateKey, pem };
}

// --- Messages as SNS sends them.

export type SnsMessage = Record<string, string>;

/** Signs an SNS message as SNS does: `Key\nvalue\n` over AWS's list of keys for its Type, SHA1 (1) or SHA256 (2) with RSA. */
export function signMessage(fields: SnsMessage, key: SigningKey, certUrl: string, version: "1" | "2" = "2"): SnsMessage {
  const keys = fields.Type === "Notification" ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"] : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
  const text = keys.filter((k) => fields[k] !== undefined).map((k) => `${k}\n${fields[k]}\n`).join("");
  const signature = sign(version === "1" ? "sha1" : "sha256", Buffer.from(text, "utf8"), key.privateKey).toString("base64");
  return { ...fields, SignatureVersion: version, Signature: signature, SigningCertURL: certUrl };
}

/** A notification's fields before signing. */
export function notification(topicArn: string, message: string, timestamp = new Date()): SnsMessage {
  return { Type: "Notification", MessageId: randomUUID(), TopicArn: topicArn, Subject: "AWS CloudFormation custom resource request", Message: message, Timestamp: timestamp.toISOString(), UnsubscribeURL: "https://example.invalid/unsubscribe" };
}

/** A subscription confirmation's fields before signing. */
export function subscriptionConfirmation(topicArn: string, token: string, timestamp = new Date()): SnsMessage {
  return {
    Type: "SubscriptionConfirmation",
    MessageId: randomUUID(),
    Token: token,
    TopicArn: topicArn,
    Message: `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    SubscribeURL: `https://sns.example.invalid/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&Token=${token}`,
    Timestamp: timestamp.toISOString(),
  };
}

/** A POST as SNS delivers it. */
export function delivery(message: SnsMessage, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/api/aws/sns", {
    method: "POST",
    headers: { "content-type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": message.Type ?? "", "x-amz-sns-message-id": message.MessageId ?? "", "x-amz-sns-topic-arn": message.TopicArn ?? "", ...headers },
    body: JSON.stringify(message),
  });
}

// --- Servers on loopback.

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Serves PEM files by path; answers 404 for anything else. */
export async function certificateServer(files: Record<string, string>): Promise<{ origin: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? "");
    const body = files[req.url ?? ""];
    res.writeHead(body ? 200 : 404, { "content-type": "application/x-x509-ca-cert" }).end(body ?? "not found");
  });
  const origin = await listen(server);
  return { origin, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

type Subscription = { topicArn: string; protocol: string; endpoint: string; token: string; arn?: string };
type Topic = { arn: string; attributes: Record<string, string> };

/**
 * A small SNS Query API (form-encoded POST, XML answers as AWS's) on loopback. The region is the
 * SigV4 credential scope's. `failRegions` answers AuthorizationError there; `onSubscribe` sees each Subscribe;
 * `files` are served on GET (a signing certificate on the same origin, as the sandbox does).
 */
export async function fakeSns(options: { accountId: string; onSubscribe?: (s: Subscription) => void; files?: Record<string, string> }) {
  const topics = new Map<string, Topic>();
  const subscriptions: Subscription[] = [];
  const calls: { region: string; action: string; params: Record<string, string> }[] = [];
  const failRegions = new Set<string>();
  const server = createServer(async (req, res) => {
    if (req.method === "GET") {
      const file = options.files?.[req.url ?? ""];
      return res.writeHead(file ? 200 : 404).end(file ?? "");
    }
    const params = Object.fromEntries(new URLSearchParams(await body(req)));
    const region = /Credential=[^/]+\/\d{8}\/([^/]+)\/sns\//.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const action = params.Action ?? "";
    calls.push({ region, action, params });
    const reply = (status: number, xml: string) => res.writeHead(status, { "content-type": "text/xml" }).end(xml);
    const ok = (result: string) => reply(200, `<${action}Response xmlns="http://sns.amazonaws.com/doc/2010-03-31/">${result ? `<${action}Result>${result}</${action}Result>` : ""}<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`);
    const error = (status: number, code: string, message: string) =>
      reply(status, `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
    if (failRegions.has(region)) return error(403, "AuthorizationError", `User is not authorized to perform: SNS:${action} in ${region}`);
    const topic = topics.get(params.TopicArn ?? "");
    switch (action) {
      case "CreateTopic": {
        const arn = `arn:aws:sns:${region}:${options.accountId}:${params.Name}`;
        if (!topics.has(arn)) topics.set(arn, { arn, attributes: { TopicArn: arn, Policy: JSON.stringify({ Version: "2008-10-17", Statement: [{ Sid: "__default_statement_ID", Effect: "Allow", Principal: { AWS: "*" }, Action: "SNS:GetTopicAttributes", Resource: arn }] }) } });
        return ok(`<TopicArn>${arn}</TopicArn>`);
      }
      case "GetTopicAttributes":
        if (!topic) return error(404, "NotFound", "Topic does not exist");
        return ok(`<Attributes>${Object.entries(topic.attributes).map(([k, v]) => `<entry><key>${k}</key><value>${xml(v)}</value></entry>`).join("")}</Attributes>`);
      case "SetTopicAttributes":
        if (!topic) return error(404, "NotFound", "Topic does not exist");
        topic.attributes[params.AttributeName!] = params.AttributeValue!;
        return ok("");
      case "Subscribe": {
        if (!topic) return error(404, "NotFound", "Topic does not exist");
        let sub = subscriptions.find((s) => s.topicArn === topic.arn && s.endpoint === params.Endpoint);
        if (!sub) subscriptions.push((sub = { topicArn: topic.arn, protocol: params.Protocol!, endpoint: params.Endpoint!, token: randomBytes(16).toString("hex") }));
        options.onSubscribe?.(sub);
        return ok(`<SubscriptionArn>${sub.arn ?? "pending confirmation"}</SubscriptionArn>`);
      }
      case "ConfirmSubscription": {
        const sub = subscriptions.find((s) => s.topicArn === params.TopicArn && s.token === params.Token);
        if (!sub) return error(400, "InvalidParameter", "Invalid parameter: Token");
        sub.arn ??= `${sub.topicArn}:${randomUUID()}`;
        return ok(`<SubscriptionArn>${sub.arn}</SubscriptionArn>`);
      }
      case "ListSubscriptionsByTopic":
        if (!topic) return error(404, "NotFound", "Topic does not exist");
        return ok(
          `<Subscriptions>${subscriptions
            .filter((s) => s.topicArn === topic.arn)
            .map((s) => `<member><TopicArn>${s.topicArn}</TopicArn><Protocol>${s.protocol}</Protocol><SubscriptionArn>${s.arn ?? "PendingConfirmation"}</SubscriptionArn><Owner>${options.accountId}</Owner><Endpoint>${xml(s.endpoint)}</Endpoint></member>`)
            .join("")}</Subscriptions>`,
        );
      default:
        return error(400, "InvalidAction", `Could not find operation ${action}`);
    }
  });
  const url = await listen(server);
  return { url, topics, subscriptions, calls, failRegions, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
