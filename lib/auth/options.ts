import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { applyAuthEnvironment, getConfig } from "@/lib/config";
import { endSession } from "@/lib/dal/sessions";
import { authenticate } from "@/lib/dal/users";
import { signInSchema } from "@/lib/schemas/auth";
import { authSecret } from "@/lib/crypto/auth-secret";
import { clientAddress } from "@/lib/security/client-address";
import { safeCallbackUrl } from "@/lib/security/safe-next";
import { spendSecondFactor } from "@/lib/dal/mfa";
import { PASSWORD_SIGN_IN_OFF, SECOND_FACTOR_REQUIRED, SECOND_FACTOR_WRONG } from "./sign-in-errors";
import { decodeSession, encodeSession } from "./session-token";
import { adminSsoProviders } from "./sso-provider";
import { signInSucceeded, startSignInAttempt, TOO_MANY_ATTEMPTS } from "./sign-in-limits";

export const SESSION_MAX_AGE_S = 12 * 60 * 60;

/** The session cookie, as next-auth names and sets it by default (stated here for `keepThisSession`). */
export function sessionCookie(secure: boolean) {
  return {
    name: `${secure ? "__Secure-" : ""}next-auth.session-token`,
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
  };
}

/**
 * What a new session's token carries besides next-auth's own claims: whose it is, the account's
 * session version, its own id, when it was signed in, and "sso" when that was by single sign-on.
 */
export function sessionClaims(userId: string, sessionVersion: number, method: "password" | "sso" = "password", now = Date.now()) {
  return { sub: userId, sv: sessionVersion, sid: randomUUID(), at: now, ...(method === "sso" ? { m: "sso" as const } : {}) };
}

let cached: NextAuthOptions | undefined;

/** next-auth configuration: e-mail and password, JWT sessions, built on first use (never at build time). */
export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  applyAuthEnvironment();
  const secure = getConfig().appUrl.startsWith("https://");
  cached = {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    jwt: { maxAge: SESSION_MAX_AGE_S, encode: encodeSession, decode: decodeSession },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    useSecureCookies: secure,
    cookies: { sessionToken: sessionCookie(secure) },
    providers: [
      ...adminSsoProviders(),
      Credentials({
        name: "E-mail and password",
        credentials: {
          email: { label: "E-mail", type: "email" },
          password: { label: "Password", type: "password" },
          code: { label: "Authentication code", type: "text" },
        },
        async authorize(credentials, request) {
          const parsed = signInSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const { email, password, code } = parsed.data;
          const forwarded = request?.headers?.["x-forwarded-for"];
          const address = clientAddress(typeof forwarded === "string" ? forwarded : undefined, getConfig().trustedProxyHops);
          // Counted before the password is checked, so an address made to wait cannot probe the account further.
          const allowance = await startSignInAttempt(email, address, new Date(), { secondFactor: Boolean(code) });
          if (!allowance) throw new Error(TOO_MANY_ATTEMPTS);
          const viewer = await authenticate(email, password);
          if (allowance === "only-with-second-factor") {
            // Past the account's limit: all or nothing, and every failure reads the same.
            if (!viewer?.mfaEnabled || !code || !(await spendSecondFactor(viewer.userId, code))) throw new Error(TOO_MANY_ATTEMPTS);
          } else {
            if (!viewer) return null;
            if (viewer.mfaEnabled) {
              if (!code) throw new Error(SECOND_FACTOR_REQUIRED);
              if (!(await spendSecondFactor(viewer.userId, code))) throw new Error(SECOND_FACTOR_WRONG);
            }
          }
          if (viewer.role === "admin" && !getConfig().adminPasswordSignIn) throw new Error(PASSWORD_SIGN_IN_OFF);
          await signInSucceeded(email, address);
          return { id: viewer.userId, email: viewer.email, name: viewer.name, sessionVersion: viewer.sessionVersion };
        },
      }),
    ],
    callbacks: {
      // The token carries the user id, session version and session id only; role and organisation are read from the database per request.
      async jwt({ token, user }) {
        return user ? { ...token, ...sessionClaims(user.id, user.sessionVersion ?? 0, user.signInMethod ?? "password") } : token;
      },
      // A refused single sign-on (the partner's or a customer's) goes back to the sign-in page with its reason; nothing is signed in.
      async signIn({ user, account }) {
        if (account?.type !== "oauth") return true;
        return user.ssoRefusal ? `${getConfig().appUrl}/sign-in?error=${encodeURIComponent(user.ssoRefusal)}` : true;
      },
      async redirect({ url, baseUrl }) {
        return safeCallbackUrl(url, baseUrl);
      },
      async session({ session, token }) {
        return {
          expires: session.expires,
          user: {
            id: token.sub,
            email: session.user?.email,
            name: session.user?.name,
            sessionVersion: token.sv ?? 0,
            sessionId: token.sid,
            signInMethod: token.m ?? "password",
            signedInAt: token.at,
          },
        };
      },
    },
    events: {
      // The cookie is gone from this browser; a copy of it must stop working too.
      async signOut({ token }) {
        if (token?.sid) await endSession(token.sid, new Date(typeof token.exp === "number" ? token.exp * 1000 : Date.now() + SESSION_MAX_AGE_S * 1000));
      },
    },
  };
  return cached;
}
