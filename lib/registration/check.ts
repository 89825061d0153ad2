import "server-only";
import type { RoleArn } from "@/lib/aws/arn";
import { verifyConnection, type VerificationResult } from "@/lib/aws/verify";
import { getConfig } from "@/lib/config";
import { probeGateway, stsGateway } from "@/lib/runtime/aws";

/** What a registration verifies: the role, with the External ID its stack was given. */
export type RegistrationCheckInput = { role: RoleArn; externalId: string; sessionId: string; fresh: boolean };

/** Runs the live checks alone (recording is the caller's); injectable so tests can use a fake STS. */
export type RegistrationCheck = (input: RegistrationCheckInput) => Promise<VerificationResult>;

/** No registration check runs longer than a page's, propagation retries included. */
const DEADLINE_MS = 120_000;

/**
 * The live checks a launch from the onboarding page gets: a role created moments ago by the stack
 * is retried while IAM propagates it. `sessionId` goes into the RoleSessionName the customer's
 * CloudTrail shows.
 */
export const liveRegistrationCheck: RegistrationCheck = async (input) =>
  verifyConnection({
    role: input.role,
    externalId: input.externalId,
    connectionId: input.sessionId,
    sts: await stsGateway(),
    probes: await probeGateway(),
    permissionSet: getConfig().aws.permissionSet,
    retryPropagation: input.fresh,
    stsRegion: getConfig().aws.region,
    signal: AbortSignal.timeout(DEADLINE_MS),
  });
