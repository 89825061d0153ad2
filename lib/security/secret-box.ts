import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "@/lib/crypto/auth-secret";
import { getConfig } from "@/lib/config";

/**
 * Secrets Rolegate must be able to read back (webhook signing secrets) are stored encrypted with
 * AES-256-GCM under a key derived (HKDF-SHA256) from ENCRYPTION_KEY, or AUTH_SECRET when that is
 * unset. A copy of the database alone does not give them away. Each purpose has its own key.
 */

const VERSION = "v1";

function keyFor(purpose: string): Buffer {
  const material = getConfig().encryptionKey ?? authSecret();
  return Buffer.from(hkdfSync("sha256", material, "rolegate", `rolegate:${purpose}`, 32));
}

/** Encrypts a secret for storage: `v1.<iv>.<ciphertext+tag>` (base64url). */
export function sealSecret(plaintext: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(purpose), iv);
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, iv.toString("base64url"), sealed.toString("base64url")].join(".");
}

/** Decrypts what sealSecret made; throws if it was made with another key or altered. */
export function openSecret(sealed: string, purpose: string): string {
  const [version, iv, body] = sealed.split(".");
  if (version !== VERSION || !iv || !body) throw new Error("not a sealed secret");
  const data = Buffer.from(body, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(purpose), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
}
