import { randomBytes } from "node:crypto";

/**
 * External IDs: the value a customer's role trust policy requires in
 * `sts:ExternalId`, so that Rolegate cannot be tricked into acting for one
 * customer on another customer's role (the "confused deputy").
 */

/** AWS's shortest allowed External ID. */
export const EXTERNAL_ID_MIN_LENGTH = 2;
/** AWS's longest allowed External ID. */
export const EXTERNAL_ID_MAX_LENGTH = 1224;
/** AWS's character rule for External IDs, as CloudFormation's `AllowedPattern` writes it. */
export const EXTERNAL_ID_ALLOWED_PATTERN = "[\\w+=,.@:/-]*";

const EXTERNAL_ID_RE = /^[\w+=,.@:/-]*$/;

/** Prefix that makes a Rolegate External ID recognisable in a trust policy or a support ticket. */
export const EXTERNAL_ID_PREFIX = "rolegate-";

// 24 bytes = 192 bits, comfortably over the 128 the design asks for; base64url
// keeps every character inside AWS's set without padding.
const RANDOM_BYTES = 24;

/** A new External ID: `rolegate-` and 192 random bits in base64url (41 characters). */
export function generateExternalId(): string {
  return EXTERNAL_ID_PREFIX + randomBytes(RANDOM_BYTES).toString("base64url");
}

/** True when `s` satisfies AWS's External ID rules (2–1224 characters of `[\w+=,.@:/-]`). */
export function isExternalId(s: string): boolean {
  return (
    typeof s === "string" &&
    s.length >= EXTERNAL_ID_MIN_LENGTH &&
    s.length <= EXTERNAL_ID_MAX_LENGTH &&
    EXTERNAL_ID_RE.test(s)
  );
}
