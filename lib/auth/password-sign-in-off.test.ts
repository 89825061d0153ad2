import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { credentialsAttempt } from "@/tests/support/sign-in";

// Single sign-on configured and admins' passwords turned off, as a partner that has moved its admins to its provider.
const settings = {
  APP_URL: "https://portal.example",
  OIDC_ISSUER: "https://login.partner.example",
  OIDC_CLIENT_ID: "rolegate",
  OIDC_CLIENT_SECRET: "s3cret",
  OIDC_ADMIN_DOMAINS: "partner.example",
  ADMIN_PASSWORD_SIGN_IN: "false",
};
const before = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
Object.assign(process.env, settings);
afterAll(() => {
  for (const [name, value] of Object.entries(before)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
const { authOptions } = await import("./options");
const { PASSWORD_SIGN_IN_OFF } = await import("./sign-in-errors");
beforeAll(setupDatabase);

describe("with ADMIN_PASSWORD_SIGN_IN=false", () => {
  it("refuses a partner admin's right password with the reason, and still lets customers sign in with theirs", async () => {
    const admin = await newAdmin();
    const refused = await credentialsAttempt(authOptions(), admin.email, "correct horse battery");
    expect(refused).toMatchObject({ error: PASSWORD_SIGN_IN_OFF, session: false });
    // A wrong password says only that: whether the account is an admin's is not told.
    expect(await credentialsAttempt(authOptions(), admin.email, "wrong password")).toMatchObject({ error: "CredentialsSignin", session: false });
    const member = await newMember(admin, await newOrganization(admin));
    expect(await credentialsAttempt(authOptions(), member.email, "correct horse battery")).toMatchObject({ error: null, session: true });
  });

  it("offers the partner's provider among next-auth's providers, with PKCE, state and nonce", () => {
    const sso = authOptions().providers.find((p) => p.id === "oidc") as { checks?: string[]; wellKnown?: string; idToken?: boolean } | undefined;
    expect(sso).toMatchObject({ wellKnown: "https://login.partner.example/.well-known/openid-configuration", idToken: true });
    expect([...(sso?.checks ?? [])].sort()).toEqual(["nonce", "pkce", "state"]);
  });
});
