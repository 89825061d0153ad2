import { createRequire } from "node:module";
import path from "node:path";
import type { AuthOptions } from "next-auth";

// next-auth's request handler, which its route handler wraps (the package does not export the path).
export type Cookie = { name: string; value: string; options: { secure?: boolean; sameSite?: string; httpOnly?: boolean } };
type Handler = <Body>(params: { req: Record<string, unknown>; options: AuthOptions }) => Promise<{ body?: Body; cookies?: Cookie[] }>;
const { AuthHandler } = createRequire(import.meta.url)(path.resolve("node_modules/next-auth/core/index.js")) as { AuthHandler: Handler };

/**
 * A sign-in as the form sends it (e-mail, password, and a code when given), from an address; what
 * next-auth answers: its cookies, the error it sends the browser back with, and whether a session was made.
 */
export async function credentialsAttempt(
  options: AuthOptions,
  email: string,
  password: string,
  { code, from, origin = "https://portal.example" }: { code?: string; from?: string; origin?: string } = {},
) {
  const csrf = await AuthHandler<{ csrfToken: string }>({ req: { action: "csrf", method: "GET", origin, headers: {} }, options });
  const csrfCookie = csrf.cookies!.find((c) => c.name.endsWith("next-auth.csrf-token"))!;
  const answer = await AuthHandler({
    req: {
      action: "callback",
      providerId: "credentials",
      method: "POST",
      origin,
      headers: from ? { "x-forwarded-for": from } : {},
      cookies: { [csrfCookie.name]: csrfCookie.value },
      body: { email, password, csrfToken: csrf.body!.csrfToken, ...(code === undefined ? {} : { code }) },
    },
    options,
  });
  const cookies = [csrfCookie, ...(answer.cookies ?? [])];
  const error = new URL((answer as { redirect?: string }).redirect ?? "/", origin).searchParams.get("error");
  return { cookies, error, session: cookies.some((c) => c.name.endsWith("session-token") && c.value) };
}
