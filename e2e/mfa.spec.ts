import type { Page } from "@playwright/test";
import { totpCode } from "../lib/security/totp";
import { ADMIN_REAUTH, customerSession, e2e, expect, test, unique } from "./fixtures";
import { signIn } from "./pages/customer";
import { actionByKey, callAction, formData, formResult } from "./support/actions";
import { adminApi } from "./support/api-session";

// Two-factor authentication as a customer turns it on and signs in with it, and as the admin's
// dangerous actions ask for the password again.

const PASSWORD = "customer password 123";
/** A code of the next 30-second step: the app's code of now may have been the one just used. */
const nextCode = (secret: string) => totpCode(secret, Date.now() + 30_000);

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/sign-in/);
}

test("a customer turns on two-factor authentication, then signs in with a code or a recovery code, each once", async ({ admin, browser }) => {
  test.setTimeout(120_000);
  const orgId = await admin.createOrganization(unique("MFA Corp"));
  const email = `${unique("mfa")}@customer.test`;
  const { context, page } = await customerSession(browser, await admin.invite(email));
  expect(orgId).toBeTruthy();

  await page.goto("/account/security");
  await expect(page.getByRole("heading", { level: 1, name: "Two-factor authentication" })).toBeVisible();
  // Enrolment asks for the password first.
  await page.getByLabel("Your password").fill("not my password");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByText("That password is not right.")).toBeVisible();
  await page.getByLabel("Your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  const secret = (await page.locator("#totp-secret").innerText()).replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);

  await page.getByLabel("Code from the app").fill("000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("That code is not right.")).toBeVisible();
  await page.getByLabel("Code from the app").fill(totpCode(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const recovery = await list.getByRole("listitem").allInnerTexts();
  await page.getByRole("link", { name: "I have saved them" }).click();
  await expect(page.getByRole("heading", { name: /^On since/ })).toBeVisible();
  await expect(page.getByText("10 recovery codes left.")).toBeVisible();

  // Signing in now takes the code: the password alone is not enough, a wrong code is refused.
  await signOut(page);
  await signIn(page, email, PASSWORD);
  await expect(page.getByLabel("Authentication code")).toBeVisible();
  await page.getByLabel("Authentication code").fill("123456");
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByText(/That code is not right, or it was already used/)).toBeVisible();
  expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});
  await page.getByLabel("Authentication code").fill(nextCode(secret));
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page).toHaveURL(/\/onboarding/);

  // A recovery code signs in once.
  await signOut(page);
  await signIn(page, email, PASSWORD);
  await page.getByLabel("Authentication code").fill(recovery[0]!);
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page).toHaveURL(/\/onboarding/);
  await signOut(page);
  await signIn(page, email, PASSWORD);
  await page.getByLabel("Authentication code").fill(recovery[0]!);
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByText(/That code is not right, or it was already used/)).toBeVisible();

  // Turning it off asks for the password and a code; then the password alone signs in again.
  await page.getByLabel("Authentication code").fill(recovery[1]!);
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page).toHaveURL(/\/onboarding/);
  await page.goto("/account/security");
  await expect(page.getByText("8 recovery codes left.")).toBeVisible();
  const off = page.getByRole("form", { name: "Turn off two-factor authentication" });
  await off.getByLabel("Your password").fill(PASSWORD);
  await off.getByLabel("Authentication code").fill(recovery[0]!);
  await off.getByRole("button", { name: "Turn off" }).click();
  await expect(off.getByText(/That code is not right, or it was already used/)).toBeVisible();
  await off.getByLabel("Your password").fill(PASSWORD);
  await off.getByLabel("Authentication code").fill(recovery[2]!);
  await off.getByRole("button", { name: "Turn off" }).click();
  await expect(page.getByRole("button", { name: "Set up an authenticator app" })).toBeVisible();
  await signOut(page);
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/onboarding/);
  await context.close();
});

test("a new API key and a new External ID ask for the admin's password again; a wrong one changes nothing", async () => {
  const admin = await adminApi();
  const name = unique("Needs password");
  const key = actionByKey("lib/actions/api-keys/create-api-key.ts#createApiKeyAction");
  const without = formResult(await callAction(admin, key, "/admin/api-keys", [{}, formData({ name, scope: "read" })]));
  expect(without).toMatchObject({ ok: false, fieldErrors: { currentPassword: ["Enter your password to confirm it is you."] } });
  const wrong = formResult(await callAction(admin, key, "/admin/api-keys", [{}, formData({ name, scope: "read", currentPassword: "not the password" })]));
  expect(wrong).toMatchObject({ ok: false, fieldErrors: { currentPassword: ["That password is not right."] } });
  const listed = await admin.get("/admin/api-keys");
  expect(await listed.text()).not.toContain(name);
  const right = formResult(await callAction(admin, key, "/admin/api-keys", [{}, formData({ name, scope: "read", ...ADMIN_REAUTH })]));
  expect(right.ok).toBe(true);
  // The password never comes back in the answer.
  expect(JSON.stringify(right)).not.toContain(e2e.adminPassword);
  await admin.dispose();
});
