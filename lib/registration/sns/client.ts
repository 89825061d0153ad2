import { SNSClient } from "@aws-sdk/client-sns";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AwsCredentialIdentity } from "@smithy/types";

/** How to reach SNS in one region. Without `credentials` the SDK's default chain is used. */
export interface SnsClientOptions {
  region: string;
  /** An SNS endpoint override (the sandbox's, or AWS_ENDPOINT_URL_SNS). */
  endpoint?: string;
  credentials?: AwsCredentialIdentity;
  timeoutMs?: number;
}

/** An SNSClient with connection and request timeouts (the SDK's own retries stay on). */
export function createSnsClient(options: SnsClientOptions): SNSClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new SNSClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    requestHandler: new NodeHttpHandler({ connectionTimeout: timeoutMs, requestTimeout: timeoutMs, throwOnRequestTimeout: true }),
  });
}

/** What AWS said when a call failed, for a log line an operator can act on. */
export function snsAnswer(error: unknown): string {
  if (!error || typeof error !== "object") return String(error);
  const e = error as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  return `${String(e.name ?? "Error")}: ${String(e.message ?? "")}${status ? ` (HTTP ${status})` : ""}`;
}
