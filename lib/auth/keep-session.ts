import "server-only";
import { cookies } from "next/headers";
import type { UserViewer } from "@/lib/dal/viewer";
import { authOptions, SESSION_MAX_AGE_S, sessionClaims } from "./options";
import { encodeSession } from "./session-token";

/**
 * Re-issues this request's session cookie at the account's new session version, so the person who
 * just changed their password stays signed in here while every other session of theirs has ended.
 * Only from a server action or route handler (it sets a cookie).
 */
export async function keepThisSession(viewer: UserViewer, sessionVersion: number): Promise<void> {
  const options = authOptions();
  const token = await encodeSession({
    token: { email: viewer.email, name: viewer.name, ...sessionClaims(viewer.userId, sessionVersion) },
    secret: options.secret!,
    maxAge: SESSION_MAX_AGE_S,
  });
  const cookie = options.cookies!.sessionToken!; // the one next-auth sets and reads
  (await cookies()).set(cookie.name, token, { ...cookie.options, maxAge: SESSION_MAX_AGE_S });
}
