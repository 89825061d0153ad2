import { SignatureV4 } from "@smithy/signature-v4";
import { NodeSha256 } from "../sts/sigv4";
import type { Credentials } from "./helpers";

export interface RawResponse {
  status: number;
  body: string;
  headers: Headers;
  code?: string;
  message?: string;
}

/** Reads Code and Message out of an STS error document. */
export function parseError(body: string): { code?: string; message?: string } {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  return { ...(code ? { code } : {}), ...(message ? { message: decode(message) } : {}) };
}

function decode(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

/** Sends a request without the SDK: for what the SDK would never send. */
export async function rawRequest(url: string, init: RequestInit = {}): Promise<RawResponse> {
  const response = await fetch(url, init);
  const body = await response.text();
  return { status: response.status, body, headers: response.headers, ...parseError(body) };
}

export interface SignOptions {
  region?: string;
  service?: string;
  signingDate?: Date;
  /** Sent instead of the body that was signed. */
  sendBody?: string;
  extraHeaders?: Record<string, string>;
}

/** A form POST to STS signed with SigV4 by hand, so a test can bend one thing at a time. */
export async function signedPost(endpoint: string, body: string, credentials: Credentials, opts: SignOptions = {}): Promise<RawResponse> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials, region: opts.region ?? "us-east-1", service: opts.service ?? "sts", sha256: NodeSha256 });
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: "/",
      query: {},
      headers: { host: url.host, "content-type": "application/x-www-form-urlencoded", ...opts.extraHeaders },
      body,
    },
    opts.signingDate ? { signingDate: opts.signingDate } : {},
  );
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers.host;
  return rawRequest(endpoint + "/", { method: "POST", headers, body: opts.sendBody ?? body });
}
