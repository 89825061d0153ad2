import { createRequire } from "node:module";
import path from "node:path";
import type { AuthOptions } from "next-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupDatabase, uniqueEmail } from "@/tests/support/db";

// Behind HTTPS (APP_URL https://…), as in production: the cookies next-auth sets on a real sign-in.
const appUrl = process.env.APP_URL;
process.env.APP_URL = "https://portal.example";
afterAll(() => {
  if (appUrl === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = appUrl;
});
const { authOptions } = await import("./options");
const { createAdmin } = await import("@/lib/dal/users");

// next-auth's request handler, which its route handler wraps (the package does not export the path).
type Cookie = { name: string; value: string; options: { secure?: boolean; sameSite?: string; httpOnly?: boolean } };
type Handler = <Body>(params: { req: Record<string, unknown>; options: AuthOptions }) => Promise<{ body?: Body; cookies?: Cookie[] }>;
const { AuthHandler } = createRequire(import.meta.url)(path.resolve("node_modules/next-auth/core/index.js")) as { AuthHandler: Handler };
const ORIGIN = "https://portal.example";
beforeAll(setupDatabase);

async function signIn(email: string, password: string): Promise<Cookie[]> {
  const options = authOptions();
  const csrf = await AuthHandler<{ csrfToken: string }>({ req: { action: "csrf", method: "GET", origin: ORIGIN, headers: {} }, options });
  const csrfCookie = csrf.cookies!.find((c) => c.name.endsWith("next-auth.csrf-token"))!;
  const answer = await AuthHandler({
    req: {
      action: "callback",
      providerId: "credentials",
      method: "POST",
      origin: ORIGIN,
      headers: {},
      cookies: { [csrfCookie.name]: csrfCookie.value },
      body: { email, password, csrfToken: csrf.body!.csrfToken },
    },
    options,
  });
  return [csrfCookie, ...(answer.cookies ?? [])];
}

describe("session cookies behind HTTPS", () => {
  it("are Secure, httpOnly and SameSite=Lax, with the __Secure-/__Host- prefixes", async () => {
    const email = uniqueEmail("cookie");
    await createAdmin({ email, name: "Cookie admin", password: "correct horse battery" });
    const cookies = await signIn(email, "correct horse battery");
    const session = cookies.find((c) => c.name === "__Secure-next-auth.session-token");
    expect(session?.value, "a session was issued").toBeTruthy();
    for (const cookie of cookies) {
      expect(cookie.name, cookie.name).toMatch(/^__(Secure|Host)-/);
      expect(cookie.options, cookie.name).toMatchObject({ secure: true, sameSite: "lax" });
      if (cookie.name !== "__Secure-next-auth.callback-url") expect(cookie.options.httpOnly, cookie.name).toBe(true);
    }
  });

  it("issue no session for a wrong password", async () => {
    const email = uniqueEmail("cookie");
    await createAdmin({ email, name: "Cookie admin", password: "correct horse battery" });
    const cookies = await signIn(email, "wrong horse battery");
    expect(cookies.find((c) => c.name.endsWith("session-token"))).toBeUndefined();
  });
});
