import { hkdfSync, randomUUID } from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

/**
 * The session cookie's token, in next-auth's own format (a JWE, `dir` + `A256GCM`, its key derived
 * from the secret by HKDF-SHA256 with next-auth's info string), so tokens of either are read by the
 * other. next-auth derives the key again on every read and every renewal, twice a request; here it
 * is derived once per secret and salt.
 */

const DEFAULT_MAX_AGE_S = 30 * 24 * 60 * 60;
const keys = new Map<string, Uint8Array>();

function encryptionKey(secret: string | Buffer, salt: string): Uint8Array {
  const id = `${salt}\u0000${typeof secret === "string" ? secret : secret.toString("base64")}`;
  let key = keys.get(id);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", secret, salt, `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ""}`, 32));
    keys.set(id, key);
  }
  return key;
}

export async function encodeSession({ token = {}, secret, maxAge = DEFAULT_MAX_AGE_S, salt = "" }: JWTEncodeParams): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new EncryptJWT(token).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).setIssuedAt(now).setExpirationTime(now + maxAge).setJti(randomUUID()).encrypt(encryptionKey(secret, salt));
}

export async function decodeSession({ token, secret, salt = "" }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const { payload } = await jwtDecrypt(token, encryptionKey(secret, salt), { clockTolerance: 15 });
  return payload as JWT;
}

/**
 * The session token among a request's cookies: the cookie itself, or its chunks (`name.0`,
 * `name.1`, …) joined in order, as next-auth splits a token too long for one cookie.
 */
export function sessionTokenFrom(cookies: ReadonlyArray<{ name: string; value: string }>, name: string): string | undefined {
  const whole = cookies.find((c) => c.name === name);
  if (whole) return whole.value;
  const chunks = cookies
    .map((c) => ({ index: c.name.startsWith(`${name}.`) ? Number(c.name.slice(name.length + 1)) : NaN, value: c.value }))
    .filter((c) => Number.isInteger(c.index) && c.index >= 0)
    .sort((a, b) => a.index - b.index);
  return chunks.length > 0 ? chunks.map((c) => c.value).join("") : undefined;
}

/** The claims of a valid session token, or null for none, a forged, tampered or expired one. */
export async function readSession(token: string | undefined, secret: string): Promise<JWT | null> {
  if (!token) return null;
  try {
    return await decodeSession({ token, secret });
  } catch {
    return null;
  }
}
