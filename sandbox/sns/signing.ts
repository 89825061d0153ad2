import "reflect-metadata"; // @peculiar/x509's dependency injection needs it before it loads
import { createSign, randomBytes, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import type { SnsSigning } from "../state/schema";

/** The fields a message carries, by name; only those AWS signs are read. */
export type SnsMessageFields = Readonly<Record<string, string | undefined>>;

const NOTIFICATION_FIELDS = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"];
const CONFIRMATION_FIELDS = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];

/**
 * AWS's string to sign: each signed field's name and value on their own lines,
 * in this fixed order; Subject only when the message has one.
 */
export function stringToSign(message: SnsMessageFields): string {
  const fields = message.Type === "Notification" ? NOTIFICATION_FIELDS : CONFIRMATION_FIELDS;
  return fields
    .filter((name) => message[name] !== undefined)
    .map((name) => `${name}\n${message[name]}\n`)
    .join("");
}

/** Signature version 1 is SHA1withRSA, version 2 SHA256withRSA, both base64 as in the message body. */
export function signMessage(message: SnsMessageFields, signatureVersion: "1" | "2", privateKeyPem: string): string {
  return createSign(signatureVersion === "2" ? "RSA-SHA256" : "RSA-SHA1")
    .update(stringToSign(message), "utf8")
    .sign(privateKeyPem, "base64");
}

const ALGORITHM = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

/** A fresh RSA key and a self-signed certificate for it, made once at first start and kept in the state. */
export async function newSnsSigning(now: Date): Promise<SnsSigning> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString("hex"),
    name: "CN=sns.amazonaws.com, O=Rolegate sandbox (not AWS)",
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000),
    keys,
    signingAlgorithm: ALGORITHM,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  return {
    certId: randomBytes(16).toString("hex"),
    privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n?$/, "\n")}-----END PRIVATE KEY-----\n`,
    certificatePem: certificate.toString("pem") + "\n",
  };
}

/** The path the certificate is served at, named like AWS's. */
export function certificatePath(signing: SnsSigning): string {
  return `/SimpleNotificationService-${signing.certId}.pem`;
}
