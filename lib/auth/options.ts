import type { NextAuthOptions } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { applyAuthEnvironment, getConfig } from "@/lib/config";
import { authenticate } from "@/lib/dal/users";
import { signInSchema } from "@/lib/schemas/auth";
import { authSecret } from "./secret";

const SESSION_MAX_AGE_S = 12 * 60 * 60;

let cached: NextAuthOptions | undefined;

/** next-auth configuration: e-mail and password, JWT sessions, built on first use (never at build time). */
export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  applyAuthEnvironment();
  const secure = getConfig().appUrl.startsWith("https://");
  cached = {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    jwt: { maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    useSecureCookies: secure,
    providers: [
      Credentials({
        name: "E-mail and password",
        credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const parsed = signInSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const viewer = await authenticate(parsed.data.email, parsed.data.password);
          return viewer ? { id: viewer.userId, email: viewer.email, name: viewer.name } : null;
        },
      }),
    ],
    callbacks: {
      // The token carries only the user id; role and organisation are read from the database per request.
      async jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      async session({ session, token }) {
        return { expires: session.expires, user: { id: token.sub, email: session.user?.email, name: session.user?.name } };
      },
    },
  };
  return cached;
}
