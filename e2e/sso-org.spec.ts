import type { Browser, Page } from "@playwright/test";
import { ADMIN_STATE, customerSession, e2e, expect, test, unique } from "./fixtures";
import { AdminPages } from "./pages/admin";
import { signIn } from "./pages/customer";
import { testAddress } from "./support/api-session";
import { alerts, sessionOf, testIdp } from "./support/idp";

// A customer organisation's own single sign-on, against a real OpenID provider on loopback
// (e2e/idp/server.mjs, the organisations' provider at /org). One file, one at a time: one test takes
// that provider down.
test.describe.configure({ mode: "serial" });

const CLIENT_ID = "rolegate-org-e2e";
const CLIENT_SECRET = "rolegate-org-e2e-secret";
const SSO_NAME = "Acme Login";
const domain = `${unique("acme")}.test`.toLowerCase();
const { issuer: ISSUER, person, down: idpDown, tamper: idpTamper, login: idpLogin } = testIdp("org", { name: "Grace Hopper" });
const world = { organizationId: "", externalId: "" };

/** The sign-in page's company single sign-on with a work e-mail. */
async function companySso(page: Page, workEmail: string) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with your company's single sign-on" }).click();
  const form = page.getByRole("form", { name: "Company single sign-on" });
  await form.getByLabel("Work e-mail").fill(workEmail);
  await form.getByRole("button", { name: "Continue with single sign-on" }).click();
  return form;
}

async function freshPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: e2e.baseURL });
  return { context, page: await context.newPage() };
}

test.afterEach(async () => Promise.all([idpDown(false), idpTamper({})]));

