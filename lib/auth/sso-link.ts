import "server-only";
import { randomBytes } from "node:crypto";
import { cookies } from "next/headers";
import { getConfig } from "@/lib/config";
import { openSecret, sealSecret } from "@/lib/security/secret-box";

/**
 * Linking single sign-on to the signed-in account: the account's owner confirms it is them, and a
 * sealed, short-lived cookie says which account the next sign-in with the provider links to. It is
 * sent only to next-auth's callback, read once, and believed only if it opens under the server's key.
 */
const COOKIE = "rolegate.sso-link";
const PURPOSE = "sso-link";
const LINK_WINDOW_MS = 10 * 60 * 1000;
const cookieOptions = () => ({ httpOnly: true, sameSite: "lax" as const, path: "/api/auth/callback", secure: getConfig().appUrl.startsWith("https://") });

/** Marks the next single sign-on in this browser as linking to `userId`. */
export async function startSsoLink(userId: string, now = Date.now()): Promise<void> {
  const intent = JSON.stringify({ u: userId, e: now + LINK_WINDOW_MS, n: randomBytes(8).toString("base64url") });
  (await cookies()).set(COOKIE, sealSecret(intent, PURPOSE), { ...cookieOptions(), maxAge: LINK_WINDOW_MS / 1000 });
}

/** The account this sign-in links to, if the browser brought a valid intent; the intent is used up. */
export async function takeSsoLinkIntent(now = Date.now()): Promise<string | null> {
  const jar = await cookies();
  const sealed = jar.get(COOKIE)?.value;
  if (!sealed) return null;
  jar.set(COOKIE, "", { ...cookieOptions(), maxAge: 0 });
  try {
    const intent = JSON.parse(openSecret(sealed, PURPOSE)) as { u?: unknown; e?: unknown };
    return typeof intent.u === "string" && typeof intent.e === "number" && intent.e > now ? intent.u : null;
  } catch {
    return null;
  }
}
