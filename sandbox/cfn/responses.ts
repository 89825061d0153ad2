import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { escapeXml } from "../sts/xml";

/** Where ResponseURLs live: `/cloudformation-custom-resource-response-<region without dashes>/<key>`. */
export const RESPONSE_PATH_PREFIX = "/cloudformation-custom-resource-response-";

/** What a PUT to a ResponseURL gets back: S3's empty 200, or its 403 XML error. */
export interface PutOutcome {
  status: 200 | 403;
  body: string;
}

interface Pending {
  resolve: (body: string) => void;
  expiresAt: number;
}

/**
 * The sandbox's stand-in for the S3 bucket CloudFormation hands custom
 * resources: each ResponseURL is a presigned-URL look-alike whose signature is
 * an HMAC over its path, date and expiry, and it accepts exactly one PUT while
 * its resource waits. Anything else gets the 403 S3 would answer.
 */
export class ResponseBox {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly key: Buffer,
    private readonly baseUrl: () => string,
    private readonly now: () => number,
  ) {}

  /** A new ResponseURL and the body its one PUT will carry; `cancel` forgets it (the resource gave up waiting). */
  open(region: string, stackId: string, logicalId: string, requestId: string, expiresSeconds: number): { url: string; body: Promise<string>; cancel(): void } {
    const path = `${RESPONSE_PATH_PREFIX}${region.replace(/-/g, "")}/${encodeURIComponent(`${stackId}|${logicalId}|${requestId}`)}`;
    const date = new Date(this.now()).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    const query = new URLSearchParams({ "X-Amz-Algorithm": "AWS4-HMAC-SHA256", "X-Amz-Date": date, "X-Amz-Expires": String(expiresSeconds) });
    query.set("X-Amz-Signature", this.sign(path, date, String(expiresSeconds)));
    let resolve: (body: string) => void = () => {};
    const body = new Promise<string>((r) => (resolve = r));
    this.pending.set(path, { resolve, expiresAt: this.now() + expiresSeconds * 1000 });
    return { url: `${this.baseUrl()}${path}?${query}`, body, cancel: () => this.pending.delete(path) };
  }

  /** Takes a PUT to a ResponseURL: the first valid one resolves its resource's wait. */
  put(path: string, query: URLSearchParams, body: string): PutOutcome {
    const date = query.get("X-Amz-Date") ?? "";
    const expires = query.get("X-Amz-Expires") ?? "";
    const given = Buffer.from(query.get("X-Amz-Signature") ?? "");
    const expected = Buffer.from(this.sign(path, date, expires));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return s3Error("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
    }
    const waiting = this.pending.get(path);
    if (!waiting) return s3Error("AccessDenied", "Access Denied");
    if (waiting.expiresAt <= this.now()) {
      this.pending.delete(path);
      return s3Error("AccessDenied", "Request has expired");
    }
    this.pending.delete(path);
    waiting.resolve(body);
    return { status: 200, body: "" };
  }

  clear(): void {
    this.pending.clear();
  }

  private sign(path: string, date: string, expires: string): string {
    return createHmac("sha256", this.key).update(`cfn-response\nPUT\n${path}\n${date}\n${expires}`).digest("hex");
  }
}

function s3Error(code: string, message: string): PutOutcome {
  const requestId = randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase();
  return {
    status: 403,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>${requestId}</RequestId><HostId>${randomUUID()}</HostId></Error>`,
  };
}
