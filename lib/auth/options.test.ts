import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupDatabase, uniqueEmail } from "@/tests/support/db";
import { type Cookie, credentialsAttempt } from "@/tests/support/sign-in";

// Behind HTTPS (APP_URL https://…), as in production: the cookies next-auth sets on a real sign-in.
const appUrl = process.env.APP_URL;
process.env.APP_URL = "https://portal.example";
afterAll(() => {
  if (appUrl === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = appUrl;
});
const { authOptions } = await import("./options");
const { createAdmin, loadViewer } = await import("@/lib/dal/users");
const { confirmMfaEnrolment, startMfaEnrolment } = await import("@/lib/dal/mfa");
const { SIGN_IN_LIMITS } = await import("./sign-in-limits");
const { SECOND_FACTOR_REQUIRED, SECOND_FACTOR_WRONG, TOO_MANY_ATTEMPTS } = await import("./sign-in-errors");
const { totpCode } = await import("@/lib/security/totp");

beforeAll(setupDatabase);

async function signIn(email: string, password: string, extra: { code?: string; from?: string } = {}): Promise<Cookie[]> {
  return (await attempt(email, password, extra)).cookies;
}

/** A sign-in as the form sends it, from an address; what next-auth answers: cookies, and where it sends the browser (with the error). */
const attempt = (email: string, password: string, extra: { code?: string; from?: string } = {}) => credentialsAttempt(authOptions(), email, password, extra);

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

describe("two-factor sign-in", () => {
  const address = () => `198.51.100.${Math.floor(Math.random() * 250)}`;

  async function enrolledAdmin() {
    const email = uniqueEmail("mfa");
    const { id } = await createAdmin({ email, name: "MFA admin", password: "correct horse battery" });
    const viewer = (await loadViewer(id))!;
    const { secret } = await startMfaEnrolment(viewer);
    const codes = await confirmMfaEnrolment(viewer, totpCode(secret));
    return { email, secret, codes };
  }

  it("asks for the code after the right password, and signs in only with it; a code is good once", async () => {
    const { email, secret } = await enrolledAdmin();
    const from = address();
    expect(await attempt(email, "wrong horse battery", { from })).toMatchObject({ session: false, error: "CredentialsSignin" });
    expect(await attempt(email, "correct horse battery", { from })).toMatchObject({ session: false, error: SECOND_FACTOR_REQUIRED });
    expect(await attempt(email, "correct horse battery", { from, code: "000000" })).toMatchObject({ session: false, error: SECOND_FACTOR_WRONG });
    // The enrolment's code was spent; the next step's code (one step of drift is allowed) is not.
    expect(await attempt(email, "correct horse battery", { from, code: totpCode(secret) })).toMatchObject({ session: false, error: SECOND_FACTOR_WRONG });
    const next = totpCode(secret, Date.now() + 30_000);
    expect(await attempt(email, "correct horse battery", { from, code: next })).toMatchObject({ session: true, error: null });
    expect(await attempt(email, "correct horse battery", { from, code: next })).toMatchObject({ session: false, error: SECOND_FACTOR_WRONG });
    // A right code with a wrong password is a wrong password.
    expect(await attempt(email, "wrong horse battery", { from, code: totpCode(secret, Date.now() + 60_000) })).toMatchObject({ session: false });
  });

  it("lets the owner in with the code from a new address while strangers hold the account past its limit; the password alone does not", async () => {
    const { email, codes } = await enrolledAdmin();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount.limit + 5; i++) await attempt(email, "guess", { from: address() });
    const travelling = address();
    // A stranger who knows the password but not a code learns nothing: the answer is "wait".
    expect(await attempt(email, "correct horse battery", { from: travelling })).toMatchObject({ session: false, error: TOO_MANY_ATTEMPTS });
    expect(await attempt(email, "correct horse battery", { from: address(), code: "123456" })).toMatchObject({ session: false, error: TOO_MANY_ATTEMPTS });
    expect(await attempt(email, "guess", { from: address(), code: codes[0] })).toMatchObject({ session: false, error: TOO_MANY_ATTEMPTS });
    // The owner, with password and a recovery code, from an address never seen: in.
    expect(await attempt(email, "correct horse battery", { from: address(), code: codes[1] })).toMatchObject({ session: true });
  });
});
