import type { AwsCredentialIdentity } from "@smithy/types";
import { classifyStsError, type StsErrorInfo } from "@/lib/aws/aws-errors";
import type { ProbeGateway } from "@/lib/aws/probe-port";
import { createProbeGateway } from "@/lib/aws/s3";
import { createStsGateway, type SdkStsGateway } from "@/lib/aws/sts";
import { getConfig } from "@/lib/config";
import { logger } from "@/lib/log";
import { sandboxInfo } from "./sandbox";

/** Who Rolegate is in AWS: the account customer roles must trust. */
export type PartnerIdentity = { accountId: string; arn: string };

type AwsRuntime = { gateway: SdkStsGateway; identity?: PartnerIdentity };

const STS_TIMEOUT_MS = 10_000;
const globalForAws = globalThis as unknown as { rolegateAws?: Promise<AwsRuntime>; rolegateProbes?: ProbeGateway };

/** Why the partner identity is unknown: a configuration mismatch, or AWS could not be asked. */
export class PartnerIdentityError extends Error {
  override name = "PartnerIdentityError";
  constructor(
    readonly kind: "mismatch" | "unreadable",
    message: string,
    /** What AWS said (or that it could not be reached), for the start-up banner. */
    readonly answer = message,
  ) {
    super(message);
  }
}

/** A failed call told the way an operator needs it: AWS refused, said something else, or was not reached. */
export function awsAnswer(info: StsErrorInfo): string {
  const said = [info.code, info.detail && info.detail !== info.code ? info.detail : undefined].filter(Boolean).join(": ");
  if (info.kind === "network" || info.kind === "timeout") return `AWS could not be reached (${said || info.kind})`;
  if (info.kind === "partner-credentials") return `AWS rejected the credentials (${said})`;
  return `AWS answered ${said || info.kind}${info.httpStatus ? ` (HTTP ${info.httpStatus})` : ""}`;
}

/**
 * The credentials AWS clients act as the partner with: the sandbox's made-up partner key pair in
 * sandbox mode; undefined in aws mode, where the SDK's default credential chain is used.
 */
export async function partnerCredentials(): Promise<AwsCredentialIdentity | undefined> {
  const config = getConfig();
  if (config.aws.mode !== "sandbox") return undefined;
  const info = await sandboxInfo(config.sandbox.url);
  if (!info) throw new PartnerIdentityError("unreadable", `The sandbox does not answer at ${config.sandbox.url}.`);
  return { accessKeyId: info.partner.accessKeyId, secretAccessKey: info.partner.secretAccessKey };
}

async function create(): Promise<AwsRuntime> {
  const config = getConfig();
  const credentials = await partnerCredentials();
  const gateway = createStsGateway({
    region: config.aws.region,
    timeoutMs: STS_TIMEOUT_MS,
    ...(config.aws.stsEndpoint ? { endpoint: config.aws.stsEndpoint } : {}),
    ...(credentials ? { credentials } : {}),
  });
  return { gateway };
}

function runtime(): Promise<AwsRuntime> {
  globalForAws.rolegateAws ??= create().catch((error: unknown) => {
    globalForAws.rolegateAws = undefined; // try again on next use
    throw error;
  });
  return globalForAws.rolegateAws;
}

/** STS as the partner, and as temporary credentials. */
export async function stsGateway(): Promise<SdkStsGateway> {
  return (await runtime()).gateway;
}

/**
 * The permission probe's calls (S3), as whichever role session a verification hands it. It acts
 * only as role sessions, so unlike STS it needs no partner credentials (nor the sandbox's).
 */
export async function probeGateway(): Promise<ProbeGateway> {
  const { aws } = getConfig();
  globalForAws.rolegateProbes ??= createProbeGateway({
    region: aws.region,
    timeoutMs: STS_TIMEOUT_MS,
    ...(aws.s3Endpoint ? { endpoint: aws.s3Endpoint } : {}),
  });
  return globalForAws.rolegateProbes;
}

/**
 * The partner's identity from GetCallerIdentity (cached once known), checked against
 * PARTNER_AWS_ACCOUNT_ID when that is set. Throws PartnerIdentityError when it cannot be read.
 */
export async function partnerIdentity(): Promise<PartnerIdentity> {
  const rt = await runtime();
  if (rt.identity) return rt.identity;
  const expected = getConfig().aws.partnerAccountId;
  let identity: PartnerIdentity;
  try {
    const caller = await rt.gateway.partner.getCallerIdentity(AbortSignal.timeout(STS_TIMEOUT_MS));
    identity = { accountId: caller.account, arn: caller.arn };
  } catch (error) {
    const answer = awsAnswer(classifyStsError(error));
    throw new PartnerIdentityError("unreadable", `Could not read the partner's AWS identity with GetCallerIdentity: ${answer}. Check the AWS credentials Rolegate runs with.`, answer);
  }
  if (expected && identity.accountId !== expected) {
    throw new PartnerIdentityError(
      "mismatch",
      `PARTNER_AWS_ACCOUNT_ID is ${expected}, but Rolegate's AWS credentials belong to account ${identity.accountId} (${identity.arn}).`,
    );
  }
  rt.identity = identity;
  logger().info({ partnerAccountId: identity.accountId, partnerArn: identity.arn }, "partner identity");
  return identity;
}
