import { createHmac, timingSafeEqual } from "node:crypto";
import { newAccessKeyId } from "../ids";

/** What a session token carries: the assumed role, the session and when it ends. */
export interface SessionClaims {
  accessKeyId: string;
  partition: string;
  accountId: string;
  roleArn: string;
  roleName: string;
  roleId: string;
  sessionName: string;
  expiresAt: number;
  /** Assumed by a role session (role chaining): limits further sessions to one hour. */
  chained: boolean;
}

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

const TOKEN_PREFIX = "RGSB1";

/**
 * Issues temporary credentials without storing them: the token is the claims
 * signed with the sandbox's session key, and the secret key is derived from the
 * access key id with that key. A restart keeps them valid; tampering breaks them.
 */
export function mintSession(key: Buffer, claims: Omit<SessionClaims, "accessKeyId">): TemporaryCredentials {
  const accessKeyId = newAccessKeyId("ASIA");
  const payload = Buffer.from(JSON.stringify({ ...claims, accessKeyId })).toString("base64url");
  return {
    accessKeyId,
    secretAccessKey: sessionSecret(key, accessKeyId),
    sessionToken: `${TOKEN_PREFIX}.${payload}.${mac(key, payload)}`,
    expiration: new Date(claims.expiresAt),
  };
}

/** The claims of a genuine token issued for this access key id, or undefined. Expiry is the caller's check. */
export function openSession(key: Buffer, accessKeyId: string, token: string): SessionClaims | undefined {
  const [prefix, payload, signature, ...rest] = token.split(".");
  if (prefix !== TOKEN_PREFIX || !payload || !signature || rest.length > 0) return undefined;
  const expected = Buffer.from(mac(key, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as SessionClaims;
    return claims.accessKeyId === accessKeyId ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** The secret key that belongs to a temporary access key id. */
export function sessionSecret(key: Buffer, accessKeyId: string): string {
  return createHmac("sha256", key).update(`secret:${accessKeyId}`).digest("base64").slice(0, 40);
}

function mac(key: Buffer, payload: string): string {
  return createHmac("sha256", key).update(`token:${payload}`).digest("base64url");
}
