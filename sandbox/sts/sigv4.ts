import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";
import { stsError } from "./errors";

/** The parts of `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export interface SigV4Authorization {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses the Authorization header, or throws IncompleteSignature as STS does. */
export function parseAuthorization(header: string): SigV4Authorization {
  const match = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(header.trim());
  if (!match) throw stsError.incompleteSignature("Unsupported AWS 'algorithm'. Expected AWS4-HMAC-SHA256.");
  const fields = new Map<string, string>();
  for (const part of (match[1] ?? "").split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ["Credential", "SignedHeaders", "Signature"].filter((name) => !fields.get(name));
  if (missing.length > 0) {
    throw stsError.incompleteSignature(missing.map((name) => `Authorization header requires '${name}' parameter.`).join(" "));
  }
  const scope = (fields.get("Credential") ?? "").split("/");
  const [accessKeyId = "", scopeDate = "", region = "", service = "", terminator] = scope;
  if (scope.length !== 5 || terminator !== "aws4_request" || !/^\d{8}$/.test(scopeDate)) {
    throw stsError.incompleteSignature(
      "Credential should be of the form <AccessKeyId>/<YYYYMMDD>/<region>/<service>/aws4_request.",
    );
  }
  const signedHeaders = (fields.get("SignedHeaders") ?? "").split(";").map((h) => h.toLowerCase());
  return { accessKeyId, scopeDate, region, service, signedHeaders, signature: (fields.get("Signature") ?? "").toLowerCase() };
}

/** The service named in an Authorization header's credential scope, if any. */
export function scopeService(authorization: string | undefined): string | undefined {
  return /Credential=[^/,]*\/\d{8}\/[^/,]*\/([^/,]*)\//.exec(authorization ?? "")?.[1];
}

export interface SignedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Recomputes the signature with @smithy/signature-v4 over exactly the headers
 * the client said it signed, using the region and service of its credential
 * scope, and compares in constant time.
 */
export async function signatureMatches(
  request: SignedRequest,
  auth: SigV4Authorization,
  signingDate: Date,
  secretAccessKey: string,
): Promise<boolean> {
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return false;
    headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  // The signer trusts a declared payload hash (even UNSIGNED-PAYLOAD); the body must be the one signed.
  const declaredHash = headers["x-amz-content-sha256"];
  if (declaredHash !== undefined && declaredHash !== sha256Hex(request.body)) return false;
  const sessionToken = headers["x-amz-security-token"];
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    region: auth.region,
    service: auth.service,
    sha256: NodeSha256,
    // S3 signs the path as sent; every other service escapes it once more.
    uriEscapePath: auth.service !== "s3",
  });
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(request.query.keys())) {
    const values = request.query.getAll(key);
    query[key] = values.length === 1 ? (values[0] ?? "") : values;
  }
  const signed = await signer.sign(
    { method: request.method, protocol: "http:", hostname: "sandbox", path: request.path, query, headers, body: request.body },
    { signingDate, signableHeaders: new Set(auth.signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization ?? ""))?.[1] ?? "";
  const a = Buffer.from(expected);
  const b = Buffer.from(auth.signature);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sha256Hex(body: Buffer): string {
  return createHash("sha256").update(body).digest("hex");
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBuffer(data: SourceData): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** node:crypto behind the hash interface the signer expects (HMAC when given a key). */
export class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }
  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.create();
  }
  private create(): Hash | Hmac {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(this.secret));
  }
}
