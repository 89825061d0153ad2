import type { TemporaryCredentials } from "./sts-port";

/**
 * The read-only calls a permission probe makes with a role session's
 * credentials, as an interface: `s3.ts` implements it with the AWS SDK, tests
 * with fakes. Types only; no SDK import here.
 */

/** What a probe call returned: only that it succeeded, and AWS's request id. Nothing it lists is kept. */
export interface ProbeResponse {
  requestId?: string;
}

/**
 * The probe calls as one role session. Failures are thrown as the SDK throws
 * them (`name` is the AWS error code), for `classifyStsError` to read.
 */
export interface ProbePort {
  /** S3 ListBuckets (IAM action s3:ListAllMyBuckets). */
  listBuckets(signal?: AbortSignal): Promise<ProbeResponse>;
}

/** Probe calls as whoever holds a set of temporary credentials. */
export interface ProbeGateway {
  withCredentials(credentials: TemporaryCredentials): ProbePort;
}
