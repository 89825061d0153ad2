import type { Page } from "@playwright/test";
import { ADMIN_STATE, e2e, expect, test, unique } from "./fixtures";
import { signIn } from "./pages/customer";
import { alerts, type IdpPerson as Person, sessionOf, testIdp } from "./support/idp";

// Single sign-on for partner admins against a real OpenID provider on loopback (e2e/idp/server.mjs).
// One file, one at a time: one test takes the provider down.
test.describe.configure({ mode: "serial" });

const { person, down: idpDown, tamper: idpTamper, login: idpLogin } = testIdp("admin");

/** From Rolegate's sign-in page through the provider's own login form, and back. */
async function ssoSignIn(page: Page, who: Person) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Sign in with ${e2e.ssoName}` }).click();
  await idpLogin(page, who);
}

test.afterEach(async () => Promise.all([idpDown(false), idpTamper({})]));

test("a partner admin of the admin domain signs in through the identity provider, and gets an account just in time without a password", async ({ page }) => {
  const ada = await person({ email: `${unique("ada")}@${e2e.ssoAdminDomain}`, name: "Ada Lovelace" });
  await ssoSignIn(page, ada);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect((await sessionOf(page)).user?.email).toBe(ada.email);
  // Single sign-on's second factor is the provider's: no enrolment is forced or offered, and the account has no password to guess.
  await page.goto("/admin/connections");
  await expect(page).toHaveURL(/\/admin\/connections/);
  await page.goto("/account/security");
  await expect(page.getByText("Your identity provider owns the second factor")).toBeVisible();
  await expect(page.getByRole("form", { name: "Turn on two-factor authentication" })).toHaveCount(0);
  const stranger = await page.context().browser()!.newContext();
  const guess = await stranger.newPage();
  await signIn(guess, ada.email, "any password at all");
  await expect(guess.getByText("Wrong e-mail or password.")).toBeVisible();
  await stranger.close();
  // A dangerous action takes the fresh sign-in as confirmation: there is no password to ask for.
  await page.goto("/admin/api-keys");
  const form = page.getByRole("form", { name: "Create an API key" });
  await expect(form.getByText(`You signed in with ${e2e.ssoName} in the last few minutes`)).toBeVisible();
  await expect(form.getByLabel("Your password")).toHaveCount(0);
  const keyName = unique("SSO key");
  await form.getByRole("textbox", { name: "Name" }).fill(keyName);
  await form.getByRole("button", { name: "Create API key" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Key “${keyName}” created` })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "API key" })).toBeVisible();
  // Signing in again is the same account.
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByRole("button", { name: `Sign in with ${e2e.ssoName}` }).click();
  await expect(page).toHaveURL(/\/admin$/);
  expect((await sessionOf(page)).user?.email).toBe(ada.email);
});

test("a signed-in admin links the provider to their account after the password, and it then signs in to that account", async ({ browser }) => {
  const context = await browser.newContext({ storageState: ADMIN_STATE });
  const page = await context.newPage();
  const linker = await person({ email: `${unique("linker")}@${e2e.ssoAdminDomain}` });
  await page.goto("/account/security");
  const form = page.getByRole("form", { name: `Link ${e2e.ssoName}` });
  await form.getByLabel("Your password").fill("not the password");
  await form.getByRole("button", { name: `Link ${e2e.ssoName}` }).click();
  await expect(form.getByText("That password is not right.")).toBeVisible();
  await form.getByLabel("Your password").fill(e2e.adminPassword);
  await form.getByRole("button", { name: `Link ${e2e.ssoName}` }).click();
  await idpLogin(page, linker);
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByRole("list", { name: "Linked sign-ins" })).toContainText(linker.email);
  expect((await sessionOf(page)).user?.email).toBe(e2e.adminEmail);
  await context.close();

  // Another browser signing in with the provider as that person is in the admin's account, not a new one.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await ssoSignIn(other, linker);
  await expect(other).toHaveURL(/\/admin$/);
  expect((await sessionOf(other)).user?.email).toBe(e2e.adminEmail);
  await fresh.close();
});

test("a person outside the admin domain, or with an unverified e-mail, is refused with the reason, and nothing is signed in", async ({ browser }) => {
  for (const claims of [{ email: `${unique("eve")}@elsewhere.example` }, { email: `${unique("eve")}@${e2e.ssoAdminDomain}`, email_verified: false }]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await ssoSignIn(page, await person(claims));
    await expect(page).toHaveURL(/\/sign-in\?error=SsoNotAllowed/);
    await expect(alerts(page)).toContainText("did not make you a partner admin");
    expect(await sessionOf(page)).toEqual({});
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/sign-in/);
    await context.close();
  }
});

test("a tampered state or nonce on the way back is refused, and nothing is signed in", async ({ page }) => {
  const ada = await person({ email: `${unique("ada")}@${e2e.ssoAdminDomain}` });
  // The provider's answer comes back with another state than the one this browser was given.
  await idpTamper({ state: "forged-state" });
  await ssoSignIn(page, ada);
  await expect(page).toHaveURL(/\/sign-in\?(.*&)?error=OAuthCallback/);
  await expect(alerts(page)).toContainText("could not be checked, so nobody was signed in");
  expect(await sessionOf(page)).toEqual({});

  // The provider is asked to sign another nonce than this browser's: its ID token does not match.
  await page.context().clearCookies();
  await idpTamper({ nonce: "forged-nonce" });
  await ssoSignIn(page, ada);
  await expect(page).toHaveURL(/\/sign-in\?(.*&)?error=OAuthCallback/);
  expect(await sessionOf(page)).toEqual({});
});

test("with the identity provider down, the sign-in page says so and the password form still works", async ({ page }) => {
  await idpDown(true);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Sign in with ${e2e.ssoName}` }).click();
  await expect(page).toHaveURL(/\/sign-in\?(.*&)?error=OAuthSignin/);
  await expect(alerts(page)).toContainText("could not be reached");
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await expect(page).toHaveURL(/\/admin/);
});

test("an unknown error code in the sign-in page's address shows nothing of it", async ({ page }) => {
  await page.goto("/sign-in?error=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  await expect(alerts(page)).toHaveCount(0);
  await expect(page.getByText("<script>")).toHaveCount(0);
});
