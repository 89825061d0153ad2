/**
 * The STS operations verification needs, as an interface: `sts.ts` implements
 * it with the AWS SDK, tests with fakes. Types only; no SDK import here.
 */

/** Temporary credentials from AssumeRole. They must never leave the verification that obtained them. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration?: Date;
}

/** An AssumeRole call. `externalId` undefined sends none (the negative check). */
export interface AssumeRoleRequest {
  roleArn: string;
  roleSessionName: string;
  externalId?: string;
  durationSeconds: number;
}

/** What AssumeRole returned. */
export interface AssumeRoleResponse {
  credentials: TemporaryCredentials;
  assumedRoleArn?: string;
  requestId?: string;
}

/** What GetCallerIdentity returned. */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId?: string;
  requestId?: string;
}

/**
 * STS as one identity sees it. Failures are thrown as the SDK throws them
 * (`name` is the AWS error code, `$metadata.requestId` the request id);
 * `classifyStsError` reads them.
 */
export interface StsPort {
  assumeRole(request: AssumeRoleRequest, signal?: AbortSignal): Promise<AssumeRoleResponse>;
  getCallerIdentity(signal?: AbortSignal): Promise<CallerIdentity>;
}

/** STS as the partner, and as whoever holds a set of temporary credentials. */
export interface StsGateway {
  readonly partner: StsPort;
  withCredentials(credentials: TemporaryCredentials): StsPort;
}
