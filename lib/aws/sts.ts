import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type {
  AssumeRoleRequest,
  AssumeRoleResponse,
  CallerIdentity,
  StsGateway,
  StsPort,
  TemporaryCredentials,
} from "./sts-port";
import { stsSettings } from "./client-settings";

/** How to reach STS. Without `credentials` the SDK's default chain (env, profile, instance or task role) is used. */
export interface StsClientOptions {
  region: string;
  /** An STS endpoint override, e.g. the sandbox's. */
  endpoint?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Limit for connecting, and again for the request and response. */
  timeoutMs: number;
  /** Share one handler (and so its pool of kept-alive connections) between clients. */
  requestHandler?: NodeHttpHandler;
  /** Settings already resolved by another STS client (see {@link stsSettings}). */
  settings?: ReturnType<typeof stsSettings>;
}

/** A connection- and request-limited HTTP handler for STS clients. */
export function createStsRequestHandler(timeoutMs: number): NodeHttpHandler {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError("timeoutMs must be a positive number");
  // Without throwOnRequestTimeout the handler only logs a warning when requestTimeout passes.
  return new NodeHttpHandler({ connectionTimeout: timeoutMs, requestTimeout: timeoutMs, throwOnRequestTimeout: true });
}

/** An STSClient with the SDK's own retries off (verification retries itself, knowing why) and timeouts on. */
export function createStsClient(options: StsClientOptions): STSClient {
  return new STSClient({
    ...options.settings,
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: 1,
    requestHandler: options.requestHandler ?? createStsRequestHandler(options.timeoutMs),
  });
}

/** AssumeRole through `client`, abortable. Leaves `ExternalId` out of the request when it is undefined. */
export async function assumeRole(
  client: STSClient,
  request: AssumeRoleRequest,
  signal?: AbortSignal,
): Promise<AssumeRoleResponse> {
  const output = await client.send(
    new AssumeRoleCommand({
      RoleArn: request.roleArn,
      RoleSessionName: request.roleSessionName,
      DurationSeconds: request.durationSeconds,
      ...(request.externalId !== undefined && { ExternalId: request.externalId }),
    }),
    { abortSignal: signal },
  );
  const c = output.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
    // No credentials in the message: there are none, and this text may be shown to admins.
    throw Object.assign(new Error("AssumeRole answered without complete credentials"), { name: "IncompleteResponse" });
  }
  return {
    credentials: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      ...(c.Expiration && { expiration: c.Expiration }),
    },
    ...(output.AssumedRoleUser?.Arn && { assumedRoleArn: output.AssumedRoleUser.Arn }),
    ...(output.$metadata.requestId && { requestId: output.$metadata.requestId }),
  };
}

/** GetCallerIdentity through `client`, abortable. */
export async function getCallerIdentity(client: STSClient, signal?: AbortSignal): Promise<CallerIdentity> {
  const output = await client.send(new GetCallerIdentityCommand({}), { abortSignal: signal });
  if (!output.Account || !output.Arn) {
    throw Object.assign(new Error("GetCallerIdentity answered without an account or ARN"), { name: "IncompleteResponse" });
  }
  return {
    account: output.Account,
    arn: output.Arn,
    ...(output.UserId && { userId: output.UserId }),
    ...(output.$metadata.requestId && { requestId: output.$metadata.requestId }),
  };
}

/** An {@link StsPort} backed by a real client. */
export function stsPort(client: STSClient): StsPort {
  return {
    assumeRole: (request, signal) => assumeRole(client, request, signal),
    getCallerIdentity: (signal) => getCallerIdentity(client, signal),
  };
}

/** The real {@link StsGateway}, plus `destroy()` to close its pooled connections. */
export interface SdkStsGateway extends StsGateway {
  destroy(): void;
}

/**
 * STS for verification: the partner's client, and short-lived clients for
 * temporary credentials, all sharing one HTTP handler. A temporary client is
 * never destroyed (that would close the shared handler); it holds nothing but
 * the credentials and is garbage once the verification drops it. It takes the partner client's
 * resolved settings rather than resolving them again from the environment on its one request.
 */
export function createStsGateway(options: Omit<StsClientOptions, "requestHandler">): SdkStsGateway {
  const requestHandler = createStsRequestHandler(options.timeoutMs);
  const partnerClient = createStsClient({ ...options, requestHandler });
  const settings = stsSettings(partnerClient.config);
  return {
    partner: stsPort(partnerClient),
    withCredentials: (credentials: TemporaryCredentials) =>
      stsPort(
        createStsClient({
          region: options.region,
          endpoint: options.endpoint,
          timeoutMs: options.timeoutMs,
          requestHandler,
          settings,
          credentials: {
            accessKeyId: credentials.accessKeyId,
            secretAccessKey: credentials.secretAccessKey,
            sessionToken: credentials.sessionToken,
          },
        }),
      ),
    destroy: () => partnerClient.destroy(),
  };
}
