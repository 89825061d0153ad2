import { customerSession, expect, test, unique } from "./fixtures";

// Mail without an SMTP server (the e2e server has no SMTP_URL): what would have been sent is kept
// in the outbox and read by admins at /admin/mail, exactly as it would arrive.

test("an admin invites by e-mail, reads the invite under Mail, and its link signs the customer up", async ({ admin, adminPage, browser }) => {
  test.setTimeout(90_000);
  const orgName = `${unique("Mailed")} <b>& Co</b>`;
  await admin.createOrganization(orgName);
  const email = `${unique("mailed")}@customer.test`;
  const copied = await admin.invite(email);
  await expect(adminPage.getByRole("status").filter({ hasText: "kept under Mail" })).toBeVisible();

  await adminPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Mail", exact: true }).click();
  await expect(adminPage.getByRole("heading", { level: 1, name: "Mail" })).toBeVisible();
  await expect(adminPage.getByText("No SMTP server configured")).toBeVisible();
  const row = adminPage.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText("Invite");
  await expect(row).toContainText("kept (not sent)");
  await row.getByRole("link", { name: /You are invited/ }).click();

  await expect(adminPage.getByRole("heading", { level: 1 })).toHaveText(`You are invited to connect ${orgName}'s AWS accounts to Rolegate`);
  await expect(adminPage.getByText(`To ${email}`)).toBeVisible();
  const link = adminPage.getByRole("link", { name: copied, exact: true });
  await expect(link).toHaveAttribute("href", copied);
  // The HTML part, in a frame that runs no scripts; the organisation's name shows as the text it is.
  const frameElement = adminPage.locator('iframe[title="The message as HTML"]');
  await expect(frameElement).toHaveAttribute("sandbox", "allow-popups allow-popups-to-escape-sandbox");
  const frame = adminPage.frameLocator('iframe[title="The message as HTML"]');
  await expect(frame.getByRole("link", { name: "Accept the invite" })).toHaveAttribute("href", copied);
  await expect(frame.getByText(orgName).first()).toBeVisible();
  await expect(frame.locator("b")).toHaveCount(0);
  await expect(adminPage.locator("pre")).toContainText(`Accept the invite: ${copied}`);

  // Following the link from the message signs the customer up.
  const href = (await link.getAttribute("href"))!;
  const customer = await customerSession(browser, href, "Mailed Customer");
  await customer.context.close();
  await adminPage.reload();
  await expect(adminPage.getByText(`To ${email}`)).toBeVisible();
});

test("a member sets which e-mails it gets", async ({ admin, browser }) => {
  await admin.createOrganization(unique("Prefs"));
  const { context, page } = await customerSession(browser, await admin.invite(`${unique("prefs")}@customer.test`));
  await page.goto("/account/notifications");
  const status = page.getByRole("checkbox", { name: "Connection status changes" });
  await expect(status).toBeChecked();
  await status.uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your e-mail choices are saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Connection status changes" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "External ID rotations" })).toBeChecked();
  await context.close();
});
