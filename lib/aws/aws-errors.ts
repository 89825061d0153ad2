import { redactSecrets } from "./redact";

/**
 * Turning whatever an STS call threw into plain data: what kind of failure it
 * is (which decides retrying and the explanation), the AWS code and request id
 * for the "details" disclosure, and a redacted message for admins.
 */

/** What kind of failure an STS call had. */
export type StsErrorKind =
  | "access-denied"
  | "throttled"
  | "timeout"
  | "network"
  | "aborted"
  | "aws-unavailable"
  | "region-disabled"
  | "partner-credentials"
  | "clock-skew"
  | "validation"
  | "unknown";

/** A failed STS call as JSON-safe data. `detail` is the redacted raw message: for admins only. */
export interface StsErrorInfo {
  kind: StsErrorKind;
  code?: string;
  requestId?: string;
  httpStatus?: number;
  detail?: string;
}

const CODES: Record<string, StsErrorKind> = {
  AccessDenied: "access-denied",
  AccessDeniedException: "access-denied",
  Throttling: "throttled",
  ThrottlingException: "throttled",
  ThrottledException: "throttled",
  RequestThrottled: "throttled",
  RequestThrottledException: "throttled",
  RequestLimitExceeded: "throttled",
  TooManyRequestsException: "throttled",
  SlowDown: "throttled",
  PriorRequestNotComplete: "throttled",
  RegionDisabledException: "region-disabled",
  InvalidClientTokenId: "partner-credentials",
  SignatureDoesNotMatch: "partner-credentials",
  IncompleteSignature: "partner-credentials",
  MissingAuthenticationToken: "partner-credentials",
  InvalidAccessKeyId: "partner-credentials",
  UnrecognizedClientException: "partner-credentials",
  ExpiredToken: "partner-credentials",
  ExpiredTokenException: "partner-credentials",
  CredentialsProviderError: "partner-credentials",
  ProviderError: "partner-credentials",
  TokenProviderError: "partner-credentials",
  RequestExpired: "clock-skew",
  RequestTimeTooSkewed: "clock-skew",
  ValidationError: "validation",
  ValidationException: "validation",
  InvalidParameterValue: "validation",
  InvalidParameterCombination: "validation",
  MalformedQueryString: "validation",
  InternalFailure: "aws-unavailable",
  InternalError: "aws-unavailable",
  ServiceUnavailable: "aws-unavailable",
  ServiceUnavailableException: "aws-unavailable",
  TimeoutError: "timeout",
  RequestTimeout: "timeout",
  RequestTimeoutException: "timeout",
  AbortError: "aborted",
};

const NETWORK_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "ENOTFOUND", "EAI_AGAIN", "EPIPE",
  "EHOSTUNREACH", "ENETUNREACH", "ENETDOWN", "EHOSTDOWN", "EPROTO", "ERR_SOCKET_CONNECTION_TIMEOUT",
]);
const TIMEOUT_CODES = new Set(["ETIMEDOUT", "ESOCKETTIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT"]);
const TRANSIENT: ReadonlySet<StsErrorKind> = new Set(["throttled", "timeout", "network", "aws-unavailable", "clock-skew"]);

/** True for failures that may pass if the same call is simply made again a little later. */
export function isTransient(kind: StsErrorKind): boolean {
  return TRANSIENT.has(kind);
}

/**
 * Classifies a thrown value. When `signal` is aborted the call was stopped on
 * purpose, whatever the error says.
 */
export function classifyStsError(error: unknown, signal?: AbortSignal): StsErrorInfo {
  const e = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  const metadata = (typeof e.$metadata === "object" && e.$metadata !== null ? e.$metadata : {}) as Record<string, unknown>;
  const name = typeof e.name === "string" && e.name !== "Error" ? e.name : undefined;
  const sysCode = typeof e.code === "string" ? e.code : undefined;
  const httpStatus = typeof metadata.httpStatusCode === "number" ? metadata.httpStatusCode : undefined;
  // A Node socket error is named plain "Error" or "AggregateError"; its `code` says more. The SDK's
  // HTTP handler renames a reset or broken connection (ECONNRESET, EPIPE) "TimeoutError" so that it
  // is retried: the customer is told the connection failed, not that AWS was slow.
  const resetByPeer = name === "TimeoutError" && sysCode !== undefined && NETWORK_CODES.has(sysCode);
  const preferName = name !== undefined && !resetByPeer && (Object.hasOwn(CODES, name) || sysCode === undefined);
  const code = (preferName ? name : sysCode ?? name) ?? (typeof e.Code === "string" ? e.Code : undefined);

  let kind: StsErrorKind;
  if (signal?.aborted) kind = "aborted";
  else if (code !== undefined && Object.hasOwn(CODES, code)) kind = CODES[code]!;
  else if (sysCode !== undefined && NETWORK_CODES.has(sysCode)) kind = "network";
  else if (sysCode !== undefined && TIMEOUT_CODES.has(sysCode)) kind = "timeout";
  else if (httpStatus === 429) kind = "throttled";
  else if ((httpStatus !== undefined && httpStatus >= 500) || e.$fault === "server") kind = "aws-unavailable";
  else kind = "unknown";

  const info: StsErrorInfo = { kind };
  if (code !== undefined) info.code = safeToken(code);
  if (typeof metadata.requestId === "string") info.requestId = safeToken(metadata.requestId);
  if (httpStatus !== undefined) info.httpStatus = httpStatus;
  const message = typeof e.message === "string" ? e.message : typeof error === "string" ? error : undefined;
  if (message) info.detail = redactSecrets(message).slice(0, 1000);
  return info;
}

// Codes and request ids go to the UI and the database as-is, so only short plain tokens pass.
function safeToken(value: string): string {
  return /^[\w.:-]{1,128}$/.test(value) && redactSecrets(value) === value ? value : "[redacted]";
}
