import type { BrowserContext, Page } from "@playwright/test";
import { ADMIN_STATE, customerSession, e2e, expect, organizationSearch, test, unique } from "./fixtures";
import { AdminPages } from "./pages/admin";
import { partnerApi } from "./support/api-client";
import { newKey } from "./support/api-keys";
import { customerAccountId } from "./support/sandbox";

// Two organisations: the member belongs to "mine"; "theirs" has a connection the member must never see or touch.
const world = { mineId: "", theirsId: "", theirAccount: "", theirConnection: "", theirExternalId: "" };
let member: { context: BrowserContext; page: Page };

test.describe.configure({ mode: "serial" });
test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ baseURL: e2e.baseURL, storageState: ADMIN_STATE });
  const admin = new AdminPages(await context.newPage());
  world.theirsId = await admin.createOrganization(unique("Theirs"));
  const theirs = await customerSession(browser, await admin.invite(`${unique("t")}@theirs.test`));
  world.theirAccount = customerAccountId();
  // Added by the partner (a member's own paste is checked at once, and a draft until it verifies): pending, and listed.
  const api = await partnerApi((await newKey(context.request, "write", "theirs")).key);
  const added = await api.post<{ id: string }>(`/organizations/${world.theirsId}/connections`, { roleArn: `arn:aws:iam::${world.theirAccount}:role/Theirs` });
  expect(added.status).toBe(201);
  world.theirConnection = added.body.id;
  await api.dispose();
  world.theirExternalId = await admin.externalIdOf(world.theirsId);
  await theirs.context.close();
  world.mineId = await admin.createOrganization(unique("Mine"));
  const mine = await customerSession(browser, await admin.invite(`${unique("m")}@mine.test`));
  member = { context: mine.context, page: mine.page };
  await context.close();
});
test.afterAll(async () => member?.context.close());

test("a member is sent away from every admin page and sees none of its data", async () => {
  const { page } = member;
  for (const path of [
    "/admin",
    "/admin?days=3",
    "/admin/connections",
    `/admin/connections?q=${world.theirAccount}`,
    `/admin/connections/${world.theirConnection}`,
    "/admin/organizations",
    `/admin/organizations/${world.theirsId}`,
    "/admin/mail",
  ]) {
    const response = await page.request.get(path);
    const html = await response.text();
    expect(html, path).not.toContain(world.theirAccount);
    expect(html, path).not.toContain(world.theirExternalId);
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/onboarding$/);
  }
});

test("the CSV export answers 403 to a member and 401 to nobody", async ({ request }) => {
  const refused = await member.page.request.get(`/admin/connections/export?q=${world.theirAccount}`);
  expect(refused.status()).toBe(403);
  expect(await refused.text()).not.toContain(world.theirAccount);
  const anonymous = await request.get("/admin/connections/export");
  expect(anonymous.status()).toBe(401);
});

/**
 * Each admin action, called with a member's session: an admin's page is opened, its cookies are
 * swapped for the member's just before the click (as a member replaying the action would), and
 * afterwards, back as the admin, nothing has changed.
 */
test.describe("every admin action refuses a member and changes nothing", () => {
  let context: BrowserContext;
  let page: Page;
  let adminCookies: Awaited<ReturnType<BrowserContext["cookies"]>>;
  const asMember = async () => {
    await context.clearCookies();
    await context.addCookies(await member.context.cookies());
  };
  const asAdmin = async () => {
    await context.clearCookies();
    await context.addCookies(adminCookies);
  };
  const refusal = () => page.getByRole("main").getByRole("alert").filter({ hasText: "You are not allowed to do this." });

  test.beforeEach(async ({ browser }) => {
    context = await browser.newContext({ baseURL: e2e.baseURL, storageState: ADMIN_STATE });
    page = await context.newPage();
    adminCookies = await context.cookies();
  });
  test.afterEach(async () => context.close());

  test("rotate an External ID", async () => {
    await page.goto(`/admin/organizations/${world.theirsId}`);
    await page.getByRole("button", { name: "Rotate External ID" }).click();
    await page.getByLabel("Your password").fill(e2e.adminPassword);
    await asMember();
    await page.getByRole("button", { name: "Yes, issue a new External ID" }).click();
    await expect(refusal()).toBeVisible();
    await asAdmin();
    await page.reload();
    await expect(page.getByRole("textbox", { name: "External ID" })).toHaveValue(world.theirExternalId);
    await expect(page.getByRole("table", { name: "Issued External IDs" }).getByRole("row")).toHaveCount(2);
  });

  test("disconnect a connection", async () => {
    await page.goto(`/admin/connections/${world.theirConnection}`);
    await page.getByRole("button", { name: `Disconnect account ${world.theirAccount}` }).click();
    await asMember();
    await page.getByRole("button", { name: "Yes, disconnect" }).click();
    await expect(refusal()).toBeVisible();
    await asAdmin();
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("pending");
  });

  test("start a bulk re-verification", async () => {
    await page.goto(`/admin/connections?q=${world.theirAccount}`);
    await page.getByRole("checkbox", { name: `Select account ${world.theirAccount}` }).check();
    await asMember();
    await page.getByRole("button", { name: "Re-verify selected" }).click();
    await expect(refusal()).toBeVisible();
    await expect(page).toHaveURL(/\/admin\/connections/);
  });

  test("create an organisation, invite a member, revoke an invite", async () => {
    const name = unique("Sneaky");
    await page.goto("/admin/organizations");
    await page.getByLabel("Organisation name").fill(name);
    await asMember();
    await page.getByRole("button", { name: "Create organisation" }).click();
    await expect(refusal()).toBeVisible();

    await asAdmin();
    await page.goto(`/admin/organizations/${world.theirsId}`);
    const pending = `${unique("p")}@theirs.test`;
    await new AdminPages(page).invite(pending);
    await page.getByLabel("Member's e-mail").fill(`${unique("x")}@theirs.test`);
    await asMember();
    await page.getByRole("button", { name: "Create invite link" }).click();
    await expect(refusal()).toBeVisible();
    await page.getByRole("button", { name: `Revoke invite for ${pending}` }).click();
    await expect(refusal()).toHaveCount(2); // the invite form's refusal, and now the invite list's

    await asAdmin();
    await page.goto(organizationSearch(name));
    await expect(page.getByRole("link", { name })).toHaveCount(0);
    await page.goto(`/admin/organizations/${world.theirsId}`);
    await expect(page.getByRole("listitem").filter({ hasText: pending })).toContainText("pending");
    await expect(page.getByRole("listitem").filter({ hasText: "@theirs.test" }).filter({ hasText: "pending" })).toHaveCount(1);
  });

  test("re-verify another organisation's connection", async () => {
    await page.goto(`/admin/connections/${world.theirConnection}`);
    await asMember();
    await page.getByRole("button", { name: "Re-verify", exact: true }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Connection not found.");
    await asAdmin();
    await page.reload();
    await expect(page.getByText("Never verified.")).toBeVisible();
  });
});
