import { createHmac, hkdfSync } from "node:crypto";
import { REGISTRATION_TOKEN_PATTERN, REGISTRATION_TOKEN_PREFIX } from "@/lib/aws/registration-token";
import { getConfig } from "@/lib/config";
import { authSecret } from "./auth-secret";
import { hashToken } from "./tokens";

/**
 * Registration tokens (the `RegistrationToken` a role stack carries): `rgr_` + HMAC-SHA256 of the
 * token row's id under a key derived from ENCRYPTION_KEY (or AUTH_SECRET). 256 bits no one can
 * guess without the key, yet the server can write the same token again into every launch link
 * without storing it: only its SHA-256 is kept. A changed key yields other tokens, whose hashes no
 * longer match the stored one; the DAL then issues a new row.
 */

const SHAPE = new RegExp(`^${REGISTRATION_TOKEN_PATTERN}$`);

function key(): Buffer {
  const material = getConfig().encryptionKey ?? authSecret();
  return Buffer.from(hkdfSync("sha256", material, "rolegate", "rolegate:registration-token", 32));
}

/** The token of a token row, and the hash that row stores. */
export function registrationToken(rowId: string): { token: string; hash: string } {
  const mac = createHmac("sha256", key()).update(`registration-token:${rowId}`).digest("base64url");
  const token = `${REGISTRATION_TOKEN_PREFIX}${mac}`;
  return { token, hash: hashToken(token) };
}

/** Whether a value has the shape of a registration token (checked before any lookup). */
export function isRegistrationTokenShaped(value: unknown): value is string {
  return typeof value === "string" && SHAPE.test(value);
}
