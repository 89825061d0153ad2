import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import type { ProbeGateway, ProbePort } from "./probe-port";
import { s3Settings } from "./client-settings";
import { createStsRequestHandler } from "./sts";
import type { TemporaryCredentials } from "./sts-port";

/** How to reach S3 for permission probes. */
export interface ProbeClientOptions {
  region: string;
  /** An S3 endpoint override, e.g. the sandbox's or a VPC endpoint (path-style addressing). */
  endpoint?: string;
  /** Limit for connecting, and again for the request and response. */
  timeoutMs: number;
}

/** ListBuckets as `client`'s credentials, abortable; asks for one bucket, as only the permission matters. */
export async function listBuckets(client: S3Client, signal?: AbortSignal): Promise<{ requestId?: string }> {
  const output = await client.send(new ListBucketsCommand({ MaxBuckets: 1 }), { abortSignal: signal });
  return output.$metadata.requestId ? { requestId: output.$metadata.requestId } : {};
}

/**
 * The real {@link ProbeGateway}: an S3 client per role session, all sharing one
 * HTTP handler. As with STS, the SDK's own retries are off (verification retries
 * itself, knowing why) and a temporary client holds nothing but its credentials. The settings
 * resolved from the environment come from one client without credentials that never sends.
 */
export function createProbeGateway(options: ProbeClientOptions): ProbeGateway {
  const requestHandler = createStsRequestHandler(options.timeoutMs);
  const location = { region: options.region, ...(options.endpoint !== undefined && { endpoint: options.endpoint, forcePathStyle: true }) };
  const settings = s3Settings(new S3Client({ ...location, maxAttempts: 1, requestHandler }).config);
  return {
    withCredentials: (credentials: TemporaryCredentials): ProbePort => {
      const client = new S3Client({
        ...settings,
        ...location,
        credentials: {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          sessionToken: credentials.sessionToken,
        },
        maxAttempts: 1,
        requestHandler,
      });
      return { listBuckets: (signal) => listBuckets(client, signal) };
    },
  };
}