test("an admin sets up an organisation's single sign-on after confirming it is them; the issuer is checked and the secret is never shown", async ({ admin }) => {
  const page = admin.page;
  world.organizationId = await admin.createOrganization(unique("SSO customer"));
  world.externalId = await admin.externalIdOf(world.organizationId);
  await expect(page.getByRole("textbox", { name: "Redirect URI" })).toHaveValue(
    `${e2e.baseURL}/api/auth/callback/org-${world.organizationId}`,
  );
  await page.getByRole("button", { name: "Set up single sign-on" }).click();
  const form = page.getByRole("form", { name: "Set up single sign-on" });
  await form.getByLabel("Name on the sign-in button").fill(SSO_NAME);
  await form.getByLabel("Issuer URL").fill(`${ISSUER}/not-the-issuer`);
  await form.getByLabel("Client ID").fill(CLIENT_ID);
  await form.getByLabel("Client secret").fill(CLIENT_SECRET);
  await form.getByLabel("E-mail domains").fill(`${domain.toUpperCase()}, @${domain}`);
  await form.getByLabel("Your password").fill("not the password");
  await form.getByRole("button", { name: "Save single sign-on" }).click();
  await expect(form.getByText("That password is not right.")).toBeVisible();
  // The password was right, the issuer is not: its configuration is not there.
  await form.getByLabel("Your password").fill(e2e.adminPassword);
  await form.getByLabel("Client secret").fill(CLIENT_SECRET);
  await form.getByRole("button", { name: "Save single sign-on" }).click();
  await expect(form.getByText(/configuration .* could not be read: HTTP 404/)).toBeVisible();
  await expect(form.getByLabel("Client secret")).toHaveValue("");
  await form.getByLabel("Issuer URL").fill(ISSUER);
  await form.getByLabel("Client secret").fill(CLIENT_SECRET);
  await form.getByLabel("Your password").fill(e2e.adminPassword);
  await form.getByRole("button", { name: "Save single sign-on" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Single sign-on saved" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("region", { name: "Single sign-on" })).toContainText(domain);
  for (const html of [await page.content(), await (await page.request.get(`/admin/organizations/${world.organizationId}`)).text()]) {
    expect(html).not.toContain(CLIENT_SECRET);
  }
});

test("a new customer of an allowed domain signs in with the company's single sign-on and lands in that organisation's onboarding, a member without an invite", async ({ browser }) => {
  const { context, page } = await freshPage(browser);
  const grace = await person({ email: `grace@${domain}` });
  await companySso(page, grace.email);
  await idpLogin(page, grace);
  await expect(page).toHaveURL(/\/onboarding/);
  await expect(page.getByRole("textbox", { name: "External ID" })).toHaveValue(world.externalId);
  expect((await sessionOf(page)).user?.email).toBe(grace.email);
  // No password to enrol an authenticator with: the provider owns the second factor.
  await page.goto("/account/security");
  await expect(page.getByText("Your identity provider owns the second factor")).toBeVisible();
  await expect(page.getByRole("form", { name: "Turn on two-factor authentication" })).toHaveCount(0);
  // The admin sees the new member.
  await context.close();
  const adminContext = await browser.newContext({ baseURL: e2e.baseURL, storageState: ADMIN_STATE });
  const adminPage = await adminContext.newPage();
  await adminPage.goto(`/admin/organizations/${world.organizationId}`);
  await expect(adminPage.getByText(grace.email)).toBeVisible();
  for (const html of [await adminPage.content()]) expect(html).not.toContain(CLIENT_SECRET);
  await adminContext.close();
});

test("an e-mail of another domain finds no single sign-on, and a provider's answer outside the domains or unverified is refused", async ({ browser }) => {
  const { context, page } = await freshPage(browser);
  const form = await companySso(page, `eve@${unique("nowhere")}.example`);
  await expect(form.getByText("There is no single sign-on for this e-mail's domain.")).toBeVisible();
  // The e-mail typed is of the domain, the one the provider vouches for is not, or is not verified.
  for (const claims of [{ email: `eve@${unique("elsewhere")}.example` }, { email: `eve-${unique("u")}@${domain}`, email_verified: false }]) {
    await context.clearCookies();
    const eve = await person(claims);
    await companySso(page, `eve@${domain}`);
    await idpLogin(page, eve);
    await expect(page).toHaveURL(/\/sign-in\?error=OrgSsoNotAllowed/);
    await expect(alerts(page)).toContainText("did not admit you here");
    expect(await sessionOf(page)).toEqual({});
  }
  await context.close();
});

test("one address may try only 20 domains without single sign-on in 15 minutes, so the form cannot list the domains that have it", async ({ browser }) => {
  const { context, page } = await freshPage(browser);
  await page.setExtraHTTPHeaders({ "x-forwarded-for": testAddress() });
  for (let i = 0; i < 20; i++) {
    const form = await companySso(page, `eve@${unique("probe")}.example`.toLowerCase());
    await expect(form.getByText("There is no single sign-on for this e-mail's domain.")).toBeVisible();
  }
  const form = await companySso(page, `eve@${domain}`);
  await expect(form.getByText(/Too many e-mail domains without single sign-on were tried from your network/)).toBeVisible();
  // Another address is not held back.
  await page.setExtraHTTPHeaders({ "x-forwarded-for": testAddress() });
  await companySso(page, `grace@${domain}`);
  await expect(page).toHaveURL(new RegExp(`^${ISSUER}/interaction/`));
  await context.close();
});

test("an existing password account of the domain is not taken over: its owner is told to sign in with the password and link", async ({ browser, adminPage }) => {
  const email = `pat-${unique("p").toLowerCase()}@${domain}`;
  await adminPage.goto(`/admin/organizations/${world.organizationId}`);
  const link = await new AdminPages(adminPage).invite(email);
  const owner = await customerSession(browser, link, "Pat Owner");
  await owner.context.close();
  const { context, page } = await freshPage(browser);
  const impostor = await person({ email });
  await companySso(page, email);
  await idpLogin(page, impostor);
  await expect(page).toHaveURL(/\/sign-in\?error=OrgSsoLinkRequired/);
  await expect(alerts(page)).toContainText("Sign in with the password, then link");
  expect(await sessionOf(page)).toEqual({});
  // The owner's password still signs in to the account; the owner links the provider after the password.
  await signIn(page, email, "customer password 123");
  await expect(page).toHaveURL(/\/onboarding/);
  expect((await sessionOf(page)).user?.email).toBe(email);
  await page.goto("/account/security");
  const linkForm = page.getByRole("form", { name: `Link ${SSO_NAME}` });
  await linkForm.getByLabel("Your password").fill("customer password 123");
  await linkForm.getByRole("button", { name: `Link ${SSO_NAME}` }).click();
  const owner2 = await person({ email });
  await idpLogin(page, owner2);
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByRole("list", { name: "Linked sign-ins" })).toContainText(email);
  await context.close();
  // Now that identity signs in to the owner's account from another browser.
  const other = await freshPage(browser);
  await companySso(other.page, email);
  await idpLogin(other.page, owner2);
  await expect(other.page).toHaveURL(/\/onboarding/);
  expect((await sessionOf(other.page)).user?.email).toBe(email);
  await other.context.close();
});

test("a tampered state or nonce on the way back from the customer's provider signs nobody in", async ({ browser }) => {
  const grace = await person({ email: `grace@${domain}` });
  for (const tamper of [{ state: "forged-state" }, { nonce: "forged-nonce" }]) {
    await idpTamper(tamper);
    const { context, page } = await freshPage(browser);
    await companySso(page, grace.email);
    await idpLogin(page, grace);
    await expect(page).toHaveURL(/\/sign-in\?(.*&)?error=OAuthCallback/);
    await expect(alerts(page)).toContainText("could not be checked, so nobody was signed in");
    expect(await sessionOf(page)).toEqual({});
    await context.close();
  }
});

test("with the customer's provider down, sign-in says so and saving its settings says why", async ({ browser, adminPage }) => {
  await idpDown(true);
  const { context, page } = await freshPage(browser);
  await companySso(page, `grace@${domain}`);
  await expect(page).toHaveURL(/\/sign-in\?(.*&)?error=OAuthSignin/);
  await expect(alerts(page)).toContainText("could not be reached");
  expect(await sessionOf(page)).toEqual({});
  await context.close();
  await adminPage.goto(`/admin/organizations/${world.organizationId}`);
  await adminPage.getByRole("button", { name: "Edit single sign-on" }).click();
  const form = adminPage.getByRole("form", { name: "Edit single sign-on" });
  await form.getByLabel("Your password").fill(e2e.adminPassword);
  await form.getByRole("button", { name: "Save single sign-on" }).click();
  await expect(form.getByText(/could not be read: HTTP 503/)).toBeVisible();
});
