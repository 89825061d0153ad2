import { Secret, TOTP } from "otpauth";

/**
 * Time-based one-time passwords (RFC 6238) as every authenticator app reads them: SHA-1, six
 * digits, 30-second steps, a 160-bit secret. A code is accepted one step either side of now, for
 * clocks that drift; which step it matched is returned so the caller can refuse it a second time.
 */

const PERIOD_S = 30;
const DIGITS = 6;

function totp(secretBase32: string, label = "Rolegate"): TOTP {
  return new TOTP({ issuer: "Rolegate", label, algorithm: "SHA1", digits: DIGITS, period: PERIOD_S, secret: Secret.fromBase32(secretBase32) });
}

/** A new random secret, in base32 (what an authenticator app takes when typed in). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI a QR code carries, labelled with the account's e-mail. */
export function totpUri(secretBase32: string, email: string): string {
  return totp(secretBase32, email).toString();
}

/** The code an authenticator shows at `now` (for tests and the sandbox's helpers). */
export function totpCode(secretBase32: string, now = Date.now()): string {
  return totp(secretBase32).generate({ timestamp: now });
}

/** Whether `code` looks like a TOTP code at all (six digits, spaces allowed between). */
export function isTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ""));
}

/** The time step `code` belongs to, or null when it matches none of the steps around `now`. */
export function totpStep(secretBase32: string, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s/g, "");
  if (!isTotpCode(token)) return null;
  const generator = totp(secretBase32);
  const delta = generator.validate({ token, timestamp: now, window: 1 });
  return delta === null ? null : generator.counter({ timestamp: now }) + delta;
}
