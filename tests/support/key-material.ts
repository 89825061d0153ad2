/** What AWS key material looks like, the sandbox's own session-token format, and Rolegate's own API keys and signing secrets. */
const PATTERNS: Array<[string, RegExp]> = [
  ["access key id", /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g],
  ["sandbox session token", /RGSB1\.[A-Za-z0-9_-]{20,}/g],
  ["STS session token", /\b(?:FwoGZXIvYXdz|IQoJb3JpZ2lu)[A-Za-z0-9/+=]{20,}/g],
  // Rolegate's own secrets: shown once to whoever created them, stored only hashed or sealed.
  ["partner API key", /\brgk_[A-Za-z0-9_-]{43}/g],
  ["webhook signing secret", /\bwhsec_[A-Za-z0-9+/]{40,}={0,2}/g],
  ["credential field", /"?(?:secretAccessKey|SecretAccessKey|sessionToken|SessionToken|aws_secret_access_key)"?\s*[:=]\s*"?(?!\[REDACTED\])[A-Za-z0-9/+=]{16,}/g],
];

/** Every place a text holds key material: pattern matches, and any of the known secret values. */
export function findKeyMaterial(text: string, knownSecrets: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const [what, pattern] of PATTERNS) {
    for (const match of text.matchAll(pattern)) found.push(`${what}: ${match[0].slice(0, 12)}…`);
  }
  for (const secret of knownSecrets) {
    if (secret && text.includes(secret)) found.push(`known secret: ${secret.slice(0, 4)}…`);
  }
  return found;
}
