import { randomBytes } from "node:crypto";
import { StsError } from "../sts/errors";
import { escapeXml } from "../sts/xml";

/** An S3 error as the REST API reports it: a code, an HTTP status and a message. */
export class S3Error extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// AWS's own codes and wording, so SDK clients classify them as they would against S3.
export const s3Error = {
  accessDenied: (message = "Access Denied") => new S3Error("AccessDenied", 403, message),
  noSuchBucket: (bucket: string) => new S3Error("NoSuchBucket", 404, `The specified bucket ${bucket} does not exist`),
  methodNotAllowed: (method: string) => new S3Error("MethodNotAllowed", 405, `The specified method ${method} is not allowed against this resource.`),
  slowDown: () => new S3Error("SlowDown", 503, "Please reduce your request rate."),
  tooLarge: () => new S3Error("MaxMessageLengthExceeded", 400, "Your request was too big."),
  internal: () => new S3Error("InternalError", 500, "We encountered an internal error. Please try again."),
};

/**
 * The S3 form of an authentication failure found by the shared SigV4 check: S3 names
 * them differently from STS (an unknown key is InvalidAccessKeyId, a clock off by
 * more than 15 minutes RequestTimeTooSkewed, an unsigned request AccessDenied).
 */
export function fromAuthError(err: StsError): S3Error {
  switch (err.code) {
    case "InvalidClientTokenId":
      return new S3Error("InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records.");
    case "ExpiredToken":
      return new S3Error("ExpiredToken", 400, "The provided token has expired.");
    case "IncompleteSignature":
      return new S3Error("AuthorizationHeaderMalformed", 400, `The authorization header is malformed; ${err.message}`);
    case "MissingAuthenticationToken":
      return s3Error.accessDenied();
    case "SignatureDoesNotMatch":
      return /^Signature (expired|not yet current)/.test(err.message)
        ? new S3Error("RequestTimeTooSkewed", 403, "The difference between the request time and the current time is too large.")
        : new S3Error("SignatureDoesNotMatch", 403, "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
    default:
      return new S3Error(err.code, err.status, err.message);
  }
}

/** Any thrown value as an S3Error (authentication failures translated, anything unexpected an InternalError). */
export function toS3Error(err: unknown): S3Error {
  if (err instanceof S3Error) return err;
  if (err instanceof StsError) return fromAuthError(err);
  return s3Error.internal();
}

/** S3's error document. */
export function s3ErrorXml(error: S3Error, requestId: string, hostId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
    `<RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`
  );
}

/** S3's request id pair: `x-amz-request-id` (16 hex characters) and `x-amz-id-2`. */
export function newS3RequestIds(): { requestId: string; hostId: string } {
  return { requestId: randomBytes(8).toString("hex").toUpperCase(), hostId: randomBytes(48).toString("base64") };
}
