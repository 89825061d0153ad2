import { assumedRoleArn, partitionForRegion, REGION_PATTERN, userArn } from "../arn";
import type { SandboxStore } from "../state/store";
import { stsError } from "./errors";
import { openSession, sessionSecret } from "./session";
import { parseAuthorization, type SignedRequest, signatureMatches } from "./sigv4";

/** The identity behind a correctly signed request. */
export interface Caller {
  type: "User" | "AssumedRole";
  partition: string;
  accountId: string;
  /** The user ARN, or the assumed-role session ARN (what GetCallerIdentity answers). */
  arn: string;
  /** What aws:PrincipalArn holds: the user ARN, or for a session its role's ARN. */
  principalArn: string;
  userId: string;
  /** The region of the credential scope, i.e. the STS endpoint the client meant to call. */
  region: string;
  roleArn?: string;
}

/** SigV4 accepts a signing date up to 15 minutes away from the server's clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * Authenticates a request as STS (or SNS and S3: same keys, another service in the scope) does: a known key, a session token exactly
 * when the key is temporary, an unexpired session, a fresh date and a
 * signature that matches. Throws the StsError AWS would return.
 */
export async function authenticate(request: SignedRequest, store: SandboxStore, now: number, service: "sts" | "sns" | "s3" = "sts"): Promise<Caller> {
  const header = request.headers.authorization;
  if (header === undefined) {
    if (request.query.has("X-Amz-Algorithm")) {
      throw stsError.incompleteSignature("The sandbox accepts SigV4 in the Authorization header only, not presigned URLs.");
    }
    throw stsError.missingAuthenticationToken();
  }
  const auth = parseAuthorization(header);
  if (auth.service !== service) throw stsError.signatureDoesNotMatch(`Credential should be scoped to correct service: '${service}'. `);
  if (!REGION_PATTERN.test(auth.region)) throw stsError.signatureDoesNotMatch("Credential should be scoped to a valid region. ");

  const tokenHeader = request.headers["x-amz-security-token"];
  const token = Array.isArray(tokenHeader) ? tokenHeader.join(",") : tokenHeader;
  const partner = store.partner;
  let caller: Caller;
  let secret: string;
  if (auth.accessKeyId === partner.accessKeyId && token === undefined) {
    const partition = partitionForRegion(auth.region);
    const arn = userArn(partition, partner.accountId, partner.userName);
    caller = { type: "User", partition, accountId: partner.accountId, arn, principalArn: arn, userId: partner.userId, region: auth.region };
    secret = partner.secretAccessKey;
  } else if (auth.accessKeyId.startsWith("ASIA") && token !== undefined) {
    const session = openSession(store.sessionKey, auth.accessKeyId, token);
    if (!session) throw stsError.invalidClientTokenId();
    if (session.expiresAt <= now) throw stsError.expiredToken();
    caller = {
      type: "AssumedRole",
      partition: session.partition,
      accountId: session.accountId,
      arn: assumedRoleArn(session.partition, session.accountId, session.roleName, session.sessionName),
      principalArn: session.roleArn,
      userId: `${session.roleId}:${session.sessionName}`,
      region: auth.region,
      roleArn: session.roleArn,
    };
    secret = sessionSecret(store.sessionKey, auth.accessKeyId);
  } else {
    // Unknown keys, a temporary key without its token, and a long-term key with a token all land here.
    throw stsError.invalidClientTokenId();
  }

  checkDate(request, auth.scopeDate, now);
  if (!auth.signedHeaders.includes("host")) {
    throw stsError.incompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const signingDate = parseAmzDate(String(request.headers["x-amz-date"]));
  if (!(await signatureMatches(request, auth, signingDate, secret))) throw stsError.signatureDoesNotMatch();
  return caller;
}

function checkDate(request: SignedRequest, scopeDate: string, now: number): void {
  const raw = request.headers["x-amz-date"];
  if (typeof raw !== "string" || !/^\d{8}T\d{6}Z$/.test(raw)) {
    throw stsError.incompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (raw.slice(0, 8) !== scopeDate) {
    throw stsError.signatureDoesNotMatch(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${raw.slice(0, 8)}', from '${raw}'.`,
    );
  }
  const signedAt = parseAmzDate(raw).getTime();
  if (signedAt < now - MAX_SKEW_MS) {
    throw stsError.signatureDoesNotMatch(`Signature expired: ${raw} is now earlier than ${amzDate(now - MAX_SKEW_MS)} (${amzDate(now)} - 15 min.)`);
  }
  if (signedAt > now + MAX_SKEW_MS) {
    throw stsError.signatureDoesNotMatch(`Signature not yet current: ${raw} is still later than ${amzDate(now + MAX_SKEW_MS)} (${amzDate(now)} + 15 min.)`);
  }
}

function parseAmzDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return new Date(NaN);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}
