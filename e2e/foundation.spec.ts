import { customerSession, e2e, expect, test, unique } from "./fixtures";
import { signIn } from "./pages/customer";

test("admin invites a customer, who signs up and sees its organisation's External ID", async ({ admin, browser }) => {
  const orgName = unique("Acme");
  const orgId = await admin.createOrganization(orgName);
  const email = `${unique("casey")}@customer.test`;
  const link = await admin.invite(email);
  expect(link).toMatch(new RegExp(`^${e2e.baseURL}/invite/[A-Za-z0-9_-]{43}$`));
  const adminSees = await admin.externalIdOf(orgId);

  const { context, page, customer } = await customerSession(browser, link);
  await expect(page.getByText(orgName)).toBeVisible();
  const externalId = await customer.externalId();
  expect(externalId).toBe(adminSees);
  expect(externalId).toMatch(/^[\w+=,.@:/-]{2,1224}$/);
  await page.getByRole("button", { name: "Copy external id" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(externalId);

  // The invite is single use: opening it again says so and offers sign-in.
  await page.goto(link);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("already been used");

  // The member appears on the admin's page.
  await admin.page.goto(`/admin/organizations/${orgId}`);
  await expect(admin.page.getByRole("listitem").filter({ hasText: email }).first()).toBeVisible();
  await context.close();
});

test("a customer of one organisation cannot open another's pages", async ({ admin, browser }) => {
  const orgA = await admin.createOrganization(unique("Alpha"));
  const linkA = await admin.invite(`${unique("a")}@customer.test`);
  const externalIdA = await admin.externalIdOf(orgA);
  await admin.createOrganization(unique("Beta"));
  const linkB = await admin.invite(`${unique("b")}@customer.test`);

  const { context, page, customer } = await customerSession(browser, linkB);
  expect(await customer.externalId()).not.toBe(externalIdA);
  for (const path of [`/admin/organizations/${orgA}`, "/admin/organizations", "/admin"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/onboarding$/);
    await expect(page.getByText(externalIdA)).toHaveCount(0);
  }
  const html = await (await page.request.get(`/admin/organizations/${orgA}`)).text();
  expect(html).not.toContain(externalIdA);
  // Someone else's invite link does not let a signed-in customer in anywhere either.
  await page.goto(linkA);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Join");
  await context.close();
});

test("sign-in refuses a wrong password and an unknown e-mail with the same message", async ({ page }) => {
  await signIn(page, e2e.adminEmail, "not the password");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong e-mail or password.");
  await signIn(page, "nobody@partner.test", "not the password");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong e-mail or password.");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("signed-out visitors are sent to sign-in, and sign-out ends the session, copies of its cookie included", async ({ browser, page }) => {
  for (const path of ["/", "/onboarding", "/admin", "/admin/organizations"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/sign-in/);
  }
  const context = await browser.newContext({ baseURL: e2e.baseURL });
  const own = await context.newPage();
  await signIn(own, e2e.adminEmail, e2e.adminPassword);
  await expect(own).toHaveURL(/\/admin$/);
  // Someone copies the session cookie and keeps it fresh through next-auth's session endpoint.
  const thief = await browser.newContext({ baseURL: e2e.baseURL });
  await thief.addCookies(await context.cookies());
  const stolen = await thief.newPage();
  expect(((await (await stolen.request.get("/api/auth/session")).json()) as { user?: { email?: string } }).user?.email).toBe(e2e.adminEmail);
  await stolen.goto("/admin");
  await expect(stolen).toHaveURL(/\/admin$/);

  await own.getByRole("button", { name: "Sign out" }).click();
  await expect(own).toHaveURL(/\/sign-in/);
  await own.goto("/admin");
  await expect(own).toHaveURL(/\/sign-in/);
  await stolen.goto("/admin");
  await expect(stolen, "a copy of the signed-out session's cookie").toHaveURL(/\/sign-in/);
  // next-auth's own endpoint says nothing of it either, and does not renew it.
  const described = await stolen.request.get("/api/auth/session");
  expect(await described.json()).toEqual({});
  expect(described.headers()["set-cookie"] ?? "").toMatch(/next-auth\.session-token=;.*Max-Age=0/);
  await Promise.all([context.close(), thief.close()]);
});

test("changing the password ends the account's other sessions, a copied cookie included, and keeps this one", async ({ admin, browser }) => {
  await admin.createOrganization(unique("Sessions"));
  const email = `${unique("sam")}@customer.test`;
  const here = await customerSession(browser, await admin.invite(email));
  const copied = await here.context.cookies(); // what a thief would take from this browser
  const elsewhere = await browser.newContext({ baseURL: e2e.baseURL });
  const other = await elsewhere.newPage();
  await signIn(other, email, "customer password 123");
  await expect(other).toHaveURL(/\/onboarding$/);

  await here.page.goto("/account/password");
  await expect(here.page.getByText("This signs you out on every other device and browser; you stay signed in here.")).toBeVisible();
  await here.page.getByLabel("Current password").fill("customer password 123");
  await here.page.getByLabel("New password", { exact: true }).fill("a brand new password 42");
  await here.page.getByLabel("Confirm new password").fill("a brand new password 42");
  await here.page.getByRole("button", { name: "Change password" }).click();
  await expect(here.page).toHaveURL(/\/onboarding$/);
  await here.page.reload();
  await expect(here.page).toHaveURL(/\/onboarding$/);
  await expect(here.page.getByRole("textbox", { name: "External ID" })).toBeVisible();

  await other.goto("/onboarding");
  await expect(other).toHaveURL(/\/sign-in/);
  const thief = await browser.newContext({ baseURL: e2e.baseURL });
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await stolen.goto("/onboarding");
  await expect(stolen).toHaveURL(/\/sign-in/);
  expect(await (await stolen.request.get("/api/auth/session")).json()).toEqual({});
  expect(((await (await here.page.request.get("/api/auth/session")).json()) as { user?: { email?: string } }).user?.email).toBe(email);

  await signIn(other, email, "customer password 123");
  await expect(other.getByRole("main").getByRole("alert")).toHaveText("Wrong e-mail or password.");
  await signIn(other, email, "a brand new password 42");
  await expect(other).toHaveURL(/\/onboarding$/);
  for (const context of [here.context, elsewhere, thief]) await context.close();
});

test("bad invite and organisation input gets a clear message and changes nothing", async ({ admin, browser }) => {
  const page = admin.page;
  await page.goto("/admin/organizations");
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page.getByText("Enter the organisation's name.")).toBeVisible();
  await page.getByLabel("Organisation name").fill("x".repeat(101));
  await page.getByLabel("Organisation name").evaluate((el) => el.removeAttribute("maxlength"));
  await page.getByLabel("Organisation name").fill("x".repeat(101));
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page.getByText("Use at most 100 characters.")).toBeVisible();
  await expect(page.getByLabel("Organisation name")).toHaveValue("x".repeat(101));
  await expect(page.getByRole("link", { name: "x".repeat(101) })).toHaveCount(0);

  await admin.createOrganization(unique("Gamma"));
  await page.getByLabel("Member's e-mail").fill("not an e-mail");
  await page.getByRole("button", { name: "Create invite link" }).click();
  await expect(page.getByText("Enter a valid e-mail address")).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy invite link" })).toHaveCount(0);

  // An e-mail that already has an account cannot be invited again.
  const email = `${unique("dup")}@customer.test`;
  const link = await admin.invite(email);
  const { context } = await customerSession(browser, link);
  await page.getByLabel("Member's e-mail").fill(email.toUpperCase());
  await page.getByRole("button", { name: "Create invite link" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("An account with this e-mail already exists.");
  await context.close();
});

test("accepting an invite checks every field and keeps what was typed", async ({ admin, browser }) => {
  await admin.createOrganization(unique("Delta"));
  const link = await admin.invite(`${unique("d")}@customer.test`);
  const context = await browser.newContext({ baseURL: e2e.baseURL });
  const page = await context.newPage();
  await page.goto(link);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter your name.")).toBeVisible();
  await page.getByLabel("Your name").fill("Dana");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Confirm password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
  await expect(page.getByLabel("Your name")).toHaveValue("Dana");
  await page.getByLabel("Password", { exact: true }).fill("long enough password");
  await page.getByLabel("Confirm password").fill("a different password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("The two passwords do not match.")).toBeVisible();
  await expect(page).toHaveURL(link);
  await context.close();
});

test("a revoked invite link stops working", async ({ admin, browser }) => {
  await admin.createOrganization(unique("Epsilon"));
  const email = `${unique("e")}@customer.test`;
  const link = await admin.invite(email);
  await admin.page.getByRole("button", { name: `Revoke invite for ${email}` }).click();
  await expect(admin.page.getByRole("status").filter({ hasText: "Invite revoked" })).toBeVisible();
  const context = await browser.newContext({ baseURL: e2e.baseURL });
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("withdrawn");
  await page.goto(`${e2e.baseURL}/invite/not-a-real-token`);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("not valid");
  await context.close();
});

test("repeated wrong passwords pause sign-in from that browser, even with the right password", async ({ admin, browser }) => {
  await admin.createOrganization(unique("Zeta"));
  const email = `${unique("z")}@customer.test`;
  const link = await admin.invite(email);
  const { context } = await customerSession(browser, link);
  await context.close();
  const fresh = await browser.newContext({ baseURL: e2e.baseURL });
  const page = await fresh.newPage();
  // lib/auth/sign-in-limits.ts: 5 tries from one address, then a pause that grows.
  for (let i = 0; i < 5; i++) {
    await signIn(page, email, `wrong password ${i}`);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong e-mail or password.");
  }
  await signIn(page, email, "customer password 123");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Too many failed attempts. Wait a few minutes, then try again.");
  await expect(page).toHaveURL(/\/sign-in/);
  await fresh.close();
});
