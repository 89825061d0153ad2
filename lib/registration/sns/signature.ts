import { createVerify, X509Certificate } from "node:crypto";
import { stringToSign, type SnsEnvelope } from "./envelope";

/**
 * Where SNS signing certificates may come from, and checking a message's signature with one.
 *
 * Why not `sns-validator` or `sns-payload-validator`: both fetch the certificate themselves over
 * `https:` only, with no timeout or size limit, and accept any region's SNS host; neither can be
 * told to trust the sandbox's `http://127.0.0.1` origin or exactly one region's host, and neither
 * exports its verification alone. What remains is AWS's documented string-to-sign and Node's RSA
 * verification, which the tests check against messages signed as AWS signs them.
 */

/** Where certificates may come from: AWS's SNS endpoint of the message's region, or the sandbox. */
export type CertificateSource = { kind: "aws"; partition: string } | { kind: "sandbox"; origin: string };

const CERT_PATH = /^\/SimpleNotificationService-[A-Za-z0-9]{1,64}\.pem$/;

/** The certificate URL when it is exactly one Rolegate trusts for a message from `region`, else null. */
export function trustedCertificateUrl(value: string, region: string, source: CertificateSource): URL | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  // Anything the parser had to normalise (case, `\`, dot segments, a default port) is refused.
  if (url.href !== value || url.username || url.password || url.search || url.hash || !CERT_PATH.test(url.pathname)) return null;
  if (source.kind === "sandbox") return url.origin === source.origin ? url : null;
  const host = source.partition === "aws-cn" ? `sns.${region}.amazonaws.com.cn` : `sns.${region}.amazonaws.com`;
  return url.protocol === "https:" && url.host === host ? url : null;
}

/** Signature versions SNS uses: 1 is SHA1withRSA, 2 is SHA256withRSA. */
export function signatureAlgorithm(version: string): "RSA-SHA1" | "RSA-SHA256" | null {
  return version === "1" ? "RSA-SHA1" : version === "2" ? "RSA-SHA256" : null;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** True when `certificate` (valid at `now`) signed the message's string-to-sign with its SignatureVersion. */
export function signatureValid(envelope: SnsEnvelope, certificate: X509Certificate, now: Date): boolean {
  const algorithm = signatureAlgorithm(envelope.SignatureVersion);
  if (!algorithm || !BASE64.test(envelope.Signature)) return false;
  if (now.getTime() < Date.parse(certificate.validFrom) || now.getTime() > Date.parse(certificate.validTo)) return false;
  try {
    return createVerify(algorithm).update(stringToSign(envelope), "utf8").verify(certificate.publicKey, envelope.Signature, "base64");
  } catch {
    return false;
  }
}
