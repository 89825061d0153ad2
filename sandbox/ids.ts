import { randomBytes, randomInt, randomUUID } from "node:crypto";

// AWS access key ids use a base32-like alphabet after their 4-letter prefix.
const KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
// Unique ids (AIDA…, AROA…) are 17 upper-case letters and digits after the prefix.
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function randomChars(alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A 20-character access key id: AKIA… for long-term keys, ASIA… for temporary ones. */
export function newAccessKeyId(prefix: "AKIA" | "ASIA"): string {
  return prefix + randomChars(KEY_ALPHABET, 16);
}

/** A 40-character secret access key, as IAM issues them. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString("base64");
}

/** An IAM unique id: AIDA… for users, AROA… for roles. */
export function newUniqueId(prefix: "AIDA" | "AROA"): string {
  return prefix + randomChars(ID_ALPHABET, 17);
}

/** A request id in the UUID form STS uses. */
export function newRequestId(): string {
  return randomUUID();
}

/** The random suffix CloudFormation appends to generated physical names. */
export function newPhysicalSuffix(): string {
  return randomChars(ID_ALPHABET, 12);
}
