/**
 * Removing AWS key material from text before it is stored or shown: error
 * messages are the one place where something secret-shaped could slip in.
 */

// Session tokens are long base64; secret keys are exactly 40 characters of
// [A-Za-z0-9/+] (no padding, so `key=SECRET` still has a boundary); key ids
// start with AKIA (long-term) or ASIA (temporary). Tokens go first so a
// secret-sized slice of a token is not left behind.
const SESSION_TOKEN_RE = /[A-Za-z0-9/+]{100,}={0,2}/g;
const SECRET_KEY_RE = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/g;
const ACCESS_KEY_ID_RE = /\b(?:AKIA|ASIA)[A-Z0-9]{12,124}\b/g;

/** The text with anything shaped like an access key id, secret key or session token replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  return text
    .replace(SESSION_TOKEN_RE, "[redacted]")
    .replace(SECRET_KEY_RE, "[redacted]")
    .replace(ACCESS_KEY_ID_RE, "[redacted]");
}
