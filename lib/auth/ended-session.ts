import "server-only";
import { getToken } from "next-auth/jwt";
import { getConfig } from "@/lib/config";
import { authSecret } from "@/lib/crypto/auth-secret";
import { loadViewer } from "@/lib/dal/users";
import { sessionCookie } from "./options";
import { decodeSession } from "./session-token";

/**
 * next-auth's session endpoint only checks the cookie's signature: a signed-out session, one from
 * before a password change, or one of a deleted account would still be described there and given a
 * fresh cookie. Such a session gets what a visitor without one gets, `{}`, and its cookie is cleared.
 */
export async function endedSessionAnswer(request: Request): Promise<Response | null> {
  if (request.method !== "GET" || !new URL(request.url).pathname.endsWith("/api/auth/session")) return null;
  const secure = getConfig().appUrl.startsWith("https://");
  const token = await getToken({ req: request as never, secret: authSecret(), secureCookie: secure, decode: decodeSession });
  if (!token?.sub) return null; // no session, or one next-auth refuses itself
  const live = await loadViewer(token.sub, { version: typeof token.sv === "number" ? token.sv : undefined, id: typeof token.sid === "string" ? token.sid : undefined });
  if (live) return null;
  const { name } = sessionCookie(secure);
  return Response.json(
    {},
    { headers: { "cache-control": "no-store", "set-cookie": `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}` } },
  );
}
